internal import ZKStorage
internal import ZKToolSupport

/// `org.apache.zookeeper.server.SnapshotFormatter` (ZooKeeper 3.8.0 on OpenJDK 17):
/// validate, load, print; exit 0, or 2 for usage and validation errors, or 1 where Java dies
/// with an exception (then one line on stderr instead of a stack trace).
struct Formatter {
    let out: OutputSink
    let err: ErrorOutput
    let charset: JavaPlatformCharset

    static let tool = "zk-snapshot-formatter"

    /// One line for a load error: the file, the problem, where, and the exception Java dies with.
    static func describe(_ error: ZKStorageError, file: String) -> String {
        var detail = error.detail
        var whereText = "byte offset"
        let compressed = " (compressed offset)"
        if detail.hasSuffix(compressed) {
            detail.removeLast(compressed.count)
            whereText = "compressed byte offset"
        }
        return OneLineError.text(
            tool: tool,
            file: file,
            problem: detail,
            location: error.offset.map { "\(whereText) \($0)" },
            javaException: error.javaException?.description
        )
    }

    func run(_ arguments: [[UInt8]]) -> Int32 {
        guard let invocation = Invocation(arguments: arguments) else {
            for line in Invocation.usage { err.line(Array(line.utf8)) }
            return 2
        }
        let file = SnapshotFileArgument(argument: invocation.file, charset: charset)
        if let message = file.validationError() {
            err.line(message.withUnsafeBytes { charset.encode($0) })
            return 2
        }
        if invocation.dumpData && invocation.dumpJSON {
            err.line(Array("Cannot specify both data dump (-d) and json mode (-json) in same call".utf8))
            return 2
        }
        let displayName = String(decoding: invocation.file, as: UTF8.self)
        let mode: OutputMode = invocation.dumpJSON ? .json : (invocation.dumpData ? .data : .text)
        let loaded: SnapshotLoader.Result
        do {
            loaded = try SnapshotLoader(path: file.pathString, displayName: displayName, mode: mode).load()
        } catch {
            err.diagnostic(Self.describe(error, file: displayName))
            return 1
        }
        let tree = loaded.tree
        do {
            try tree.setupQuota()
        } catch {
            let path = String(decoding: error.limitsPath, as: UTF8.self)
            err.diagnostic(
                OneLineError.text(
                    tool: Self.tool,
                    file: displayName,
                    problem: "the quota node \"\(path)\" (in the node records ending at byte offset "
                        + "\(loaded.terminatorOffset)) limits the empty path, where PathTrie.addPath fails",
                    javaException: "java.lang.IllegalArgumentException: Invalid path: "
                )
            )
            return 1
        }
        var status: Int32 = 0
        if mode == .json {
            var printer = JSONPrinter(tree: tree, out: out, err: err, charset: charset)
            printer.print()
        } else {
            var printer = TextPrinter(
                tree: tree,
                mappedPages: loaded.tree.readsDataInPlace ? loaded.pages : nil,
                out: out,
                charset: charset,
                dates: JavaDateFormatter(zone: JavaTimeZone.systemDefault()),
                dumpData: mode == .data
            )
            do {
                let zxid = try printer.printNodes()
                printer.printSessions()
                out.reserve(64)
                out.put("----\nLast zxid: 0x")
                out.putHex(max(file.fileNameZxid, zxid))
                out.put(UInt8(ascii: "\n"))
            } catch {
                let path = String(decoding: error.path, as: UTF8.self)
                err.diagnostic(
                    OneLineError.text(
                        tool: Self.tool,
                        file: displayName,
                        problem: "node \"\(path)\" is listed as a child but is not in the tree loaded from the "
                            + "node records ending at byte offset \(loaded.terminatorOffset)",
                        javaException:
                            "java.lang.NullPointerException: Cannot enter synchronized block because \"n\" is null"
                    )
                )
                status = 1
            }
        }
        out.flush()
        // A failed run says one thing only: its error.
        if status == 0, let warning = loaded.warning {
            err.diagnostic("\(Self.tool): warning: \(warning)")
        }
        return status
    }
}

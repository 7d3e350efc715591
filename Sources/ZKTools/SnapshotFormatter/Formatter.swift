internal import ZKStorage
public import ZKToolSupport

/// `org.apache.zookeeper.server.SnapshotFormatter` (ZooKeeper 3.8.0 on OpenJDK 17),
/// `zk-snapshot-formatter [-d|-json] snapshot_file`: validate, load, print; exit 0, or 2 for
/// usage and validation errors, or 1 where Java dies with an exception (then one line on stderr
/// instead of a stack trace).
public enum SnapshotFormatterTool: Tool {
    public static let name = "zk-snapshot-formatter"

    public static func run(arguments: [[UInt8]], io: ToolIO) -> Int32 {
        // `--help` alone, with no file of that name: Java's usage and our additions.
        if arguments == [Array("--help".utf8)] && !JavaFile("--help", charset: io.charset).exists {
            for line in Invocation.usage { io.err.line(line) }
            io.err.appendJavaString(
                ToolHelp.additions(
                    tool: name,
                    javaTool: "SnapshotFormatter",
                    ToolHelp.common(tool: name) + [
                        "A warning when the snapshot's Adler-32 seals do not verify (Java does not check them)."
                    ]
                )
            )
            io.err.flush()
            return ExitCode.invalidInvocation.rawValue
        }
        guard let invocation = Invocation(arguments: arguments) else {
            for line in Invocation.usage { io.err.line(line) }
            return ExitCode.invalidInvocation.rawValue
        }
        let file = JavaFile(argument: invocation.file, charset: io.charset)
        if let message = file.validationError {
            io.err.line(message)
            return ExitCode.invalidInvocation.rawValue
        }
        if invocation.dumpData && invocation.dumpJSON {
            io.err.line("Cannot specify both data dump (-d) and json mode (-json) in same call")
            return ExitCode.invalidInvocation.rawValue
        }
        let displayName = io.charset.decodeArgument(invocation.file)
        let mode: OutputMode = invocation.dumpJSON ? .json : (invocation.dumpData ? .data : .text)
        let loaded: SnapshotLoader.Result
        do {
            loaded = try SnapshotLoader(path: file.path, pathBytes: file.bytes, displayName: displayName, mode: mode)
                .load()
        } catch {
            return io.fail(ToolError(error, file: displayName), tool: name)
        }
        let tree = loaded.tree
        do {
            try tree.setupQuota()
        } catch {
            let path = String(decoding: error.limitsPath, as: UTF8.self)
            return io.fail(
                ToolError(
                    file: displayName,
                    problem: "the quota node \"\(path)\" (in the node records ending at byte offset "
                        + "\(loaded.terminatorOffset)) limits the empty path, where PathTrie.addPath fails",
                    javaException: "java.lang.IllegalArgumentException: Invalid path: "
                ),
                tool: name
            )
        }
        let out = io.out
        if mode == .json {
            var printer = JSONPrinter(tree: tree, out: out, err: io.err, charset: io.charset)
            printer.print()
        } else {
            var printer = TextPrinter(
                tree: tree,
                mappedPages: loaded.tree.readsDataInPlace ? loaded.pages : nil,
                out: out,
                charset: io.charset,
                dates: JavaDateCache(zone: JavaTimeZone.systemDefault()),
                dumpData: mode == .data
            )
            do {
                let zxid = try printer.printNodes()
                printer.printSessions()
                out.reserve(64)
                out.put("----\nLast zxid: 0x")
                out.putHex(max(file.snapshotNameZxid, zxid))
                out.put(UInt8(ascii: "\n"))
            } catch {
                let path = String(decoding: error.path, as: UTF8.self)
                return io.fail(
                    ToolError(
                        file: displayName,
                        problem: "node \"\(path)\" is listed as a child but is not in the tree loaded from the "
                            + "node records ending at byte offset \(loaded.terminatorOffset)",
                        javaException:
                            "java.lang.NullPointerException: Cannot enter synchronized block because \"n\" is null"
                    ),
                    tool: name
                )
            }
        }
        out.flush()
        // One warning line for whatever Java passes over.
        let warnings = [loaded.warning, out.writeProblem].compactMap { $0 }
        if !warnings.isEmpty {
            io.warning(warnings.joined(separator: "; "), tool: name)
        }
        return ExitCode.finished.rawValue
    }
}

internal import ArgumentParser
internal import ZKStorage
internal import ZKToolSupport

/// `zkdata history PATH [DIR]`: the life of one znode across a data dir's logs: its create,
/// every setData and setACL, its delete or its removal by a closeSession (an ephemeral whose
/// session closed or expired), as `txn` records or text, each with its session's createSession
/// time and timeout.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every txn that created, changed or deleted a znode.",
        discussion: """
            Each record adds session_created, session_created_ms and session_timeout: the \
            createSession of the txn's session, when the logs hold it (null otherwise).
            Example (who deleted /brokers/ids/3, and when?):
              zkdata history /brokers/ids/3 /var/lib/zookeeper | jq -c 'select(.op == "delete" or .op == "closeSession")'
            """
    )

    @Argument(help: "The znode's path.")
    var path: String

    @Argument(help: "A version-2 directory or the data dir holding it (default: the current directory).")
    var dir: String?

    @OptionGroup var dataDir: DataDirOptions

    @Flag(help: "Also the txns on the node's descendants.")
    var subtree = false

    @Option(help: "text, or ndjson (the default when stdout is not a terminal).")
    var format: OutputFormat?

    @Option(
        name: .customLong("data"),
        help: "Node data in records: b64 only (the default), or also \"utf8\" when it is valid UTF-8 (utf8, auto)."
    )
    var dataMode: DataMode = .b64

    func validate() throws {
        guard path.hasPrefix("/") else { throw ValidationError("PATH must start with /") }
        let format = format ?? OutputFormat.recordDefault
        guard format == .text || format == .ndjson else { throw ValidationError("--format must be text or ndjson") }
    }

    func run() throws {
        try runVerb {
            var filter = TxnFilter()
            let node = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            if subtree { filter.prefix = Array(node.utf8) } else { filter.path = Array(node.utf8) }
            let files = try dataDir.contents(dir: dir).logs.map { $0.path }
            var printer = LogPrinter(
                filter: filter,
                format: format ?? OutputFormat.recordDefault,
                utf8Data: dataMode != .b64
            )
            printer.sessions = SessionBook()
            return printer.print(files)
        }
    }
}

/// The createSession of every session met in the logs so far: its time and timeout.
final class SessionBook {
    private var created: [Int64: (time: Int64, timeout: Int32)] = [:]

    /// Notes `entry` when it is a createSession.
    func note(_ entry: TxnLogEntry) {
        guard let header = entry.header, header.type == OpCode.createSession else { return }
        var timeout = SessionTimeout()
        guard (try? entry.visit(&timeout)) != nil, let ms = timeout.value else { return }
        created[header.clientId] = (header.time, ms)
    }

    /// `"session_created":…,"session_created_ms":…,"session_timeout":…` (null when unknown).
    func describe(_ session: Int64, to out: inout JSONWriter) {
        let known = created[session]
        out.key("session_created")
        if let known { out.time(millis: known.time) } else { out.null() }
        out.key("session_created_ms")
        if let known { out.int(known.time) } else { out.null() }
        out.key("session_timeout")
        if let known { out.int(known.timeout) } else { out.null() }
    }

    /// ` (session created <time>, timeout <ms> ms)` for text lines.
    func describe(_ session: Int64, to out: inout [UInt8]) {
        guard let known = created[session] else {
            out.append(contentsOf: Array(" (session created before these logs)".utf8))
            return
        }
        out.append(contentsOf: Array(" (session created ".utf8))
        ISOTime.append(millis: known.time, to: &out)
        out.append(contentsOf: Array(", timeout \(known.timeout) ms)".utf8))
    }
}

/// Reads a createSession's timeout.
struct SessionTimeout: TxnVisitor {
    var value: Int32?

    mutating func visitTimeout(_ timeout: Int32) { value = timeout }
}

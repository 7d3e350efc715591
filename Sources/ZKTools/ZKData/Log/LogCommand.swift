internal import ArgumentParser
internal import ZKStorage
internal import ZKToolSupport

/// `zkdata log [PATH…]`: every txn of the given logs, in zxid order, as `txn` records (NDJSON)
/// or one readable line each; filters; `--stats`. Damage becomes an `error` record in the stream
/// and exit code 1; unreadable input exit code 2.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print the txns of txn logs as records or readable lines.",
        discussion: """
            PATH is a log file, a version-2 directory or the data dir holding it (default: the \
            current directory, or --config's dataLogDir). Filters combine: --op matches a multi \
            when any sub-op has the op; --path and --prefix match a multi's sub-ops and a \
            closeSession's ephemerals. --zxid A..B, --since and --until are inclusive.
            Examples:
              zkdata log /var/lib/zookeeper --path /brokers/ids/3 --op delete,closeSession
              zkdata log DIR | jq -c 'select(.op == "delete") | {zxid, session, path}'
            """
    )

    @Argument(help: "Log files, version-2 directories or data dirs.")
    var paths: [String] = []

    @OptionGroup var dataDir: DataDirOptions
    @OptionGroup var selection: TxnSelectionOptions

    @Option(help: "text, or ndjson (the default when stdout is not a terminal).")
    var format: OutputFormat?

    @Option(
        name: .customLong("data"),
        help: "Node data in records: b64 only (the default), or also \"utf8\" when it is valid UTF-8 (utf8, auto)."
    )
    var dataMode: DataMode = .b64

    @Flag(help: "Print counts per op, top paths and sessions, bytes and the zxid and time span instead.")
    var stats = false

    @Option(help: "How many paths and sessions --stats lists.")
    var top = 10

    @Flag(help: "Keep reading a live server's newest log, and the logs it rolls to, printing txns as they are written.")
    var follow = false

    func validate() throws {
        let format = format ?? OutputFormat.recordDefault
        guard format == .text || format == .ndjson || (stats && format == .json) else {
            throw ValidationError("--format must be text or ndjson (or json with --stats)")
        }
        _ = try selection.filter()
        guard top > 0 else { throw ValidationError("--top must be positive") }
        guard !(follow && stats) else { throw ValidationError("--follow and --stats exclude each other") }
        guard !follow || paths.count <= 1 else { throw ValidationError("--follow takes one directory") }
    }

    func run() throws {
        try runVerb {
            let filter = try selection.filter()
            let files = try LogScan.files(paths, options: dataDir)
            let format = format ?? OutputFormat.recordDefault
            if stats {
                var summary = LogStats(filter: filter)
                let status = summary.read(files)
                summary.write(format: format, top: top)
                return status
            }
            var printer = LogPrinter(filter: filter, format: format, utf8Data: dataMode != .b64)
            if follow {
                let follower = LogFollow { () throws(ZKDataError) in try LogScan.files(paths, options: dataDir) }
                return try follower.run(&printer)
            }
            return printer.print(files)
        }
    }
}

/// `--data`: whether records add `"utf8"` beside `"b64"` (shared/docs/zkdata-spec.md: only when
/// `--data utf8|auto` is given; the default is `b64`).
enum DataMode: String, ExpressibleByArgument, CaseIterable {
    case b64, utf8, auto
}

/// The filters `log` and `history` share.
struct TxnSelectionOptions: ParsableArguments {
    @Option(help: "Only txns on this node (incl. multi sub-ops and closeSession's ephemerals).")
    var path: String?

    @Option(help: "Only txns on this node or below it.")
    var prefix: String?

    @Option(help: "Only txns of this session (hex 0x… or decimal).")
    var session: String?

    @Option(help: "Only these ops, comma-separated (names as TxnLogToolkit prints them: create, createTtl, …).")
    var op: String?

    @Option(help: "Only zxids in A..B (either end optional; hex 0x… or decimal).")
    var zxid: String?

    @Option(help: "Only txns at or after this time (ISO-8601 or epoch ms).")
    var since: String?

    @Option(help: "Only txns at or before this time (ISO-8601 or epoch ms).")
    var until: String?

    init() {}

    func filter() throws(ValidationError) -> TxnFilter {
        var f = TxnFilter()
        if let path {
            guard path.hasPrefix("/") else { throw ValidationError("--path must start with /") }
            f.path = Array(path.utf8)
        }
        if let prefix {
            guard prefix.hasPrefix("/") else { throw ValidationError("--prefix must start with /") }
            f.prefix = prefix.count > 1 && prefix.hasSuffix("/") ? Array(prefix.dropLast().utf8) : Array(prefix.utf8)
        }
        if let session {
            guard let id = Self.number(session) else {
                throw ValidationError("--session: not a session id: \(session)")
            }
            f.session = id
        }
        if let op {
            var codes = Set<Int32>()
            for name in op.split(separator: ",") {
                guard let code = OpCode.code(named: String(name)) else {
                    throw ValidationError("--op: unknown op \(name) (names as TxnLogToolkit prints them)")
                }
                codes.insert(code)
            }
            f.ops = codes
        }
        if let zxid {
            let parts = zxid.split(separator: "..", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 || (parts.count == 1 && !zxid.contains("..")) else {
                throw ValidationError("--zxid: expected A..B, A.. or ..B")
            }
            let from = parts[0]
            let to = parts.count == 2 ? parts[1] : parts[0]
            if !from.isEmpty {
                guard let v = Self.number(from) else { throw ValidationError("--zxid: not a zxid: \(from)") }
                f.zxidFrom = v
            }
            if !to.isEmpty {
                guard let v = Self.number(to) else { throw ValidationError("--zxid: not a zxid: \(to)") }
                f.zxidTo = v
            }
        }
        if let since {
            guard let t = ISOTime.parse(since) else { throw ValidationError("--since: not a time: \(since)") }
            f.since = t
        }
        if let until {
            guard let t = ISOTime.parse(until) else { throw ValidationError("--until: not a time: \(until)") }
            f.until = t
        }
        return f
    }

    /// `0x…` hex (up to 64 bits, as Java prints ids) or a decimal long.
    static func number(_ text: String) -> Int64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            return UInt64(text.dropFirst(2), radix: 16).map { Int64(bitPattern: $0) }
        }
        return Int64(text)
    }
}

/// Writes the records or lines of `log` to stdout, one txn at a time through ``TxnDecoder``:
/// a header filter first, then the paths when the filter needs them, then the record.
struct LogPrinter {
    let filter: TxnFilter
    let format: OutputFormat
    var json: TxnJSONRecord
    var text = TxnTextLine()
    private var match: TxnPathMatch
    private var fileNames: [[UInt8]] = []
    private(set) var status = ZKDataExit.clean
    /// Writes the JSON records during ``print(_:)``.
    private var background: BackgroundOutput?
    /// The rendered bytes at which they are written out.
    static let chunk = 1 << 20
    /// `history`: each record also names its session's createSession time and timeout.
    var sessions: SessionBook?

    init(filter: TxnFilter, format: OutputFormat, utf8Data: Bool) {
        self.filter = filter
        self.format = format
        json = TxnJSONRecord(utf8Data: utf8Data)
        match = TxnPathMatch(filter: filter)
    }

    /// Reads `files`; returns the exit status (0, 1 damage, 2 unreadable).
    mutating func print(_ files: [String]) -> Int32 {
        let first = fileNames.count
        fileNames += files.map { Array($0.utf8) }
        // Records are written on the second core while the next ones are rendered.
        let background = format == .text ? nil : BackgroundOutput(target: Console.out, capacity: Self.chunk)
        if let background {
            flush()
            json.out = JSONWriter(buffer: background.makeBuffer())
        }
        self.background = background
        defer {
            flush()
            background?.finish()
            self.background = nil
        }
        LogScan.read(files) { entry, index in
            self.write(entry, file: first + index)
        } damage: { problem in
            self.write(problem)
        }
        return status
    }

    /// The index of `path` among the files records name.
    mutating func register(_ path: String) -> Int {
        let bytes = Array(path.utf8)
        if let index = fileNames.lastIndex(of: bytes) { return index }
        fileNames.append(bytes)
        return fileNames.count - 1
    }

    /// Whether `entry` passes the filter (reading only what the filter needs).
    mutating func selects(_ entry: TxnLogEntry) -> Bool {
        guard let header = entry.header else { return true }  // too short: the decoder reports it
        switch filter.matches(header: header) {
        case .yes: return true
        case .no: return false
        case .maybe:
            if let verdict = TxnPathMatch.verdict(filter, leadingPathOf: entry.payload, type: header.type) {
                return verdict
            }
            do {
                try entry.visit(&match)
            } catch {
                return true  // damaged: let the full decode report it
            }
            return match.matched
        }
    }

    mutating func write(_ entry: TxnLogEntry, file index: Int) {
        sessions?.note(entry)
        guard selects(entry) else { return }
        do throws(ZKStorageError) {
            if format == .text {
                let mark = text.out.count
                do throws(ZKStorageError) {
                    try entry.visit(&text)
                } catch {
                    text.out.removeSubrange(mark...)
                    throw error
                }
                if let sessions, let header = entry.header { sessions.describe(header.clientId, to: &text.out) }
                text.endLine()
            } else {
                let mark = json.out.count
                do throws(ZKStorageError) {
                    try entry.visit(&json)
                } catch {
                    json.out.truncate(to: mark)
                    throw error
                }
                fileNames[index].withUnsafeBytes { json.finish(file: $0, offset: entry.offset) }
                if let sessions, let header = entry.header { sessions.describe(header.clientId, to: &json.out) }
                json.endLine()
            }
        } catch {
            write(LogDamage(error, file: String(decoding: fileNames[index], as: UTF8.self), offset: entry.offset))
            return
        }
        flushIfFull()
    }

    mutating func write(_ problem: LogDamage) {
        status = max(status, problem.isTrouble ? ZKDataExit.trouble : ZKDataExit.findings)
        if format == .text {
            // The damage in the text stream too (as `# error`), and on stderr.
            text.out.append(
                contentsOf: Array("# error \(problem.code) \(problem.file) offset \(problem.offset): ".utf8)
            )
            text.out.append(contentsOf: Array(ToolError.escapingControls(problem.detail).utf8))
            text.endLine()
        } else {
            json.out.beginObject()
            json.out.member("kind", "error" as StaticString)
            json.out.member("file", problem.file)
            json.out.member("offset", problem.offset)
            json.out.member("code", problem.code)
            json.out.member("detail", problem.detail)
            json.out.endObject()
            json.out.endLine()
        }
        Console.errorLine(
            "zkdata log: \(problem.file): \(ToolError.escapingControls(problem.detail)) "
                + "at byte offset \(problem.offset) (\(problem.code))"
        )
    }

    mutating func flushIfFull() {
        if json.out.count >= Self.chunk || text.out.count >= Self.chunk { flush() }
    }

    /// Writes the rendered records to stdout straight from their buffers.
    mutating func flush() {
        if json.out.count > 0 {
            if let background {
                json.out.buffer = background.submit(json.out.buffer)
            } else {
                json.out.withBytes { Console.out.writeThrough($0) }
            }
            json.out.truncate(to: 0)
        }
        if !text.out.isEmpty {
            text.out.withUnsafeBytes { Console.out.writeThrough($0) }
            text.out.removeAll(keepingCapacity: true)
        }
    }
}

internal import ZKStorage
internal import ZKToolSupport

/// `log --stats`: what the selected txns did, in totals: txns and payload bytes per op, the
/// paths written most often and with the most data, the busiest sessions, the zxid and time
/// span. Damage is counted and reported on stderr (exit 1).
struct LogStats {
    let filter: TxnFilter
    private var printer: LogPrinter
    private var paths = PathTally()
    private(set) var txns = 0
    private(set) var bytes = 0
    private var perOp: [Int32: (txns: Int, bytes: Int)] = [:]
    private var sessions: [Int64: Int] = [:]
    private var firstZxid: Int64?
    private var lastZxid: Int64?
    private var firstTime: Int64?
    private var lastTime: Int64?
    private(set) var errors = 0

    init(filter: TxnFilter) {
        self.filter = filter
        printer = LogPrinter(filter: filter, format: .ndjson, utf8Data: false)
    }

    /// Reads `files`; returns the exit status.
    mutating func read(_ files: [String]) -> Int32 {
        var status = ZKDataExit.clean
        LogScan.read(files) { entry, _ in
            guard self.printer.selects(entry), let header = entry.header else { return }
            var tally = self.paths
            self.paths = PathTally()
            do throws(ZKStorageError) {
                try entry.visit(&tally)
            } catch {
                self.paths = tally
                self.errors += 1
                status = max(status, ZKDataExit.findings)
                Console.errorLine("zkdata log: \(error.description) (txn at offset \(entry.offset))")
                return
            }
            self.paths = tally
            self.count(header, bytes: entry.payload.count)
        } damage: { problem in
            self.errors += 1
            status = max(status, problem.isTrouble ? ZKDataExit.trouble : ZKDataExit.findings)
            Console.errorLine(
                "zkdata log: \(problem.file): \(ToolError.escapingControls(problem.detail)) "
                    + "at byte offset \(problem.offset) (\(problem.code))"
            )
        }
        return status
    }

    private mutating func count(_ h: TxnHeader, bytes size: Int) {
        txns += 1
        bytes += size
        perOp[h.type, default: (0, 0)].txns += 1
        perOp[h.type, default: (0, 0)].bytes += size
        sessions[h.clientId, default: 0] += 1
        firstZxid = firstZxid ?? h.zxid
        lastZxid = h.zxid
        firstTime = min(firstTime ?? h.time, h.time)
        lastTime = max(lastTime ?? h.time, h.time)
    }

    func write(format: OutputFormat, top: Int) {
        let ops = perOp.sorted { ($1.value.txns, $0.key) < ($0.value.txns, $1.key) }
        let byWrites = paths.top(top, by: \.writes)
        let byBytes = paths.top(top, by: \.bytes)
        let busiest = sessions.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(top)
        if format == .json {
            var w = JSONWriter()
            w.beginObject()
            w.member("txns", txns)
            w.member("bytes", bytes)
            w.member("errors", errors)
            w.key("zxid")
            span(&w, firstZxid, lastZxid) { $0.hex($1) }
            w.key("time")
            span(&w, firstTime, lastTime) { $0.time(millis: $1) }
            w.key("ops")
            w.beginArray()
            for (op, n) in ops {
                w.beginObject()
                w.member("op", OpCode.name(op))
                w.member("txns", n.txns)
                w.member("bytes", n.bytes)
                w.endObject()
            }
            w.endArray()
            w.key("paths_by_writes")
            paths.write(byWrites, key: "writes", value: \.writes, to: &w)
            w.key("paths_by_bytes")
            paths.write(byBytes, key: "bytes", value: \.bytes, to: &w)
            w.key("sessions")
            w.beginArray()
            for (session, n) in busiest {
                w.beginObject()
                w.member("session", hex: session)
                w.member("txns", n)
                w.endObject()
            }
            w.endArray()
            w.endObject()
            w.endLine()
            Console.out.write(w.bytes)
            return
        }
        var lines: [String] = []
        let zxids = firstZxid.map { "0x\(String(UInt64(bitPattern: $0), radix: 16))" } ?? "-"
        let lastZxids = lastZxid.map { "0x\(String(UInt64(bitPattern: $0), radix: 16))" } ?? "-"
        let from = firstTime.map { ISOTime.string(millis: $0) } ?? "-"
        let to = lastTime.map { ISOTime.string(millis: $0) } ?? "-"
        lines.append("txns \(txns)  bytes \(bytes)  errors \(errors)")
        lines.append("zxid \(zxids) .. \(lastZxids)  time \(from) .. \(to)")
        lines.append("")
        lines.append(Self.row("op", "txns", "bytes"))
        for (op, n) in ops { lines.append(Self.row(OpCode.name(op), String(n.txns), String(n.bytes))) }
        lines.append("")
        lines.append("top paths by writes")
        for (path, n) in byWrites { lines.append("\(Self.pad(String(n.writes), 10))  \(path)") }
        lines.append("")
        lines.append("top paths by bytes written")
        for (path, n) in byBytes { lines.append("\(Self.pad(String(n.bytes), 10))  \(path)") }
        lines.append("")
        lines.append("top sessions by txns")
        for (session, n) in busiest {
            lines.append("\(Self.pad(String(n), 10))  0x\(String(UInt64(bitPattern: session), radix: 16))")
        }
        Console.out.write(lines.joined(separator: "\n") + "\n")
    }

    private func span(_ w: inout JSONWriter, _ a: Int64?, _ b: Int64?, _ value: (inout JSONWriter, Int64) -> Void) {
        guard let a, let b else { return w.null() }
        w.beginObject()
        w.key("first")
        value(&w, a)
        w.key("last")
        value(&w, b)
        w.endObject()
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private static func row(_ a: String, _ b: String, _ c: String) -> String {
        a + String(repeating: " ", count: max(1, 20 - a.count)) + pad(b, 10) + pad(c, 14)
    }
}

/// Writes and data bytes per path, from every path a txn touches (a multi's sub-ops and a
/// closeSession's ephemerals included).
struct PathTally: TxnVisitor {
    struct Count {
        var writes = 0
        var bytes = 0
    }

    private(set) var counts: [[UInt8]: Count] = [:]
    private var current: [UInt8]?

    mutating func visitRecord(_ record: TxnRecordType) { current = nil }

    mutating func visitPath(_ path: UnsafeRawBufferPointer?) {
        guard let path else { return }
        let key = Array(path)
        counts[key, default: Count()].writes += 1
        current = key
    }

    mutating func visitData(_ data: UnsafeRawBufferPointer?) {
        guard let current, let data else { return }
        counts[current, default: Count()].bytes += data.count
    }

    mutating func visitPaths(_ paths: JuteStringList?) {
        for path in paths ?? .empty {
            if let path { counts[Array(path), default: Count()].writes += 1 }
        }
    }

    mutating func visitSubTxn(type: Int32, data: UnsafeRawBufferPointer?) -> Bool { true }
    mutating func visitUnknown(type: Int32, bytes: UnsafeRawBufferPointer) -> Bool { true }

    func top(_ n: Int, by value: KeyPath<Count, Int>) -> [(String, Count)] {
        counts.sorted { a, b in
            a.value[keyPath: value] != b.value[keyPath: value]
                ? a.value[keyPath: value] > b.value[keyPath: value]
                : a.key.lexicographicallyPrecedes(b.key)
        }.prefix(n).map { (String(decoding: $0.key, as: UTF8.self), $0.value) }
    }

    func write(_ rows: [(String, Count)], key: StaticString, value: KeyPath<Count, Int>, to w: inout JSONWriter) {
        w.beginArray()
        for (path, count) in rows {
            w.beginObject()
            w.member("path", path)
            w.key(key)
            w.int(count[keyPath: value])
            w.endObject()
        }
        w.endArray()
    }
}

internal import ZKStorage

/// Prints a ``DoctorReport``: text for people (the verdict line first), or one JSON object
/// (`startup`, `findings`, `files`; shared/docs/zkdata-spec.md fixes the first two).
enum DoctorPrinter {
    static func verdict(_ r: DoctorReport) -> String {
        let errors = r.findings.filter { $0.severity == .error }.count
        let warnings = r.findings.filter { $0.severity == .warning }.count
        let counts = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        let s = r.startup
        if !s.starts {
            return "BROKEN: a ZooKeeper 3.8 server will NOT start on this directory (\(s.exception ?? "?")); \(counts)"
        }
        let at = "starts at zxid \(s.zxid?.zxidHex ?? "?")" + (s.snapshot.map { " from \($0)" } ?? "")
        if errors > 0 { return "DATA LOSS: a ZooKeeper 3.8 server \(at), but loses or invents data; \(counts)" }
        if warnings > 0 { return "AT RISK: a ZooKeeper 3.8 server \(at); \(counts)" }
        return "OK: a ZooKeeper 3.8 server \(at); every file is whole"
    }

    static func text(_ r: DoctorReport) -> String {
        var out = verdict(r) + "\n\n"
        let s = r.startup
        out += "startup (ZooKeeper 3.8.0 FileTxnSnapLog.restore):\n"
        out += "  starts:    \(s.starts ? "yes" : "no")\n"
        if let e = s.exception {
            out += "  dies with: \(e)\n"
            if let f = s.failureFile { out += "  in:        \(f)\(s.failureOffset.map { " at offset \($0)" } ?? "")\n" }
        }
        for skipped in s.skippedSnapshots {
            out += "  skips:     \(skipped.name): \(verdictText(skipped.verdict))\n"
        }
        if let snap = s.snapshot { out += "  snapshot:  \(snap)\n" }
        if !s.replayedLogs.isEmpty {
            out +=
                "  replays:   \(s.replayedTxns) txns from \(s.replayFrom?.zxidHex ?? "?") in \(s.replayedLogs.joined(separator: ", "))\n"
        }
        if let z = s.zxid { out += "  zxid:      \(z.zxidHex)\n" }
        out += "  reason:    \(s.reason)\n"
        out += "\nfindings:\n"
        if r.findings.isEmpty { out += "  none\n" }
        for f in r.findings {
            out += "  \(f.severity.rawValue.uppercased()) \(f.code): \(f.message)\n"
            out += "    file: \(f.file)\(f.offset.map { " (offset \($0))" } ?? "")\n"
            out += "    fix:  \(f.fix)\n"
        }
        out += "\nfiles:\n"
        for line in StatusPrinter.text(r.files).split(separator: "\n", omittingEmptySubsequences: false)
        where !line.isEmpty {
            out += "  " + line + "\n"
        }
        return out
    }

    static func verdictText(_ v: SnapshotLoadCheck.Verdict) -> String {
        switch v {
        case .loads: return "loads"
        case .notCandidate(let reason): return "not a valid snapshot to the server (\(reason))"
        case .skipped(let code, let offset, let detail, let java):
            return "\(code)\(offset.map { " at offset \($0)" } ?? ""): \(detail) (\(java))"
        case .aborts(let code, let offset, let detail, let java):
            return "\(code)\(offset.map { " at offset \($0)" } ?? ""): \(detail) (dies: \(java))"
        }
    }

    static func json(_ r: DoctorReport) -> [UInt8] {
        var w = JSONWriter()
        let s = r.startup
        w.beginObject()
        w.member("snap_dir", r.snapDirectory)
        w.member("log_dir", r.logDirectory)
        w.member("verdict", verdict(r))
        w.key("startup")
        w.beginObject()
        w.member("starts", s.starts)
        w.key("zxid")
        StatusPrinter.optionalHex(s.zxid, &w)
        w.key("snapshot")
        if let snap = s.snapshot { w.string(snap) } else { w.null() }
        w.member("reason", s.reason)
        w.key("exception")
        if let e = s.exception { w.string(e) } else { w.null() }
        w.key("skipped_snapshots")
        w.beginArray()
        for skipped in s.skippedSnapshots {
            w.beginObject()
            w.member("snapshot", skipped.name)
            w.member("why", verdictText(skipped.verdict))
            w.endObject()
        }
        w.endArray()
        w.key("replay_from")
        StatusPrinter.optionalHex(s.replayFrom, &w)
        w.key("logs")
        w.beginArray()
        for name in s.replayedLogs { w.string(name) }
        w.endArray()
        w.member("txns", s.replayedTxns)
        w.endObject()
        w.key("findings")
        w.beginArray()
        for f in r.findings {
            w.beginObject()
            w.member("severity", f.severity.rawValue)
            w.member("code", f.code)
            w.member("file", f.file)
            w.key("offset")
            StatusPrinter.optionalInt(f.offset, &w)
            w.member("message", f.message)
            w.member("fix", f.fix)
            w.endObject()
        }
        w.endArray()
        w.key("files")
        w.beginArray()
        for file in r.files { StatusPrinter.write(file, to: &w) }
        w.endArray()
        w.endObject()
        w.endLine()
        return w.bytes
    }
}

internal import ZKStorage

/// Prints ``FileStatus`` rows: an aligned table for people, or a JSON array.
enum StatusPrinter {
    /// `KIND CODEC ZXIDS COUNT BYTES DIGEST VERDICT FILE`, one line per file.
    static func text(_ rows: [FileStatus]) -> String {
        let header = ["kind", "codec", "zxid", "count", "bytes", "digest", "file", "verdict"]
        var table = [header]
        for r in rows {
            table.append([
                r.kind.rawValue, r.codec, zxidRange(r), countText(r), String(r.bytes), r.digest ? "yes" : "no",
                r.path, r.verdict,
            ])
        }
        return TextTable.render(table)
    }

    static func zxidRange(_ r: FileStatus) -> String {
        switch (r.kind, r.firstZxid, r.lastZxid) {
        case (.snapshot, let z?, _): return z.zxidHex
        case (.log, let a?, let b?): return a == b ? a.zxidHex : "\(a.zxidHex)..\(b.zxidHex)"
        default: return "-"
        }
    }

    static func countText(_ r: FileStatus) -> String {
        switch r.kind {
        case .log: return "\(r.count) txns"
        case .snapshot: return "\(r.count) nodes"
        case .unknown: return "-"
        }
    }

    static func json(_ rows: [FileStatus]) -> [UInt8] {
        var w = JSONWriter()
        w.beginArray()
        for r in rows { write(r, to: &w) }
        w.endArray()
        w.endLine()
        return w.bytes
    }

    /// One row as an object: `file`, `kind`, `codec`, `first_zxid`, `last_zxid` (logs) or
    /// `zxid` (snapshots), `txns` or `nodes`, `bytes`, `digest`, `verdict`, `damage`.
    static func write(_ r: FileStatus, to w: inout JSONWriter) {
        w.beginObject()
        w.member("file", r.path)
        w.member("kind", r.kind.rawValue)
        w.member("codec", r.codec)
        switch r.kind {
        case .snapshot:
            w.key("zxid")
            optionalHex(r.firstZxid, &w)
            w.member("nodes", r.count)
        default:
            w.key("first_zxid")
            optionalHex(r.firstZxid, &w)
            w.key("last_zxid")
            optionalHex(r.lastZxid, &w)
            w.member("txns", r.count)
        }
        w.member("bytes", r.bytes)
        w.member("digest", r.digest)
        w.member("verdict", r.damage == nil ? "ok" : r.damage?.code ?? "")
        w.key("damage")
        damage(r.damage.map { ($0.code, $0.offset, $0.detail) }, &w)
        w.endObject()
    }

    /// `{"code":…,"offset":N|null,"detail":…}`, or `null` when there is no damage.
    static func damage(_ d: (code: String, offset: Int?, detail: String)?, _ w: inout JSONWriter) {
        guard let d else {
            w.null()
            return
        }
        w.beginObject()
        w.member("code", d.code)
        w.key("offset")
        optionalInt(d.offset, &w)
        w.member("detail", d.detail)
        w.endObject()
    }

    static func optionalInt(_ v: Int?, _ w: inout JSONWriter) {
        if let v { w.int(v) } else { w.null() }
    }

    static func optionalHex(_ v: Int64?, _ w: inout JSONWriter) {
        if let v { w.hex(v) } else { w.null() }
    }
}

/// Left-aligned columns separated by two spaces; the last column is not padded.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < row.count - 1 { widths[i] = max(widths[i], cell.count) }
        }
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                line += cell
                if i < row.count - 1 { line += String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            out += line + "\n"
        }
        return out
    }
}

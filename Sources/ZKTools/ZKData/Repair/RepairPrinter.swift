internal import ZKStorage

/// Prints what ``LogRepair`` did (or, with `--dry-run`, would do).
enum RepairPrinter {
    static func text(_ r: LogRepair, dryRun: Bool) -> String {
        var out = ""
        if let d = r.damage {
            out += "\(r.input): \(d.code) at offset \(d.offset): \(d.detail)\n"
        } else {
            out += "\(r.input): no damage; the copy keeps every entry\n"
        }
        out += "keep:    \(r.kept) txns\(range(r.keptZxids)) (everything before the damage)\n"
        if r.salvage {
            out += "salvage: \(r.salvaged) intact txns after the damage\(range(r.salvagedZxids))\n"
        }
        if dryRun {
            out += "dry run: \(r.output) not written\n"
        } else {
            out += "wrote:   \(r.output) (\(r.kept + r.salvaged) txns, \(r.outputSize) bytes with preallocation)\n"
        }
        return out
    }

    static func json(_ r: LogRepair, dryRun: Bool) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.member("input", r.input)
        w.member("output", r.output)
        w.key("damage")
        StatusPrinter.damage(r.damage.map { ($0.code, $0.offset, $0.detail) }, &w)
        w.member("kept", r.kept)
        w.key("kept_zxids")
        rangeJSON(r.keptZxids, &w)
        w.member("salvaged", r.salvaged)
        w.key("salvaged_zxids")
        rangeJSON(r.salvagedZxids, &w)
        w.member("written", !dryRun && r.written)
        w.member("bytes", r.outputSize)
        w.endObject()
        w.endLine()
        return w.bytes
    }

    private static func range(_ r: ClosedRange<Int64>?) -> String {
        guard let r else { return "" }
        return ", \(r.lowerBound.zxidHex)..\(r.upperBound.zxidHex)"
    }

    private static func rangeJSON(_ r: ClosedRange<Int64>?, _ w: inout JSONWriter) {
        guard let r else {
            w.null()
            return
        }
        w.beginArray()
        w.hex(r.lowerBound)
        w.hex(r.upperBound)
        w.endArray()
    }
}

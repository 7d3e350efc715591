internal import ZKStorage

/// `zkdata repair`: a new, valid txn log from a damaged one. Keeps every entry before the first
/// damage (``TxnLogCheck``); with salvage, also every later entry whose checksum, length and
/// end byte agree (``TxnLogSalvage``, zxids strictly increasing). The output is written the way
/// `FileTxnLog.append` writes (header, preallocation before each entry) under a temporary name,
/// fsynced and renamed; the input is only read.
struct LogRepair {
    var input: String
    var output: String
    var salvage: Bool
    /// Kept entries: count and zxid range.
    var kept = 0
    var keptZxids: ClosedRange<Int64>?
    var salvaged = 0
    var salvagedZxids: ClosedRange<Int64>?
    /// The damage (nil: the log is whole, the copy is identical in content).
    var damage: TxnLogCheck.Stop?
    /// Bytes of the input from the damage to the end of its data that are not kept.
    var written: Bool = false
    var outputSize = 0

    /// Plans (and, unless `dryRun`, writes) the repaired log.
    init(input: String, output: String, salvage: Bool, dryRun: Bool, preAllocSize: Int) throws(ZKDataError) {
        self.input = input
        self.output = output
        self.salvage = salvage
        guard JavaFileSystem.normalize(input) != JavaFileSystem.normalize(output) else {
            throw ZKDataError("\(output): the output must not be the input (repair never edits in place)")
        }
        guard !JavaFileSystem.exists(output) else {
            throw ZKDataError("\(output): already exists; choose another --output")
        }
        let file: MappedFile
        let check: TxnLogCheck
        do {
            file = try MappedFile(path: input)
            check = TxnLogCheck(file: file)
        } catch {
            throw ZKDataError(error)
        }
        damage = check.stop.isClean ? nil : check.stop
        var payloads: [(Int, Int)] = []  // (payload offset, length) in the input
        var zxids: [Int64] = []
        if check.goodEnd > 0 {
            var c = ByteCursor(file.bytes, position: FileHeader.byteCount)
            while c.position < check.goodEnd {
                let start = c.position
                guard c.readInt64() != nil, let len = c.readInt32(), len > 0,
                    let payload = c.readBytes(Int(len)), c.readUInt8() != nil
                else { break }
                payloads.append((start + 12, Int(len)))
                var h = ByteCursor(payload)
                zxids.append(TxnHeader(cursor: &h)?.zxid ?? 0)
            }
        }
        kept = payloads.count
        keptZxids = Self.range(zxids)
        if salvage, let damage {
            var more: [Int64] = []
            TxnLogSalvage.forEachIntactEntry(in: file, after: damage) { entry in
                if let z = entry.header?.zxid, z > (zxids.last ?? .min) {
                    payloads.append((entry.payloadOffset, entry.payload.count))
                    more.append(z)
                }
            }
            salvaged = more.count
            salvagedZxids = Self.range(more)
        }
        if dryRun { return }
        do {
            let writer = try TxnLogWriter(path: output, preAllocSize: preAllocSize, overwrite: false)
            for (offset, length) in payloads {
                try writer.append(payload: UnsafeRawBufferPointer(rebasing: file.bytes[offset..<(offset + length)]))
            }
            try writer.finish()
            written = true
            outputSize = Int(clamping: JavaFileSystem.length(output))
        } catch {
            throw ZKDataError(error)
        }
    }

    private static func range(_ zxids: [Int64]) -> ClosedRange<Int64>? {
        guard let lo = zxids.min(), let hi = zxids.max() else { return nil }
        return lo...hi
    }
}

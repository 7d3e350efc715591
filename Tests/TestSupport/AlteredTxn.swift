import ZKStorage

/// A copy of a real server's `version-2` directory with one txn altered and its Adler-32
/// fixed up, so that only the logged tree digest (or another member's copy) can tell.
public enum AlteredTxn {
    /// Copies `sourceVersionDir`'s files into `work` (as `version-2`) and flips the last byte of
    /// the data of the first setData txn at or after `fromZxid`. Returns the version-2 path and
    /// the altered txn's zxid, or nil when there is no such txn.
    public static func copy(
        _ sourceVersionDir: String,
        into work: WorkDirectory,
        fromZxid: Int64 = 0
    ) throws -> (directory: String, zxid: Int64)? {
        let names = (JavaFileSystem.list(sourceVersionDir) ?? []).filter {
            $0.hasPrefix("log.") || $0.hasPrefix("snapshot.")
        }
        for name in names {
            try work.copy(sourceVersionDir + "/" + name, to: "version-2/" + name)
        }
        let directory = work.path + "/version-2"
        for name in names.filter({ $0.hasPrefix("log.") }).sorted(by: { zxidOf($0) < zxidOf($1) }) {
            let path = directory + "/" + name
            var bytes = try FixturePaths.read(path)
            var reader = try TxnLogReader(path: path)
            while case .entry(let entry) = try reader.next() {
                let txn = try Txn.decode(payload: entry.payload)
                guard txn.header.zxid >= fromZxid, case .setData(let s) = txn.body, let data = s.data, !data.isEmpty
                else { continue }
                // The data's last byte sits just before the version (4 bytes) and the digest.
                let digestBytes = txn.digest == nil ? 0 : TxnDigest.byteCount
                let at = entry.payloadOffset + entry.payload.count - digestBytes - txn.trailing.count - 5
                bytes[at] ^= 0x01
                let checksum = bytes[entry.payloadOffset..<(entry.payloadOffset + entry.payload.count)].withUnsafeBytes
                {
                    Adler32.checksum($0)
                }
                for k in 0..<8 { bytes[entry.offset + k] = UInt8(truncatingIfNeeded: UInt64(checksum) >> (56 - 8 * k)) }
                work.write("version-2/" + name, bytes)
                return (directory, txn.header.zxid)
            }
        }
        return nil
    }

    private static func zxidOf(_ name: String) -> Int64 {
        Int64(name.split(separator: ".").last ?? "", radix: 16) ?? 0
    }
}

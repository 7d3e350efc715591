/// A zxid as operators type it: `0x…` hex (as ZooKeeper prints zxids and names files) or
/// decimal.
enum ZxidArgument {
    static func parse(_ text: String) -> Int64? {
        let lower = text.lowercased()
        if lower.hasPrefix("0x") {
            return UInt64(lower.dropFirst(2), radix: 16).map { Int64(bitPattern: $0) }
        }
        return Int64(text)
    }

    /// `0x` and lower-case hex, as ZooKeeper prints zxids.
    static func hex(_ zxid: Int64) -> String { "0x" + String(UInt64(bitPattern: zxid), radix: 16) }
}

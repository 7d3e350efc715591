internal import ZKStorage
internal import ZKToolSupport

/// `log --format text`: one readable line per txn, written by a ``TxnVisitor`` as it reads:
///
///     2026-11-21T19:59:06.123Z 0x2 0x100000cb1470000 create /app data="hello" acl=world:anyone:cdrwa ephemeral=false parent_cversion=1
///     … 0x9 0x100000cb1470000 multi [create /m data="x" …; check /a version=1; delete /b]
///     … 0xc 0x100000cb1470000 closeSession paths=[/e1,/e2]
///
/// Time, zxid, session, op, path, then the other fields as `name=value`. Paths and data are
/// shown printable: valid UTF-8 is quoted with `\n`, `\t`, `\xNN` escapes for control bytes and
/// cut after ``TxnTextLine/dataLimit`` bytes; other bytes as hex. Never a raw control byte.
struct TxnTextLine: TxnVisitor {
    var out: [UInt8] = []
    private var nesting = TxnNesting()
    private var subTxns = 0

    /// Data longer than this is cut (its length is shown).
    static let dataLimit = 48

    init() {
        out.reserveCapacity(1 << 16)
    }

    mutating func visitHeader(_ header: TxnHeader) -> Bool {
        nesting.reset()
        subTxns = 0
        ISOTime.append(millis: header.time, to: &out)
        space()
        hex(header.zxid)
        space()
        hex(header.clientId)
        space()
        append(TxnNesting.opName(header.type, inMulti: false))
        return true
    }

    mutating func visitRecord(_ record: TxnRecordType) { nesting.begin(record) }

    mutating func visitEndRecord() {
        if nesting.end() == .multiList { out.append(UInt8(ascii: "]")) }
    }

    mutating func visitPath(_ path: UnsafeRawBufferPointer?) {
        space()
        if let path { printable(path, limit: 1024, quoted: false) } else { append("null") }
    }

    mutating func visitData(_ data: UnsafeRawBufferPointer?) {
        field("data")
        guard let data else { return append("null") }
        if UTF8Check.isValid(data) {
            printable(data, limit: Self.dataLimit, quoted: true)
        } else {
            append("0x")
            for b in data.prefix(Self.dataLimit / 2) {
                out.append(Self.hexDigit(b >> 4))
                out.append(Self.hexDigit(b & 0xF))
            }
            if data.count > Self.dataLimit / 2 { append("…") }
        }
        if data.count > Self.dataLimit || !UTF8Check.isValid(data) {
            append("(")
            decimal(Int64(data.count))
            append("B)")
        }
    }

    mutating func visitACL(_ acl: JuteACLList?) {
        field("acl")
        guard let acl else { return append("null") }
        var first = true
        for entry in acl {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            if let scheme = entry.scheme { printable(scheme, limit: 64, quoted: false) }
            out.append(UInt8(ascii: ":"))
            if let id = entry.id { printable(id, limit: 64, quoted: false) }
            out.append(UInt8(ascii: ":"))
            ACLPerms.forEachLetter(entry.perms) { out.append($0) }
        }
        if first { append("[]") }
    }

    mutating func visitEphemeral(_ ephemeral: Bool) {
        field("ephemeral")
        append(ephemeral ? "true" : "false")
    }

    mutating func visitParentCVersion(_ parentCVersion: Int32) {
        field("parent_cversion")
        decimal(Int64(parentCVersion))
    }

    mutating func visitTTL(_ ttl: Int64) {
        field("ttl")
        decimal(ttl)
    }

    mutating func visitVersion(_ version: Int32) {
        field("version")
        decimal(Int64(version))
    }

    mutating func visitTimeout(_ timeout: Int32) {
        field("timeout")
        decimal(Int64(timeout))
    }

    mutating func visitPaths(_ paths: JuteStringList?) {
        field("paths")
        guard let paths else { return append("null") }
        out.append(UInt8(ascii: "["))
        var first = true
        for path in paths {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            if let path { printable(path, limit: 1024, quoted: false) } else { append("null") }
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func visitErr(_ err: Int32) {
        space()
        if let name = KeeperErrorCode.name(err) { append(name) }
        out.append(UInt8(ascii: "("))
        decimal(Int64(err))
        out.append(UInt8(ascii: ")"))
    }

    mutating func visitMultiCount(_ count: Int?) {
        space()
        if count == nil {
            append("null")
            nesting.nullList()
        } else {
            out.append(UInt8(ascii: "["))
        }
    }

    mutating func visitSubTxn(type: Int32, data: UnsafeRawBufferPointer?) -> Bool {
        if subTxns > 0 { append("; ") }
        subTxns += 1
        append(TxnNesting.opName(type, inMulti: true))
        return true
    }

    mutating func visitUnknown(type: Int32, bytes: UnsafeRawBufferPointer) -> Bool {
        field("type")
        decimal(Int64(type))
        field("raw")
        decimal(Int64(bytes.count))
        out.append(UInt8(ascii: "B"))
        return true
    }

    mutating func endLine() {
        out.append(0x0A)
    }

    // MARK: Pieces

    private mutating func space() { out.append(UInt8(ascii: " ")) }

    private mutating func field(_ name: StaticString) {
        space()
        append(name)
        out.append(UInt8(ascii: "="))
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private mutating func hex(_ value: Int64) {
        append("0x")
        let v = UInt64(bitPattern: value)
        var shift = 60
        while shift > 0, (v >> UInt64(shift)) & 0xF == 0 { shift -= 4 }
        while shift >= 0 {
            out.append(Self.hexDigit(UInt8((v >> UInt64(shift)) & 0xF)))
            shift -= 4
        }
    }

    private mutating func decimal(_ value: Int64) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var m = value.magnitude
        withUnsafeMutableBytes(of: &digits) { scratch in
            var n = 0
            repeat {
                scratch[23 - n] = UInt8(truncatingIfNeeded: m % 10) + 0x30
                m /= 10
                n += 1
            } while m > 0
            out.append(contentsOf: scratch[(24 - n)...])
        }
    }

    /// UTF-8 text made printable: control bytes and invalid bytes as escapes, cut after `limit`
    /// bytes (then `…`).
    private mutating func printable(_ bytes: UnsafeRawBufferPointer, limit: Int, quoted: Bool) {
        if quoted { out.append(UInt8(ascii: "\"")) }
        var i = 0
        let end = min(bytes.count, limit)
        while i < end {
            let b = bytes[i]
            switch b {
            case 0x0A: append("\\n")
            case 0x09: append("\\t")
            case 0x0D: append("\\r")
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\"") where quoted: append("\\\"")
            case 0x20..<0x7F: out.append(b)
            default:
                let length = b < 0x80 ? 0 : UTF8Check.sequenceLength(bytes, at: i)
                // C1 controls (U+0080...U+009F) are escaped too.
                if length > 0 && !(b == 0xC2 && bytes[i + 1] < 0xA0) {
                    out.append(contentsOf: bytes[i..<(i + length)])
                    i += length
                    continue
                }
                append("\\x")
                out.append(Self.hexDigit(b >> 4))
                out.append(Self.hexDigit(b & 0xF))
            }
            i += 1
        }
        if bytes.count > limit { append("…") }
        if quoted { out.append(UInt8(ascii: "\"")) }
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }
}

internal import Glibc
internal import ZKStorage

/// Which txns `log` and `history` keep: every given condition must hold. Conditions on the
/// header (zxid, time, session, op) are decided before the body is read; path conditions read
/// only the paths (``TxnPathMatch``).
struct TxnFilter: Sendable {
    /// `--path`: the node itself, in the txn, a multi's sub-ops or a closeSession's ephemerals.
    var path: [UInt8]?
    /// `--prefix`: the node or any node below it.
    var prefix: [UInt8]?
    var session: Int64?
    /// `--op`: op codes; a multi matches when it or any of its sub-ops has one of them.
    var ops: Set<Int32>?
    var zxidFrom: Int64?
    var zxidTo: Int64?
    /// `--since`/`--until` in epoch ms, both inclusive.
    var since: Int64?
    var until: Int64?

    var readsPaths: Bool { path != nil || prefix != nil }

    /// The header conditions. `.maybe` when the body decides (paths, or a multi's sub-ops).
    func matches(header h: TxnHeader) -> Verdict {
        if let zxidFrom, h.zxid < zxidFrom { return .no }
        if let zxidTo, h.zxid > zxidTo { return .no }
        if let since, h.time < since { return .no }
        if let until, h.time > until { return .no }
        if let session, h.clientId != session { return .no }
        var opDecided = true
        if let ops, !ops.contains(h.type) {
            guard h.type == OpCode.multi else { return .no }
            opDecided = false
        }
        return opDecided && !readsPaths ? .yes : .maybe
    }

    enum Verdict {
        case yes, no, maybe
    }

    /// True when `bytes` is the `--path` node or lies in the `--prefix` subtree (whichever are
    /// given; both must hold when both are).
    func matches(path bytes: UnsafeRawBufferPointer) -> Bool {
        if let path, !Self.equal(bytes, path) { return false }
        if let prefix, !Self.isInSubtree(bytes, of: prefix) { return false }
        return true
    }

    /// `node == root` or `node` starts with `root/` (every path is below `/`).
    static func isInSubtree(_ node: UnsafeRawBufferPointer, of root: [UInt8]) -> Bool {
        if root.count == 1, root[0] == UInt8(ascii: "/") { return node.first == UInt8(ascii: "/") }
        guard node.count >= root.count, equal(UnsafeRawBufferPointer(rebasing: node[0..<root.count]), root) else {
            return false
        }
        return node.count == root.count || node[root.count] == UInt8(ascii: "/")
    }

    /// Byte equality with one `memcmp`.
    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard let base = a.baseAddress else { return b.isEmpty }
        return b.withUnsafeBytes { other in
            guard let otherBase = other.baseAddress else { return a.isEmpty }
            return memcmp(base, otherBase, b.count) == 0
        }
    }
}

/// Decides a txn's `.maybe` verdict from its body: reads its paths (and a multi's sub-op
/// types) and nothing else. The conditions are independent: `--op` holds when the txn or any
/// sub-op has one of the ops, `--path`/`--prefix` when any of its paths matches.
struct TxnPathMatch: TxnVisitor {
    let filter: TxnFilter
    /// Some path satisfies the path conditions (true when there are none).
    private(set) var pathMatched = false
    /// The op condition holds (true when there is none).
    private(set) var opMatched = false

    init(filter: TxnFilter) {
        self.filter = filter
    }

    var matched: Bool { pathMatched && opMatched }

    /// The verdict of a txn whose header left it open (`.maybe`), from the path its body starts
    /// with, read straight from the payload: nothing decoded, nothing copied. Nil when the body
    /// must be decoded: a multi or closeSession, a record that does not start with a path, or a
    /// length that does not fit (the decoder reports that damage).
    static func verdict(
        _ filter: TxnFilter,
        leadingPathOf payload: UnsafeRawBufferPointer,
        type: Int32
    ) -> Bool? {
        guard type != OpCode.multi, let record = TxnRecordType.topLevel(type), record.leadsWithPath else { return nil }
        let start = TxnHeader.byteCount
        guard payload.count >= start + 4 else { return nil }
        let length = Int(Int32(bigEndian: payload.loadUnaligned(fromByteOffset: start, as: Int32.self)))
        if length == -1 { return false }  // a null path matches nothing
        guard length >= 0, length <= payload.count - start - 4 else { return nil }
        return filter.matches(path: UnsafeRawBufferPointer(rebasing: payload[(start + 4)..<(start + 4 + length)]))
    }

    mutating func visitHeader(_ header: TxnHeader) -> Bool {
        pathMatched = !filter.readsPaths
        opMatched = filter.ops?.contains(header.type) ?? true
        return true
    }

    mutating func visitPath(_ path: UnsafeRawBufferPointer?) {
        if let path, filter.matches(path: path) { pathMatched = true }
    }

    mutating func visitPaths(_ paths: JuteStringList?) {
        for path in paths ?? .empty {
            if let path, filter.matches(path: path) { pathMatched = true }
        }
    }

    mutating func visitSubTxn(type: Int32, data: UnsafeRawBufferPointer?) -> Bool {
        if filter.ops?.contains(type) == true { opMatched = true }
        return filter.readsPaths
    }

    mutating func visitUnknown(type: Int32, bytes: UnsafeRawBufferPointer) -> Bool { true }
}

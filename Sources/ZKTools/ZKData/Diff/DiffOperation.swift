internal import ZKStorage

/// The knobs of one `diff` run.
struct DiffOptions {
    /// Only nodes at or below this path ("/": all).
    var prefix = "/"
    var ignore: [DiffIgnore] = []
}

/// `zkdata diff A B`: a fingerprint of every node of A (``FingerprintTable``), then one streaming
/// pass over B against it; never a tree of either side.
///
/// Repeated paths in a snapshot are resolved as Java's `DataTree.deserialize` does (the map keeps
/// the last record). ACLs are compared as the lists each snapshot's ACL cache maps the node's
/// reference to (references are server-local); a reference missing from the cache compares as
/// itself.
struct DiffOperation {
    let options: DiffOptions

    init(options: DiffOptions) { self.options = options }

    private var ignoresEphemerals: Bool { options.ignore.contains(.ephemeral) }
    private var ignoredFields: UInt32 { options.ignore.reduce(0) { $0 | $1.fieldMask } }

    func run(a pathA: String, b pathB: String) throws -> DiffReport {
        var report = DiffReport(snapshotA: pathA, snapshotB: pathB)
        let table = FingerprintTable()
        let prefix = Array(DuOperation.normalized(options.prefix).utf8)

        // Side A: fingerprint every node.
        var reader = try SnapshotReader(path: pathA)
        try reader.readSessions { _, _ in }
        var acls = ACLHashes()
        try reader.readACLCache { ref, list in acls.add(ref: ref, list) }
        while let r = try reader.nextNode() {
            if !prefix.isEmpty && !DuOperation.isWithin(r.path, prefix: prefix) { continue }
            let hash = FingerprintHash.hash(r.path)
            // An ignored ephemeral is kept as an absent entry: it still overrules an earlier
            // record of its path.
            let ignored = ignoresEphemerals && Self.isEphemeral(r.stat)
            let e = NodeFingerprint(
                pathHash: hash,
                pathHandle: 0,
                pathLength: 0,
                dataLength: Int32(r.data?.count ?? -1),
                otherDataLength: -1,
                state: ignored ? 0 : NodeFingerprint.inA,
                dataHash: r.data.map { FingerprintHash.hash($0) } ?? 0,
                aclHash: acls.hash(r.aclRef),
                stat: r.stat
            )
            table.append(r.path, hash: hash, e)
        }
        // Repeated paths: the last record wins; an overruled entry matches no path any more.
        table.buildIndex { i in
            table[i].state = 0
            table[i].pathLength = -1
        }
        try Self.checkSeals(&reader)

        // Side B: stream against A's fingerprints.
        reader = try SnapshotReader(path: pathB)
        try reader.readSessions { _, _ in }
        acls = ACLHashes()
        try reader.readACLCache { ref, list in acls.add(ref: ref, list) }
        let sizeA = table.count
        var predicted = 0
        while let r = try reader.nextNode() {
            if !prefix.isEmpty && !DuOperation.isWithin(r.path, prefix: prefix) { continue }
            let hash = FingerprintHash.hash(r.path)
            let present = !(ignoresEphemerals && Self.isEphemeral(r.stat))
            let dataLength = Int32(r.data?.count ?? -1)
            // B's records mostly come in A's order (the same tree walked in the same hash order):
            // try the entry after the last match before the index.
            let found: Int?
            if predicted < sizeA && table.matches(predicted, r.path, hash) {
                found = predicted
            } else {
                found = table.find(r.path, hash: hash)
            }
            if let i = found, i < sizeA { predicted = i + 1 }
            if let i = found {
                var e = table[i]
                e.state &= ~(NodeFingerprint.inB | NodeFingerprint.fieldMask)
                if present {
                    e.state |= NodeFingerprint.inB
                    e.otherDataLength = dataLength
                    if e.state & NodeFingerprint.inA != 0 {
                        var fields: UInt32 = 0
                        if dataLength != e.dataLength || r.data.map({ FingerprintHash.hash($0) }) ?? 0 != e.dataHash {
                            fields |= DiffField.data.bit
                        }
                        if acls.hash(r.aclRef) != e.aclHash { fields |= DiffField.acl.bit }
                        fields |= Self.statFields(e.stat, r.stat)
                        e.state |= fields
                    }
                }
                table[i] = e
            } else if present {
                let e = NodeFingerprint(
                    pathHash: hash,
                    pathHandle: 0,
                    pathLength: 0,
                    dataLength: -1,
                    otherDataLength: dataLength,
                    state: NodeFingerprint.inB,
                    dataHash: 0,
                    aclHash: 0,
                    stat: StatPersisted()
                )
                _ = table.findOrInsert(r.path, hash: hash, e)
            }
        }
        try Self.checkSeals(&reader)

        // The differences, in tree order.
        let ignored = ignoredFields
        var differing: [Int] = []
        for i in 0..<table.count {
            let s = table[i].state
            let inA = s & NodeFingerprint.inA != 0
            let inB = s & NodeFingerprint.inB != 0
            if inA { report.nodesA += 1 }
            if inB { report.nodesB += 1 }
            if inA != inB || (inA && s & NodeFingerprint.fieldMask & ~ignored != 0) { differing.append(i) }
        }
        differing.sort { Self.treeOrderLess(table.path(of: table[$0]), table.path(of: table[$1])) }
        report.changes = differing.map { i in
            let e = table[i]
            let inA = e.state & NodeFingerprint.inA != 0
            let inB = e.state & NodeFingerprint.inB != 0
            let kind: DiffChange.Kind = !inA ? .added : !inB ? .removed : .modified
            let mask = e.state & NodeFingerprint.fieldMask & ~ignored
            return DiffChange(
                path: DuOperation.display(table.path(of: e)),
                kind: kind,
                fields: kind == .modified ? DiffField.allCases.filter { mask & $0.bit != 0 } : [],
                bytesA: inA ? Int(e.dataLength) : nil,
                bytesB: inB ? Int(e.otherDataLength) : nil
            )
        }
        return report
    }

    // MARK: - Helpers

    private static func isEphemeral(_ stat: StatPersisted) -> Bool {
        if case .ephemeral = EphemeralType(ephemeralOwner: stat.ephemeralOwner) { return true }
        return false
    }

    /// The stat fields that differ, as ``DiffField`` bits.
    static func statFields(_ a: StatPersisted, _ b: StatPersisted) -> UInt32 {
        var f: UInt32 = 0
        if a.czxid != b.czxid { f |= DiffField.czxid.bit }
        if a.mzxid != b.mzxid { f |= DiffField.mzxid.bit }
        if a.ctime != b.ctime { f |= DiffField.ctime.bit }
        if a.mtime != b.mtime { f |= DiffField.mtime.bit }
        if a.version != b.version { f |= DiffField.version.bit }
        if a.cversion != b.cversion { f |= DiffField.cversion.bit }
        if a.aversion != b.aversion { f |= DiffField.aversion.bit }
        if a.ephemeralOwner != b.ephemeralOwner { f |= DiffField.ephemeralOwner.bit }
        if a.pzxid != b.pzxid { f |= DiffField.pzxid.bit }
        return f
    }

    /// Reads the tail; a seal that does not verify is damage.
    private static func checkSeals(_ reader: inout SnapshotReader) throws {
        let tail = try reader.readTail()
        if let bad = tail.seals.first(where: { !$0.isValid }) {
            throw ZKStorageError(
                .checksumMismatch,
                file: reader.path,
                offset: bad.offset,
                "snapshot seal mismatch: stored \(Quantities.hex(bad.stored)), computed 0x\(String(bad.computed, radix: 16))"
            )
        }
    }

    /// Path order of a tree walk: byte order with `/` before every other byte, so a node comes
    /// right before its subtree.
    static func treeOrderLess(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let n = min(a.count, b.count)
        var i = 0
        while i < n {
            let x = a[i]
            let y = b[i]
            if x != y {
                let kx = x == UInt8(ascii: "/") ? 0 : Int(x) + 1
                let ky = y == UInt8(ascii: "/") ? 0 : Int(y) + 1
                return kx < ky
            }
            i += 1
        }
        return a.count < b.count
    }
}

/// Each ACL-cache reference of one snapshot mapped to the hash of its ACL list. `-1` is
/// `OPEN_ACL_UNSAFE`, which a cache may also hold under another reference: both hash alike.
struct ACLHashes {
    private var byRef: [Int64: UInt64] = [:]
    private var lastRef: Int64 = .min
    private var lastHash: UInt64 = 0

    mutating func add(ref: Int64, _ list: [ACL]) { byRef[ref] = Self.hash(list) }

    static func hash(_ list: [ACL]) -> UInt64 {
        var w = ByteWriter()
        for acl in list { acl.encode(to: &w) }
        return w.bytes.withUnsafeBytes { FingerprintHash.hash($0, seed: UInt64(list.count)) }
    }

    private static let openHash = hash([ACL.openUnsafe])

    mutating func hash(_ ref: Int64) -> UInt64 {
        if ref == lastRef { return lastHash }
        let h = ref == -1 ? Self.openHash : byRef[ref] ?? FingerprintHash.combine(0x5EED, UInt64(bitPattern: ref))
        lastRef = ref
        lastHash = h
        return h
    }
}

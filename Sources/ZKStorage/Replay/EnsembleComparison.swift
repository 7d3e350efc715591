/// Aligns the data of ensemble members by zxid and finds the first point where they diverge
/// (`zkdata members`): the same zxid carrying different txn bytes (header, body and logged
/// digest: a proposal is logged identically by every member), or snapshots whose digest
/// trailers give different tree digests for the same zxid.
public enum EnsembleComparison {
    /// One member's data directory.
    public struct Member: Sendable {
        public var name: String
        public var contents: DataDirContents
        public init(name: String, contents: DataDirContents) {
            self.name = name
            self.contents = contents
        }
    }

    /// What one member holds at a zxid.
    public struct Entry: Sendable, Equatable {
        /// The txn's payload (for logs) or the snapshot's digest (for snapshots).
        public var fingerprint: [UInt8]
        public var summary: String
        public var file: String
        public var offset: Int?
    }

    /// The outcome.
    public struct Report: Sendable {
        /// Each member's first and last logged zxid (nil when it has none).
        public var ranges: [(name: String, first: Int64?, last: Int64?)]
        /// Problems reading a member (its data is compared up to there).
        public var readErrors: [String]
        /// The first divergence: the zxid and each member's entry there.
        public var divergence: (zxid: Int64, entries: [(name: String, entry: Entry)])?
        /// The highest zxid every member has logged, when they agree.
        public var commonUpTo: Int64?
        /// Zxids compared (held by at least two members).
        public var compared: Int
    }

    public static func compare(_ members: [Member]) -> Report {
        var tables: [[Int64: Entry]] = []
        var ranges: [(name: String, first: Int64?, last: Int64?)] = []
        var readErrors: [String] = []
        var digestClaims: [[Int64: Entry]] = []
        for member in members {
            var table: [Int64: Entry] = [:]
            var first: Int64?
            var last: Int64?
            do {
                try LoggedTxns(logs: member.contents.logs).forEach(after: .min) { txn, location in
                    let z = txn.header.zxid
                    if table[z] == nil {
                        table[z] = Entry(
                            fingerprint: fingerprint(txn),
                            summary: summary(txn),
                            file: location.file,
                            offset: location.offset
                        )
                    }
                    first = min(first ?? z, z)
                    last = max(last ?? z, z)
                    return true
                }
            } catch {
                readErrors.append("\(member.name): \(error)")
            }
            var claims: [Int64: Entry] = [:]
            for snap in member.contents.snapshots {
                guard let tree = try? DataTree(snapshotAt: snap.path, options: .structure, readTail: true),
                    let digest = tree.tail?.digest, digest.zxid != 0
                else { continue }
                var w = ByteWriter()
                w.writeInt32(digest.version)
                w.writeInt64(digest.digest)
                claims[digest.zxid] = Entry(
                    fingerprint: w.bytes,
                    summary: "snapshot digest \(hex(digest.digest))",
                    file: snap.path,
                    offset: nil
                )
            }
            tables.append(table)
            digestClaims.append(claims)
            ranges.append((member.name, first, last))
        }
        var zxids = Set<Int64>()
        for t in tables { zxids.formUnion(t.keys) }
        for c in digestClaims { zxids.formUnion(c.keys) }
        var compared = 0
        for z in zxids.sorted() {
            var entries: [(name: String, entry: Entry)] = []
            for (i, member) in members.enumerated() {
                if let e = tables[i][z] { entries.append((member.name, e)) }
            }
            if entries.count >= 2 { compared += 1 }
            if Set(entries.map(\.entry.fingerprint)).count > 1 {
                return Report(
                    ranges: ranges,
                    readErrors: readErrors,
                    divergence: (z, entries),
                    commonUpTo: nil,
                    compared: compared
                )
            }
            var snapshotEntries: [(name: String, entry: Entry)] = []
            for (i, member) in members.enumerated() {
                if let e = digestClaims[i][z] { snapshotEntries.append((member.name, e)) }
            }
            if Set(snapshotEntries.map(\.entry.fingerprint)).count > 1 {
                return Report(
                    ranges: ranges,
                    readErrors: readErrors,
                    divergence: (z, snapshotEntries),
                    commonUpTo: nil,
                    compared: compared
                )
            }
        }
        let lasts = ranges.compactMap(\.last)
        let common = lasts.count == members.count ? lasts.min() : nil
        return Report(ranges: ranges, readErrors: readErrors, divergence: nil, commonUpTo: common, compared: compared)
    }

    /// The txn's bytes as the members must agree on them, normalised for two ways in which
    /// members log the same proposal differently:
    /// - A supplementary character in a string (a path, an ACL id): the leader logs the
    ///   `String` it decoded from the request, which jute writes one UTF-16 unit at a time, as
    ///   two 3-byte surrogates (`ED A0–BF 80–BF`); a follower decodes the proposal, and
    ///   `new String(bytes, UTF_8)` turns each of those into U+FFFD, which it logs as
    ///   `EF BF BD` (seen in `bin/conformance`: `ED A0 BD ED B8 80` on the leader, `EF BF BD
    ///   EF BF BD` on the followers). The same length, so each such triple is compared as
    ///   `EF BF BD`, wherever it stands (also inside a multi's sub-records, whose type a member
    ///   may have changed, below). Members whose data differs only in that way are taken to
    ///   agree.
    /// - A multi with a failed sub-op: the server turns its other sub-ops into error txns by
    ///   changing their type in place (`subtxn.setType(OpCode.error)` in `DataTree.processTxn`),
    ///   and whether a member logged the record before or after that change is a race (seen in
    ///   the ensemble fixtures: one member logged `delete`, the other `error`).
    static func fingerprint(_ txn: Txn) -> [UInt8] {
        var bytes = txn.payload
        if case .multi(var multi) = txn.body, let subs = multi.txns, subs.contains(where: { $0.type == OpCode.error }) {
            multi.txns = subs.map { SubTxn(type: OpCode.error, data: $0.data) }
            var normalised = txn
            normalised.body = .multi(multi)
            bytes = normalised.payload
        }
        var i = 0
        while i + 2 < bytes.count {
            if bytes[i] == 0xED, (0xA0...0xBF).contains(bytes[i + 1]), (0x80...0xBF).contains(bytes[i + 2]) {
                (bytes[i], bytes[i + 1], bytes[i + 2]) = (0xEF, 0xBF, 0xBD)
                i += 3
            } else {
                i += 1
            }
        }
        return bytes
    }

    static func hex(_ v: Int64) -> String { "0x" + String(UInt64(bitPattern: v), radix: 16) }

    /// `0x…` session, the op code and the path, for a divergence line.
    static func summary(_ txn: Txn) -> String {
        var path = ""
        switch txn.body {
        case .create(let r): path = r.path?.string ?? ""
        case .createTTL(let r): path = r.path?.string ?? ""
        case .createContainer(let r): path = r.path?.string ?? ""
        case .delete(let r): path = r.path?.string ?? ""
        case .setData(let r): path = r.path?.string ?? ""
        case .setACL(let r): path = r.path?.string ?? ""
        case .checkVersion(let r): path = r.path?.string ?? ""
        default: break
        }
        var text = "type \(txn.header.type) session \(hex(txn.header.clientId)) cxid \(txn.header.cxid)"
        if !path.isEmpty { text += " \(path)" }
        if let d = txn.digest { text += " digest \(hex(d.treeDigest))" }
        return text
    }
}

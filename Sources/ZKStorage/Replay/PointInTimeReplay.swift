/// Rebuilds the exact tree after a txn of a data directory (`zkdata at`, `seal`): starts from
/// the newest snapshot whose fuzzy window has closed by then, or from an empty tree when the
/// logs begin at the first txn, replays the logs with ``TxnReplayer``, and checks every logged
/// digest.
///
/// A snapshot is fuzzy: the server writes it while applying txns, so it holds some txns after
/// the zxid in its name. Its digest trailer says at which zxid the replayed tree is whole again
/// (`ZxidDigest.zxid`); before that point the snapshot cannot give an exact tree. A snapshot
/// named 0 holds no txns at all.
///
/// The trailer is written after the nodes, and the server changes nodes before it records a
/// txn's digest: the txn after the trailer's zxid may be in the file already. The replay
/// compares the trailer with the tree at its zxid; when they differ, that snapshot gives the
/// tree only after the next txn (whose logged digest then confirms it), and a point at the
/// trailer's zxid itself starts from an older snapshot.
public enum PointInTimeReplay {
    /// Which state to rebuild.
    public enum Target: Sendable, Equatable {
        /// After the txn with this zxid.
        case zxid(Int64)
        /// After the last txn (in zxid order) whose time is at or before this many ms since the epoch.
        case time(Int64)
        /// After the last txn of the logs.
        case newest

        var isZxid: Bool {
            if case .zxid = self { return true }
            return false
        }
    }

    /// Where a replay started.
    public enum Start: Sendable, Equatable {
        case emptyTree
        /// A snapshot file, its name zxid and the zxid its fuzzy window closes at.
        case snapshot(path: String, zxid: Int64, windowEnd: Int64)
    }

    /// A digest that did not match.
    public struct DigestMismatch: Sendable, Equatable {
        public var zxid: Int64
        public var expected: Int64
        public var actual: Int64
        /// Where the digest was read: a txn (log file and offset) or a snapshot's trailer.
        public var file: String
        public var offset: Int?
    }

    /// The rebuilt state.
    public struct Result {
        public var tree: DataTree
        /// The zxid of the last txn applied (the target).
        public var zxid: Int64
        public var start: Start
        public var txnsApplied: Int
        /// The tree digest after `zxid`, as the snapshot trailer carries it.
        public var digest: SnapshotDigest
        public var mismatches: [DigestMismatch]
        /// The last zxid of the logs, when a choice of the point read them all.
        var loggedLast: Int64?
        var logged: LoggedTxns
        /// Snapshots passed over, and why (newest first).
        public var skipped: [String]

        /// The highest zxid the logs hold, at least ``zxid`` (for `--bump-epoch`). A replay to a
        /// given zxid reads no further than that txn: the rest of the logs is read now.
        public func highestLoggedZxid() -> Int64 {
            max(loggedLast ?? LogExtent(logged, target: .newest).last ?? zxid, zxid)
        }
    }

    /// Why the target cannot be reached exactly (`zkdata` exit 2).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    static func hex(_ zxid: Int64) -> String { "0x" + String(UInt64(bitPattern: zxid), radix: 16) }

    /// Resolves the target to a zxid, chooses a start and replays.
    public static func run(_ contents: DataDirContents, target: Target) throws -> Result {
        let logged = LoggedTxns(logs: contents.logs)
        // What the logs hold, when the point depends on it. A replay to a given zxid does not
        // read them all: it needs at most the first txn (to start from an empty tree).
        let extent = target.isZxid ? nil : LogExtent(logged, target: target)
        let z: Int64
        switch target {
        case .zxid(let value): z = value
        case .newest:
            guard let last = extent?.last else { throw Failure("\(contents.logDirectory): no txn logs with txns") }
            z = last
        case .time(let t):
            guard let atTime = extent?.atTime else {
                throw Failure("no txn at or before \(t) ms in the logs of \(contents.logDirectory)")
            }
            _ = t
            z = atTime
        }
        var skipped: [String] = []
        for snap in contents.snapshots.reversed() where snap.zxid <= z {
            let tree: DataTree
            do {
                tree = try DataTree(snapshotAt: snap.path, options: .all, readTail: true)
            } catch {
                skipped.append("\(snap.name): \(error)")
                continue
            }
            guard tree.tail?.sealsValid ?? false else {
                skipped.append("\(snap.name): checksum seal does not verify")
                continue
            }
            let digest = tree.tail?.digest
            // The trailer is `lastProcessedZxidDigest` read after the nodes were written: a
            // zxid of 0 (Java's placeholder) means no txn had been applied by then, so nothing
            // is fuzzy; a zxid below the name is a snapshot renamed forward (`--bump-epoch`),
            // whole at its digest zxid.
            let windowEnd: Int64
            if snap.zxid == 0 {
                windowEnd = 0
            } else if let digest {
                windowEnd = max(digest.zxid, snap.zxid)
            } else {
                skipped.append("\(snap.name): no digest trailer, so where its fuzzy window closes is unknown")
                continue
            }
            guard windowEnd <= z else {
                skipped.append("\(snap.name): its fuzzy window closes at \(hex(windowEnd)), after \(hex(z))")
                continue
            }
            // The digest leaves out /zookeeper (quota nodes): a change of the txn in flight
            // there shows only in the zxids the nodes carry.
            if let (node, stamped) = Self.highestStamp(tree), stamped > z {
                skipped.append(
                    "\(snap.name): \(String(decoding: tree.path(node), as: UTF8.self)) carries zxid \(hex(stamped)), "
                        + "after \(hex(z)): it holds changes of a txn in flight as it was written"
                )
                continue
            }
            let replayer = TxnReplayer(
                tree: tree,
                lastProcessedZxid: snap.zxid,
                snapshotDigest: digest.flatMap { $0.zxid >= snap.zxid && $0.zxid != 0 ? $0 : nil }
            )
            var result: Result
            do {
                result = try replay(
                    replayer,
                    logged,
                    from: snap.zxid,
                    to: z,
                    start: .snapshot(path: snap.path, zxid: snap.zxid, windowEnd: windowEnd),
                    snapshotFile: snap.path
                )
            } catch is InFlight {
                skipped.append(
                    "\(snap.name): its digest trailer does not match the tree at \(hex(windowEnd)): it holds changes "
                        + "of the txn after \(hex(windowEnd)), in flight as it was written"
                )
                continue
            }
            result.skipped = skipped
            result.loggedLast = extent?.last
            return result
        }
        let first = extent?.first ?? LogExtent.firstReadable(logged)
        guard let first, first == 1 || first == 0x1_0000_0001 else {
            var why = skipped.isEmpty ? "" : " (" + skipped.joined(separator: "; ") + ")"
            if let first { why += "; the logs begin at \(hex(first)), not at the first txn" }
            throw Failure("no starting point for \(hex(z)): no snapshot whose fuzzy window closes by then\(why)")
        }
        var result = try replay(
            TxnReplayer(tree: DataTree.javaInitial(), lastProcessedZxid: 0),
            logged,
            from: 0,
            to: z,
            start: .emptyTree,
            snapshotFile: nil
        )
        result.skipped = skipped
        result.loggedLast = extent?.last
        return result
    }

    /// The node with the highest czxid, mzxid or pzxid, and that zxid (nil for a tree without
    /// nodes).
    static func highestStamp(_ tree: DataTree) -> (node: Int32, zxid: Int64)? {
        var best: (node: Int32, zxid: Int64)?
        let nodes = tree.nodes
        nodes.forEachNode { node in
            let s = nodes.stat(node)
            let z = max(s.czxid, s.mzxid, s.pzxid)
            if z > best?.zxid ?? .min { best = (node, z) }
        }
        return best
    }

    /// The start snapshot's digest trailer did not match the tree at the point asked for, the
    /// end of its fuzzy window: the server was applying the next txn while it wrote the nodes
    /// (`processTxn` changes them before it records the digest), so the snapshot holds changes
    /// from after the point. An older start is needed.
    private struct InFlight: Error {}

    private static func replay(
        _ replayer: TxnReplayer,
        _ logged: LoggedTxns,
        from start: Int64,
        to z: Int64,
        start origin: Start,
        snapshotFile: String?
    ) throws -> Result {
        var previous = start
        var applied = 0
        var mismatches: [DigestMismatch] = []
        var after: (zxid: Int64, location: LoggedTxns.Location)?
        // The snapshot's trailer against the tree at the end of its fuzzy window. A mismatch
        // means the next txn was in flight as the snapshot was written; replaying that txn makes
        // the tree whole again, which its logged digest confirms.
        var trailer: DigestMismatch?
        var confirmed = false
        if case .mismatched(let expected, let actual) = replayer.snapshotDigestCheck, let snapshotFile {
            trailer = DigestMismatch(zxid: start, expected: expected, actual: actual, file: snapshotFile, offset: nil)
        }
        var gap: (previous: Int64, next: Int64, location: LoggedTxns.Location)?
        replayer.reserve(forLogBytes: logged.files(after: start).reduce(0) { $0 + Int(JavaFileSystem.length($1.path)) })
        do {
            try logged.forEachPayload(
                after: start,
                prepare: TxnReplayer.prepare,
                ahead: replayer.prefetchAhead
            ) {
                header,
                payload,
                location,
                prepared in
                let zxid = header.zxid
                if zxid <= previous { return true }
                if zxid > z {
                    after = (zxid, location)
                    return false
                }
                let firstOfEmpty = previous == 0 && (zxid == 1 || zxid == 0x1_0000_0001)
                guard firstOfEmpty || LoggedTxns.follows(zxid, previous) else {
                    gap = (previous, zxid, location)
                    return false
                }
                let outcome: TxnReplayer.Outcome
                do {
                    outcome = try replayer.apply(payload: payload, baseOffset: location.offset + 12, prepared: prepared)
                } catch let error as ZKStorageError {
                    throw error.inFile(location.file)
                }
                applied += 1
                previous = zxid
                if case .mismatched(let expected, let actual) = outcome.snapshot, let snapshotFile {
                    trailer = DigestMismatch(
                        zxid: zxid,
                        expected: expected,
                        actual: actual,
                        file: snapshotFile,
                        offset: nil
                    )
                } else if let trailer, zxid > trailer.zxid, !confirmed, outcome.logged == .matched {
                    confirmed = true
                }
                if case .mismatched(let expected, let actual) = outcome.logged {
                    mismatches.append(
                        DigestMismatch(
                            zxid: zxid,
                            expected: expected,
                            actual: actual,
                            file: location.file,
                            offset: location.offset
                        )
                    )
                }
                // Nothing after the target is read: damage there does not matter.
                return zxid != z
            }
        } catch let error as ZKStorageError {
            throw Failure("\(error); the tree can be rebuilt only up to \(hex(previous)), not \(hex(z))")
        } catch let error as TxnReplayer.Unsupported {
            throw Failure("\(error)")
        }
        if let gap {
            throw Failure(
                "\(gap.location.file) at byte offset \(gap.location.offset): txn \(hex(gap.next)) follows \(hex(gap.previous)): "
                    + "the txns between are missing; the tree can be rebuilt only up to \(hex(gap.previous)), not \(hex(z))"
            )
        }
        guard previous == z else {
            if let after {
                throw Failure(
                    "no txn \(hex(z)) in the logs: the last txn before it is \(hex(previous)), the next \(hex(after.zxid)) "
                        + "(\(after.location.file))"
                )
            }
            throw Failure("the logs end at \(hex(previous)): \(hex(z)) cannot be reached")
        }
        if case .snapshot(let path, _, let windowEnd) = origin, let pending = replayer.pendingSnapshotDigest,
            pending.zxid == windowEnd, windowEnd > start
        {
            throw Failure("\(path): its fuzzy window closes at \(hex(windowEnd)), which the logs do not reach")
        }
        if let trailer {
            if trailer.zxid == z { throw InFlight() }
            if confirmed {
                // The txns up to the window's end were replayed onto nodes that already held
                // the in-flight txn's changes: their logged digests could not match, and a
                // later one matching shows the whole tree caught up.
                mismatches.removeAll { $0.zxid <= trailer.zxid }
            } else {
                mismatches.insert(trailer, at: 0)
            }
        }
        let digest = SnapshotDigest(zxid: z, version: DigestCalculator.version, digest: replayer.treeDigest)
        return Result(
            tree: replayer.tree,
            zxid: z,
            start: origin,
            txnsApplied: applied,
            digest: digest,
            mismatches: mismatches,
            loggedLast: nil,
            logged: logged,
            skipped: []
        )
    }
}

/// The first and last zxid of the txns that read cleanly in a directory's logs, and for a
/// `.time` target the last txn at or before that time (``LoggedTxns/forEachReadableHeader(_:)``).
/// Damage anywhere in the logs does not stop the choice of a point: only a replay that has to
/// pass it fails.
struct LogExtent: Sendable {
    var first: Int64?
    var last: Int64?
    var atTime: Int64?

    init(_ logged: LoggedTxns, target: PointInTimeReplay.Target) {
        var first: Int64?
        var last: Int64?
        var atTime: Int64?
        logged.forEachReadableHeader { header in
            let z = header.zxid
            if first == nil { first = z }
            last = max(last ?? z, z)
            if case .time(let t) = target, header.time <= t { atTime = z }
        }
        self.first = first
        self.last = last
        self.atTime = atTime
    }

    /// The zxid of the first txn that reads cleanly (``first``, without reading further).
    static func firstReadable(_ logged: LoggedTxns) -> Int64? {
        var first: Int64?
        LoggedTxns.forEachReadableEntry(in: logged.logs.map(\.path)) { header, _, _ in
            first = header.zxid
            return false
        }
        return first
    }
}

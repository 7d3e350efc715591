internal import CZKIO
internal import Glibc

/// Applies txns to a ``DataTree`` with ZooKeeper 3.8's restore semantics:
/// `FileTxnSnapLog.processTransaction` (the sessions map) over `DataTree.processTxn` (nodes,
/// parent `cversion`/`pzxid`, ephemerals, ACL usage counts, quota statistics), keeping the tree
/// digest as Java's `NodeHashMapImpl` does and checking it as `DataTree.compareDigest` and
/// `compareSnapshotDigests` do.
///
/// Semantics kept from the server (`DataTree.java`, 3.8.0):
/// - create, create2, createTTL, createContainer: the ACL is converted (usage counted) before
///   the existence check; a `parentCVersion` of -1 means the parent's `cversion` + 1; the
///   parent's `cversion`/`pzxid` change only when the new `cversion` is larger (a fuzzy
///   snapshot may already hold later children);
/// - a top-level `create` that fails with NODEEXISTS still moves the parent on
///   (`setCversionPzxid`);
/// - delete and deleteContainer: the parent's `pzxid` moves (only up) even when the child is
///   gone;
/// - setData and reconfig set data, `mtime`, `mzxid`, `version`; setACL sets the ACL and
///   `aversion`;
/// - multi: when a sub-txn is an error every other one becomes an error txn (`OK` before the
///   first error, `RUNTIMEINCONSISTENCY` after it);
/// - closeSession deletes the paths its txn lists, then the session's remaining ephemerals;
/// - `lastProcessedZxid` and the recorded `(zxid, digest)` move only after a whole txn.
public final class TxnReplayer {
    /// The tree being replayed (sessions included: Java's `sessions` map).
    public let tree: DataTree
    /// `DataTree.lastProcessedZxid`.
    public private(set) var lastProcessedZxid: Int64
    /// A loaded fuzzy snapshot's digest, until the replay reaches its zxid
    /// (`digestFromLoadedSnapshot`); logged digests are not compared before.
    public private(set) var pendingSnapshotDigest: SnapshotDigest?
    /// `lastProcessedZxidDigest`: the zxid and tree digest after the last txn applied outside a
    /// fuzzy window (what `FileSnap.serialize` writes after the first seal).
    public private(set) var lastZxidDigest: SnapshotDigest?
    /// How the loaded snapshot's digest trailer compared with the tree when the replay reached
    /// its zxid (at once when that is the snapshot's own zxid); `.notChecked` until then.
    public private(set) var snapshotDigestCheck = DigestCheck.notChecked

    private var digest: TreeDigest
    private var quota: QuotaTracker
    /// Parents of recent creates and setData, by path.
    private var parents = ParentCache()
    /// The ACL bytes (`vector<ACL>` elements) and count of the last create, and the reference
    /// ``ACLCache/convert(_:)`` gave them (``convertACL(_:)``).
    private var lastACL: (elements: [UInt8], count: Int, ref: Int64)?
    /// Whether no two references of the cache hold equal lists (always so after a replayed
    /// `convertAcls`; a loaded snapshot may break it). Then a reference still cached holds the
    /// one list `convert` maps to it, which ``convertACL(_:)`` relies on.
    private let aclCacheIsBijective: Bool

    /// ZooKeeper's result codes used here (`KeeperException.Code`).
    public enum Code {
        public static let ok: Int32 = 0
        public static let runtimeInconsistency: Int32 = -2
        public static let noNode: Int32 = -101
        public static let nodeExists: Int32 = -110
        public static let notEmpty: Int32 = -111
    }

    /// What comparing a digest found.
    public enum DigestCheck: Equatable, Sendable {
        /// Nothing to compare (no digest logged, or inside a fuzzy window, or another version).
        case notChecked
        case matched
        case mismatched(expected: Int64, actual: Int64)
    }

    /// The outcome of one txn.
    public struct Outcome: Sendable {
        /// `ProcessTxnResult.err` (errors are normal during a fuzzy window).
        public var err: Int32
        /// The logged digest against the tree after the txn.
        public var logged: DigestCheck
        /// The loaded snapshot's digest, compared when this txn reached its zxid.
        public var snapshot: DigestCheck
    }

    /// With true, the replay also does what Debian's 3.8.0 server (the CVE-2024-23944 fix)
    /// does: `createNode` reads the parent's ACL, `deleteNode` the node's and then the
    /// parent's, `setData` the node's (`DataTree.getACL`), and a reference missing from the
    /// cache throws ``Unsupported`` with ``Unsupported/missingACL``, as `convertLong`'s
    /// RuntimeException ends a restore.
    public var readsACLsAsDebian = false

    /// Why a txn cannot be applied the way Java would.
    public struct Unsupported: Error, Sendable, CustomStringConvertible {
        public var zxid: Int64
        public var reason: String
        /// The ACL reference the cache lacks (``readsACLsAsDebian``): Java's
        /// `RuntimeException: Failed to fetch acls for <ref>`.
        public var missingACL: Int64? = nil
        public var description: String { "txn 0x\(String(UInt64(bitPattern: zxid), radix: 16)): \(reason)" }
    }

    /// - Parameters:
    ///   - tree: a tree with everything kept (``DataTree/Options/all``), loaded from a snapshot
    ///     (quota set up) or ``DataTree/javaInitial()``.
    ///   - lastProcessedZxid: the snapshot's zxid (from its name), or 0.
    ///   - snapshotDigest: the snapshot's digest trailer, if any.
    public init(tree: DataTree, lastProcessedZxid: Int64, snapshotDigest: SnapshotDigest? = nil) {
        self.tree = tree
        self.lastProcessedZxid = lastProcessedZxid
        digest = TreeDigest(tree: tree)
        quota = QuotaTracker(tree: tree)
        aclCacheIsBijective = Set(tree.aclCache.acls.values).count == tree.aclCache.count
        pendingSnapshotDigest = snapshotDigest
        if snapshotDigest != nil {
            // FileSnap.deserialize: compareSnapshotDigests(lastProcessedZxid).
            snapshotDigestCheck = compareSnapshotDigest(at: lastProcessedZxid)
        }
    }

    /// The tree digest now (`DataTree.getTreeDigest`).
    public var treeDigest: Int64 { digest.value }

    /// Applies one txn (`processTransaction`, then `compareDigest` with its logged digest).
    public func apply(_ txn: Txn) throws(Unsupported) -> Outcome {
        let h = txn.header
        switch txn.body {
        case .createSession(let s): tree.addSession(h.clientId, timeout: s.timeOut)
        default: if h.type == OpCode.closeSession { tree.removeSession(h.clientId) }
        }
        var err = try process(h, type: h.type, body: txn.body, isSubTxn: false)
        if h.type == OpCode.create && err == Code.nodeExists, case .create(let c) = txn.body {
            err = adjustParent(of: c.path?.bytes ?? [], cversion: c.parentCVersion, zxid: h.zxid)
        }
        return finish(h, err: err, logged: txn.digest)
    }

    /// What can be worked out for a txn from its payload alone, on another thread ahead of its
    /// replay (``prepare(_:payload:baseOffset:)``): a top-level setData, create or create2
    /// decoded, and the CRC-32 its node's digest starts with.
    public struct PreparedTxn: @unchecked Sendable {
        var fields: ReplayFields
        /// The CRC-32 of the path and data, when the digest counts the node under the txn's
        /// path as given (canonical, not `"/"`, not under `/zookeeper/`).
        var pathAndData: CRC32?
        /// Whether the path is canonical (``JavaString/isCanonical(_:)``): used as it is.
        var pathIsCanonical: Bool
        /// Where the path splits into parent and name (when it is canonical).
        var hint: PathHint?
    }

    /// A canonical path's last `/`, the ``ParentCache`` slot of the part before it and the Java
    /// hash of the name after it: worked out on the reading thread.
    struct PathHint {
        var slash: Int
        var parentSlot: Int
        var nameHash: Int32

        init?(_ path: UnsafeRawBufferPointer) {
            guard let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return nil }
            self.slash = slash
            parentSlot = ParentCache.slot(UnsafeRawBufferPointer(rebasing: path[..<slash]))
            nameHash = JavaString.hashCode(canonical: UnsafeRawBufferPointer(rebasing: path[(slash + 1)...]))
        }
    }

    /// The ``PreparedTxn`` of a payload; nil for any other kind of txn, or one that does not
    /// decode (``apply(payload:baseOffset:prepared:)`` then decodes it, and reports the damage).
    /// Uses nothing but its arguments: safe on any thread.
    public static func prepare(_ header: TxnHeader, payload: UnsafeRawBufferPointer, baseOffset: Int) -> PreparedTxn? {
        guard ReplayFields.isDirect(header.type) else { return nil }
        var fields = ReplayFields()
        do {
            _ = try TxnDecoder.decode(payload: payload, baseOffset: baseOffset, visitor: &fields)
        } catch {
            return nil
        }
        guard fields.header != nil else { return nil }
        var crc: CRC32?
        let canonical = JavaString.isCanonical(fields.path ?? UnsafeRawBufferPointer(start: nil, count: 0))
        if canonical, let path = fields.path, path.count > 1, DigestCalculator.counts(path) {
            var c = CRC32()
            c.update(path)
            if let data = fields.data { c.update(data) }
            crc = c
        }
        let hint = canonical ? fields.path.flatMap(PathHint.init) : nil
        return PreparedTxn(fields: fields, pathAndData: crc, pathIsCanonical: canonical, hint: hint)
    }

    /// Asks the cache, a few txns ahead, for what applying a prepared create or setData will
    /// read: at `stage` 1 the child index slot of its path, at stage 2 (once the slot has
    /// arrived) the node's columns and digest entry, at stage 3 its name and data bytes. Each
    /// step is a guess (the parent cached for the parent path's slot, the first node with the
    /// key's tag): a wrong one costs only the fetch.
    @inline(__always)
    func prefetchAhead(_ prepared: UnsafePointer<PreparedTxn?>, stage: Int) {
        guard let hint = prepared.pointee?.hint, tree.store.indexed, let parent = parents.guess(slot: hint.parentSlot)
        else { return }
        let hash = ChildIndex.hash(parent: parent, nameHash: hint.nameHash)
        let index = tree.store.index
        if stage == 1 {
            zk_prefetch(index.homeSlot(hash))
            return
        }
        guard let node = index.firstCandidate(hash), node >= 0, Int(node) < tree.store.parentColumn.count else {
            return
        }
        if stage == 2 {
            tree.prefetchColumns(node)
            digest.prefetch(node)
        } else {
            tree.prefetchBytes(node)
        }
    }

    /// Applies one txn from its payload (``apply(_:)``): a top-level setData, create or
    /// create2, the bulk of a busy log, goes straight from the payload into the tree
    /// (``ReplayFields``, no per-txn allocation); any other txn is decoded into a ``Txn`` first.
    ///
    /// - Parameters:
    ///   - baseOffset: the file offset of the payload's first byte (for errors).
    ///   - prepared: ``prepare(_:payload:baseOffset:)`` of this payload, if it was worked out.
    /// - Throws: ``Unsupported``, or the ``ZKStorageError`` decoding found.
    public func apply(payload: UnsafeRawBufferPointer, baseOffset: Int, prepared: PreparedTxn? = nil) throws -> Outcome
    {
        if let prepared, let h = prepared.fields.header {
            return try apply(h, prepared.fields, prepared: prepared)
        }
        var fields = ReplayFields()
        try TxnDecoder.decode(payload: payload, baseOffset: baseOffset, visitor: &fields)
        guard let h = fields.header, ReplayFields.isDirect(h.type) else {
            return try apply(Txn.decode(payload: payload, baseOffset: baseOffset))
        }
        return try apply(h, fields, prepared: nil)
    }

    /// A top-level setData, create or create2 from its decoded fields, with what the reading
    /// thread worked out for it, if it did.
    private func apply(_ h: TxnHeader, _ fields: ReplayFields, prepared: PreparedTxn?) throws(Unsupported) -> Outcome {
        let raw = fields.path ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let pathAndData = prepared?.pathAndData
        let pathIsCanonical = prepared?.pathIsCanonical ?? false
        let hint = prepared?.hint
        if h.type == OpCode.setData {
            let err: Int32
            if pathIsCanonical {
                err = try setData(
                    canonicalPath: raw,
                    data: fields.data,
                    version: fields.version,
                    h,
                    pathAndData: pathAndData,
                    hint: hint
                )
            } else {
                err = try setData(
                    path: fields.path,
                    data: fields.data,
                    version: fields.version,
                    h,
                    pathAndData: pathAndData
                )
            }
            return finish(h, err: err, logged: fields.digest)
        }
        // create, create2 (`process`'s `.create` case, then `apply`'s NODEEXISTS adjustment).
        let owner = fields.ephemeral ? h.clientId : 0
        let aclRef = convertACL(fields.acl)
        var err = try Self.withCanonical(raw, known: pathIsCanonical) { path throws(Unsupported) in
            try create(
                path: path,
                data: fields.data,
                aclRef: aclRef,
                owner: owner,
                parentCVersion: fields.parentCVersion,
                h,
                pathAndData: pathAndData,
                hint: hint
            )
        }
        if h.type == OpCode.create && err == Code.nodeExists {
            err = adjustParent(of: Array(raw), cversion: fields.parentCVersion, zxid: h.zxid)
        }
        return finish(h, err: err, logged: fields.digest)
    }

    /// Presizes the tree's data and names for a replay of `logBytes` bytes of logs (every
    /// byte of data set comes from a log), so that they are not copied as they grow: a replay
    /// of 2M setData copied its data arena at every doubling. Only address space is taken,
    /// bounded by a quarter of the machine's memory: pages are used as the replay fills them.
    public func reserve(forLogBytes logBytes: Int) {
        let physical = Int(sysconf(Int32(_SC_PHYS_PAGES))) &* Int(sysconf(Int32(_SC_PAGESIZE)))
        let cap = max(physical / 4, 1 << 26)
        tree.reserve(nameBytes: min(logBytes / 8, cap / 8), dataBytes: min(logBytes, cap))
    }

    /// `convertAcls` of a create's ACL as read (``ACLCache/convert(_:)``): creates in a row
    /// mostly carry the same ACL, whose reference is reused while the cache still holds it
    /// (one usage more, as `convert` counts).
    private func convertACL(_ list: JuteACLList?) -> Int64 {
        guard let list else { return ACLCache.openUnsafeACLID }
        if aclCacheIsBijective, let last = lastACL, last.count == list.count,
            last.elements.withUnsafeBytes({ bytesEqual($0, list.elements) }), tree.aclCache[last.ref] != nil
        {
            tree.aclCache.addUsage(last.ref)
            return last.ref
        }
        let ref = tree.aclCache.convert(list.map(ACL.init))
        lastACL = ref == ACLCache.openUnsafeACLID ? nil : (Array(list.elements), list.count, ref)
        return ref
    }

    /// What follows every txn: `lastProcessedZxid`, the snapshot digest's check or the
    /// recorded `(zxid, digest)`, and the logged digest's check.
    private func finish(_ h: TxnHeader, err: Int32, logged loggedDigest: TxnDigest?) -> Outcome {
        if h.zxid > lastProcessedZxid { lastProcessedZxid = h.zxid }
        var snapshotCheck = DigestCheck.notChecked
        if pendingSnapshotDigest != nil {
            snapshotCheck = compareSnapshotDigest(at: h.zxid)
            if snapshotCheck != .notChecked { snapshotDigestCheck = snapshotCheck }
        } else {
            lastZxidDigest = SnapshotDigest(zxid: h.zxid, version: DigestCalculator.version, digest: digest.value)
        }
        var logged = DigestCheck.notChecked
        if let d = loggedDigest, pendingSnapshotDigest == nil, d.version == DigestCalculator.version {
            logged = d.treeDigest == digest.value ? .matched : .mismatched(expected: d.treeDigest, actual: digest.value)
        }
        return Outcome(err: err, logged: logged, snapshot: snapshotCheck)
    }

    /// `compareSnapshotDigests(zxid)`.
    private func compareSnapshotDigest(at zxid: Int64) -> DigestCheck {
        guard let pending = pendingSnapshotDigest else { return .notChecked }
        if zxid == pending.zxid {
            pendingSnapshotDigest = nil
            guard pending.version == DigestCalculator.version else { return .notChecked }
            return pending.digest == digest.value
                ? .matched : .mismatched(expected: pending.digest, actual: digest.value)
        }
        if pending.zxid != 0 && zxid > pending.zxid { pendingSnapshotDigest = nil }
        return .notChecked
    }

    // MARK: - processTxn

    private func process(_ h: TxnHeader, type: Int32, body: TxnBody, isSubTxn: Bool) throws(Unsupported) -> Int32 {
        switch body {
        case .create(let c):
            let owner = c.ephemeral ? h.clientId : 0
            return try create(c.path, c.data, c.acl, owner: owner, parentCVersion: c.parentCVersion, h)
        case .createTTL(let c):
            guard c.ttl > 0, c.ttl <= 0x0000_00FF_FFFF_FFFF else {
                throw Unsupported(
                    zxid: h.zxid,
                    reason: "createTTL with ttl \(c.ttl) (Java throws IllegalArgumentException)"
                )
            }
            let owner = Int64(bitPattern: 0xFF00_0000_0000_0000) | c.ttl
            return try create(c.path, c.data, c.acl, owner: owner, parentCVersion: c.parentCVersion, h)
        case .createContainer(let c):
            return try create(c.path, c.data, c.acl, owner: .min, parentCVersion: c.parentCVersion, h)
        case .delete(let d):
            return try delete(path: d.path?.bytes ?? [], zxid: h.zxid)
        case .setData(let s):
            return try s.path.withBytes { p throws(Unsupported) in
                try s.data.withBytes { d throws(Unsupported) in try setData(path: p, data: d, version: s.version, h) }
            }
        case .setACL(let s):
            return setACL(s)
        case .closeSession(let c):
            try closeSession(h.clientId, zxid: h.zxid, listed: c.paths2Delete.map { $0.map { $0?.bytes ?? [] } })
            return Code.ok
        case .none:
            if type == OpCode.closeSession { try closeSession(h.clientId, zxid: h.zxid, listed: nil) }
            return Code.ok
        case .error(let e):
            return e.err
        case .multi(let m):
            return try multi(m, h)
        case .checkVersion, .createSession, .setMaxChildren:
            return Code.ok
        }
    }

    private func multi(_ m: MultiTxn, _ h: TxnHeader) throws(Unsupported) -> Int32 {
        let subs = m.txns ?? []
        let failed = subs.contains { $0.type == OpCode.error }
        var postFailed = false
        var err = Code.ok
        for sub in subs {
            let valid: Set<Int32> = [
                OpCode.create, OpCode.createTTL, OpCode.createContainer, OpCode.delete, OpCode.deleteContainer,
                OpCode.setData, OpCode.error, OpCode.check,
            ]
            // Java: "Invalid type of op" (an IOException) ends the multi here.
            guard valid.contains(sub.type) else { break }
            if sub.type == OpCode.error { postFailed = true }
            var type = sub.type
            var body: TxnBody
            do {
                body = try sub.decodeRecord()
            } catch {
                break  // an IOException from byteBuffer2Record: the rest is not applied
            }
            if failed && sub.type != OpCode.error {
                type = OpCode.error
                body = .error(ErrorTxn(err: postFailed ? Code.runtimeInconsistency : Code.ok))
            }
            let subHeader = TxnHeader(clientId: h.clientId, cxid: h.cxid, zxid: h.zxid, time: h.time, type: type)
            var subErr = try process(subHeader, type: type, body: body, isSubTxn: true)
            if type == OpCode.create && subErr == Code.nodeExists, case .create(let c) = body {
                subErr = adjustParent(of: c.path?.bytes ?? [], cversion: c.parentCVersion, zxid: h.zxid)
            }
            if subErr != 0 && err == 0 { err = subErr }
        }
        return err
    }

    // MARK: - Node operations

    /// A txn path as the tree keys it (Java's `new String(bytes, UTF_8)`, re-encoded).
    private static func canonical(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { JavaString.isCanonical($0) ? bytes : JavaString.canonical($0) }
    }

    private static func lastSlash(_ path: [UInt8]) -> Int? { path.lastIndex(of: UInt8(ascii: "/")) }

    /// Calls `body` with the path as the tree keys it (``canonical(_:)``), copying only a path
    /// Java would re-encode.
    @inline(__always)
    private static func withCanonical<R>(
        _ bytes: UnsafeRawBufferPointer,
        known: Bool = false,
        _ body: (UnsafeRawBufferPointer) throws(Unsupported) -> R
    ) throws(Unsupported) -> R {
        if known || JavaString.isCanonical(bytes) { return try body(bytes) }
        let copy = JavaString.canonical(bytes)
        let result = copy.withUnsafeBytes { b in Result { () throws(Unsupported) in try body(b) } }
        return try result.get()
    }

    private func create(
        _ rawPath: JuteString?,
        _ data: [UInt8]?,
        _ acl: [ACL]?,
        owner: Int64,
        parentCVersion: Int32,
        _ h: TxnHeader
    ) throws(Unsupported) -> Int32 {
        // Java converts the ACL (counting a usage) before anything can fail.
        let aclRef = acl.map { tree.aclCache.convert($0) } ?? ACLCache.openUnsafeACLID
        return try rawPath.withBytes { raw throws(Unsupported) in
            try Self.withCanonical(raw) { path throws(Unsupported) in
                try data.withBytes { d throws(Unsupported) in
                    try create(path: path, data: d, aclRef: aclRef, owner: owner, parentCVersion: parentCVersion, h)
                }
            }
        }
    }

    private func create(
        path: UnsafeRawBufferPointer,
        data: UnsafeRawBufferPointer?,
        aclRef: Int64,
        owner: Int64,
        parentCVersion: Int32,
        _ h: TxnHeader,
        pathAndData: CRC32? = nil,
        hint: PathHint? = nil
    ) throws(Unsupported) -> Int32 {
        guard let slash = hint?.slash ?? path.lastIndex(of: UInt8(ascii: "/")) else {
            throw Unsupported(
                zxid: h.zxid,
                reason: "create of a path without \"/\" (Java throws StringIndexOutOfBoundsException)"
            )
        }
        let parentPath = UnsafeRawBufferPointer(rebasing: path[..<slash])
        let name = UnsafeRawBufferPointer(rebasing: path[(slash + 1)...])
        guard let parent = parents.node(atPath: parentPath, slot: hint?.parentSlot, in: tree) else {
            return Code.noNode
        }
        try readACL(of: parent, path: String(decoding: parentPath, as: UTF8.self), zxid: h.zxid)
        var stat = StatPersisted()
        stat.czxid = h.zxid
        stat.mzxid = h.zxid
        stat.pzxid = h.zxid
        stat.ctime = h.time
        stat.mtime = h.time
        stat.ephemeralOwner = owner
        // createNode checks that the name is new (Java's NODEEXISTS) before anything changes;
        // the parent's stat, which the new child does not touch, changes after it.
        let node: Int32
        do {
            // The reference's usage was counted by convertAcls (``convertACL(_:)``), as in Java.
            node = try tree.createNode(
                parent: parent,
                name: name,
                data: data,
                aclRef: aclRef,
                countingACLUsage: false,
                nameHash: hint?.nameHash,
                stat: stat
            )
        } catch {
            return Code.nodeExists
        }
        var newCVersion = parentCVersion
        if newCVersion == -1 { newCVersion = tree.stat(parent).cversion &+ 1 }
        if newCVersion > tree.stat(parent).cversion {
            changeStat(parent, path: parentPath) {
                $0.cversion = newCVersion
                $0.pzxid = h.zxid
            }
        }
        digest.add(node, path: path, tree: tree, pathAndData: pathAndData)
        quota.nodeCreated(parentPath: parentPath, name: name, tree: tree)
        quota.update(path: path, bytes: Int64(data?.count ?? 0), count: 1, tree: tree)
        return Code.ok
    }

    /// `deleteNode(path, zxid)`.
    private func delete(path rawPath: [UInt8], zxid: Int64) throws(Unsupported) -> Int32 {
        let path = Self.canonical(rawPath)
        guard let slash = Self.lastSlash(path) else {
            throw Unsupported(
                zxid: zxid,
                reason: "delete of a path without \"/\" (Java throws StringIndexOutOfBoundsException)"
            )
        }
        let parentPath = Array(path[..<slash])
        let name = Array(path[(slash + 1)...])
        guard let parent = tree.node(atPath: parentPath) else { return Code.noNode }
        if zxid > tree.stat(parent).pzxid {
            changeStat(parent, path: parentPath) { $0.pzxid = zxid }
        }
        guard let node = name.withUnsafeBytes({ tree.child(of: parent, named: $0) }) else { return Code.noNode }
        try readACL(of: node, path: String(decoding: path, as: UTF8.self), zxid: zxid)
        try readACL(of: parent, path: String(decoding: parentPath, as: UTF8.self), zxid: zxid)
        let bytes = Int64(max(tree.dataLength(node), 0))
        digest.forget(node)
        parents.forgetAll()
        do {
            try tree.deleteNode(node)
        } catch {
            throw Unsupported(
                zxid: zxid,
                reason: "delete of \(String(decoding: path, as: UTF8.self)), which has children "
                    + "(Java leaves them orphaned in its node map; not reproduced)"
            )
        }
        parentPath.withUnsafeBytes { p in name.withUnsafeBytes { n in quota.nodeDeleted(parentPath: p, name: n) } }
        path.withUnsafeBytes { quota.update(path: $0, bytes: -bytes, count: -1, tree: tree) }
        return Code.ok
    }

    private func setData(
        path rawPath: UnsafeRawBufferPointer?,
        data: UnsafeRawBufferPointer?,
        version: Int32,
        _ h: TxnHeader,
        pathAndData: CRC32? = nil
    ) throws(Unsupported) -> Int32 {
        let raw = rawPath ?? UnsafeRawBufferPointer(start: nil, count: 0)
        if JavaString.isCanonical(raw) {
            return try setData(canonicalPath: raw, data: data, version: version, h, pathAndData: pathAndData)
        }
        let copy = JavaString.canonical(raw)
        let result = copy.withUnsafeBytes { p in
            Result { () throws(Unsupported) in try setData(canonicalPath: p, data: data, version: version, h) }
        }
        return try result.get()
    }

    private func setData(
        canonicalPath path: UnsafeRawBufferPointer,
        data: UnsafeRawBufferPointer?,
        version: Int32,
        _ h: TxnHeader,
        pathAndData: CRC32? = nil,
        hint: PathHint? = nil
    ) throws(Unsupported) -> Int32 {
        guard let node = node(atPath: path, hint: hint) else { return Code.noNode }
        try readACL(of: node, path: String(decoding: path, as: UTF8.self), zxid: h.zxid)
        let before = Int64(max(tree.dataLength(node), 0))
        digest.remove(node)
        tree.setData(node, data)
        tree.updateStat(node) {
            $0.mtime = h.time
            $0.mzxid = h.zxid
            $0.version = version
        }
        digest.add(node, path: path, tree: tree, pathAndData: pathAndData)
        quota.update(path: path, bytes: Int64(data?.count ?? 0) - before, count: 0, tree: tree)
        return Code.ok
    }

    /// `getNode(path)` for a canonical path: the parent from ``parents``, then its child. A
    /// path without `/`, `"/"` itself and a parent `"/"` (which `getNode` of the whole path
    /// does not alias) are looked up whole.
    @inline(__always)
    private func node(atPath path: UnsafeRawBufferPointer, hint: PathHint? = nil) -> Int32? {
        guard let slash = hint?.slash ?? path.lastIndex(of: UInt8(ascii: "/")), path.count > 1,
            !(slash == 1 && path[0] == UInt8(ascii: "/"))
        else { return tree.node(atPath: path) }
        let parentPath = UnsafeRawBufferPointer(rebasing: path[..<slash])
        guard let parent = parents.node(atPath: parentPath, slot: hint?.parentSlot, in: tree) else { return nil }
        let name = UnsafeRawBufferPointer(rebasing: path[(slash + 1)...])
        let node = tree.childPrefetching(
            of: parent,
            named: name,
            nameHash: hint?.nameHash ?? JavaString.hashCode(canonical: name)
        )
        if let node { digest.prefetch(node) }
        return node
    }

    private func setACL(_ s: SetACLTxn) -> Int32 {
        let path = Self.canonical(s.path?.bytes ?? [])
        guard let node = tree.node(atPath: path) else { return Code.noNode }
        tree.aclCache.removeUsage(tree.aclRef(node))
        let ref = s.acl.map { tree.aclCache.convert($0) } ?? ACLCache.openUnsafeACLID
        tree.setACLRefKeepingUsage(node, ref)
        changeStat(node, path: path) { $0.aversion = s.version }
        return Code.ok
    }

    /// `setCversionPzxid(parent of path, cversion, zxid)` after a create that found its node.
    private func adjustParent(of rawPath: [UInt8], cversion: Int32, zxid: Int64) -> Int32 {
        let path = Self.canonical(rawPath)
        guard let slash = Self.lastSlash(path) else { return Code.noNode }
        var parentPath = Array(path[..<slash])
        if parentPath.last == UInt8(ascii: "/") { parentPath.removeLast() }
        guard let parent = tree.node(atPath: parentPath) else { return Code.noNode }
        var newCVersion = cversion
        if newCVersion == -1 { newCVersion = tree.stat(parent).cversion &+ 1 }
        if newCVersion > tree.stat(parent).cversion {
            changeStat(parent, path: parentPath) {
                $0.cversion = newCVersion
                $0.pzxid = zxid
            }
        }
        return Code.nodeExists
    }

    /// `killSession`: the txn's paths, then the session's other ephemerals.
    private func closeSession(_ session: Int64, zxid: Int64, listed: [[UInt8]]?) throws(Unsupported) {
        let local = tree.ephemerals[session] ?? []
        var deleted: Set<Int32> = []
        if let listed {
            for path in listed {
                if let node = tree.node(atPath: Self.canonical(path)) { deleted.insert(node) }
                _ = try delete(path: path, zxid: zxid)
            }
        }
        for node in local.sorted() where !deleted.contains(node) && tree.isLive(node) {
            _ = try delete(path: tree.path(node), zxid: zxid)
        }
    }

    /// `DataTree.getACL(node)` where Debian's server calls it (``readsACLsAsDebian``):
    /// `convertLong` of a reference the cache lacks throws.
    @inline(__always)
    private func readACL(of node: Int32, path: @autoclosure () -> String, zxid: Int64) throws(Unsupported) {
        guard readsACLsAsDebian else { return }
        let ref = tree.aclRef(node)
        guard ref != ACLCache.openUnsafeACLID, tree.aclCache[ref] == nil else { return }
        throw Unsupported(
            zxid: zxid,
            reason: "\(path()) refers to ACL \(ref), which the ACL cache does not hold",
            missingACL: ref
        )
    }

    /// Changes a node's stat (`preChange`/`postChange`).
    private func changeStat(_ node: Int32, path: [UInt8], _ body: (inout StatPersisted) -> Void) {
        path.withUnsafeBytes { changeStat(node, path: $0, body) }
    }

    private func changeStat(_ node: Int32, path: UnsafeRawBufferPointer, _ body: (inout StatPersisted) -> Void) {
        digest.remove(node)
        tree.updateStat(node, body)
        digest.addAfterStatChange(node, path: path, tree: tree)
    }
}

extension Optional where Wrapped == JuteString {
    /// Calls `body` with the string's bytes (none for null: the replay reads a null path as `""`).
    @inline(__always)
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        guard let self else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let result = self.bytes.withUnsafeBytes { b in Result { () throws(E) in try body(b) } }
        return try result.get()
    }
}

extension Optional where Wrapped == [UInt8] {
    /// Calls `body` with the bytes, or nil for null.
    @inline(__always)
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer?) throws(E) -> R) throws(E) -> R {
        guard let self else { return try body(nil) }
        let result = self.withUnsafeBytes { b in Result { () throws(E) in try body(b) } }
        return try result.get()
    }
}

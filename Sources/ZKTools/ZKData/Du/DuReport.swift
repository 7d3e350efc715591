internal import ArgumentParser

/// What `zkdata du` found in one snapshot: where the bytes and nodes are (shared/docs/zkdata-spec.md,
/// `du`). `bytes` always counts node data; a subtree's `nodes` includes its root.
struct DuReport {
    /// The snapshot read.
    var snapshot: String
    /// The zxid in the snapshot's name (-1 when the name has none).
    var snapshotZxid: Int64
    /// The subtree looked at (`--prefix`; "/" for the whole tree).
    var prefix: String
    /// Nodes in the subtree, its root included (0 when the prefix does not exist).
    var nodes = 0
    /// Data bytes in the subtree.
    var bytes = 0
    /// Subtrees down to `--depth` (relative to the prefix), in tree order with siblings sorted by
    /// `--by`, largest first.
    var subtrees: [DuSubtree] = []
    /// The `--top` nodes with the most data, largest first.
    var largest: [DuNodeSize] = []
    /// The `--top` nodes with the most children, widest first.
    var mostChildren: [DuNodeChildren] = []
    /// Every session of the snapshot's session table, and every other ephemeral owner, with its
    /// ephemerals in the subtree; most ephemerals first.
    var sessions: [DuSession] = []
    /// Nodes whose data is at least `nearLimitBytes`, largest first (at most `--top`).
    var nearLimit: [DuNodeSize] = []
    /// How many nodes are at least `nearLimitBytes` (``nearLimit`` may list fewer).
    var nearLimitCount = 0
    /// `jute.maxbuffer` as the estimate assumes it.
    var juteMaxBuffer: Int
    /// The data size that counts as near the limit.
    var nearLimitBytes: Int
    /// True when the snapshot carries a tree digest (then a closeSession txn carries a TxnDigest).
    var hasDigest = false
    /// False when a checksum seal does not verify.
    var sealsValid = true
    /// The tree for the HTML page's treemap, aggregated below what can be seen.
    var treemap = DuTreemap()
}

/// One subtree total.
struct DuSubtree: Equatable {
    var path: String
    /// Depth below the prefix (0: the prefix itself).
    var depth: Int
    var nodes: Int
    var bytes: Int
    /// Direct children of the subtree's root.
    var children: Int
}

struct DuNodeSize: Equatable {
    var path: String
    var bytes: Int
}

struct DuNodeChildren: Equatable {
    var path: String
    var children: Int
}

/// A session's ephemeral nodes and what closing it would cost.
struct DuSession: Equatable {
    var session: Int64
    /// The session's timeout from the snapshot's session table; nil for an owner that is not in
    /// the table (its ephemerals outlived it, or the snapshot is fuzzy).
    var timeoutMs: Int32?
    var ephemerals: Int
    /// Data bytes of its ephemerals.
    var bytes: Int
    /// The estimated size of the closeSession txn the server would log and propose for it.
    var closeTxnBytes: Int
}

/// The order of siblings in `subtrees` (`--by`).
enum DuOrder: String, ExpressibleByArgument, CaseIterable, Sendable {
    case bytes
    case nodes
    case children
}

/// The size of a closeSession txn, as ZooKeeper 3.8 builds it (`PrepRequestProcessor.pRequest2Txn`,
/// `OpCode.closeSession`: `new CloseSessionTxn(new ArrayList<>(ephemerals))`) and serializes it
/// (`Util.marshallTxnEntry` → the txn-log entry and the leader's PROPOSAL packet data):
///
///     TxnHeader       int64 clientId | int32 cxid | int64 zxid | int64 time | int32 type   32 bytes
///     CloseSessionTxn int32 count | { int32 length | path bytes } × count
///     TxnDigest       int32 version | int64 treeDigest                 12 bytes, when digests are on
///
/// A learner reading the proposal and a server replaying its log both refuse a buffer longer than
/// `jute.maxbuffer` + `zookeeper.jute.maxbuffer.extrasize` (by default 2 × 1,048,575) with
/// "Unreasonable length"; a session's close is the one txn whose size no client request bounds.
enum CloseSessionEstimate {
    static let headerBytes = 32
    static let digestBytes = 12
    /// ZooKeeper's default `jute.maxbuffer` (`BinaryInputArchive.maxBuffer`, 0xfffff).
    static let defaultJuteMaxBuffer = 0xFFFFF

    /// The serialized txn entry for a session whose ephemeral paths take `pathBytes` bytes in all.
    static func bytes(ephemerals: Int, pathBytes: Int, digest: Bool) -> Int {
        headerBytes + 4 + 4 * ephemerals + pathBytes + (digest ? digestBytes : 0)
    }
}

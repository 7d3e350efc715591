/// The part of a startup prediction only a replay of the txns can give.
///
/// A node created with a new ACL inside a snapshot's fuzzy window is written with a reference
/// the snapshot's ACL cache (written before the nodes) lacks. Replaying its create, the server
/// converts the ACL again and hands out `aclIndex + 1`, which is that reference only when
/// `aclIndex` is what it was live; a snapshot tried before and failed raises `aclIndex` (its
/// `clear()` keeps it), and references freed before the snapshot lower the cache's largest
/// one. Debian's 3.8.0 server (the CVE-2024-23944 fix) reads a node's ACL in `setData`,
/// `deleteNode` and a child's `createNode`: on a reference the cache lacks, `convertLong`
/// throws a RuntimeException and startup dies.
extension ServerRestore {
    /// Where the replay of `logs` from the snapshot (with `aclIndex` left by the snapshots tried
    /// before) first reads an ACL the cache lacks, up to `last`; nil when it does not (or when
    /// the replay cannot be done: the file-level prediction stands).
    static func firstMissingACL(
        snapshotPath: String,
        snapZxid: Int64,
        aclIndex: Int64?,
        logs: [String],
        through last: Int64
    ) -> (zxid: Int64, ref: Int64, file: String, offset: Int, reason: String)? {
        guard let tree = try? DataTree(snapshotAt: snapshotPath, options: .all) else { return nil }
        if let aclIndex { tree.aclCache.raiseIndex(to: aclIndex) }
        let replayer = TxnReplayer(tree: tree, lastProcessedZxid: snapZxid)
        replayer.readsACLsAsDebian = true
        var missing: (zxid: Int64, ref: Int64, file: String, offset: Int, reason: String)?
        // The server's iterator: each file up to its first damaged entry.
        LoggedTxns.forEachReadableEntry(in: logs) { header, payload, location in
            if header.zxid <= snapZxid { return true }
            guard header.zxid <= last else { return false }
            do {
                _ = try replayer.apply(payload: payload, baseOffset: location.offset + 12)
                return true
            } catch let error as TxnReplayer.Unsupported {
                if let ref = error.missingACL {
                    missing = (header.zxid, ref, location.file, location.offset, error.reason)
                }
                return false
            } catch {
                return false
            }
        }
        return missing
    }
}

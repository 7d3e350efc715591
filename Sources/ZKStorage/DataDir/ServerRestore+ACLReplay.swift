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
        for path in logs {
            guard var reader = try? TxnLogReader(path: path) else { return nil }
            // The server's iterator: each file up to its first damaged entry.
            while case .entry(let entry)? = try? reader.next(),
                entry.storedChecksum == Int64(entry.computedChecksum), entry.endOfRecord == .valid
            {
                var cursor = ByteCursor(entry.payload)
                guard let header = TxnHeader(cursor: &cursor) else { break }
                if header.zxid <= snapZxid { continue }
                if header.zxid > last { return nil }
                do {
                    _ = try replayer.apply(payload: entry.payload, baseOffset: entry.payloadOffset)
                } catch let error as TxnReplayer.Unsupported {
                    guard let ref = error.missingACL else { return nil }
                    return (header.zxid, ref, path, entry.offset, error.reason)
                } catch {
                    return nil
                }
            }
        }
        return nil
    }
}

internal import ZKStorage
internal import ZKToolSupport

/// Writes a replayed tree: as a snapshot ZooKeeper loads (`at`, `seal`), or as NDJSON node
/// records (`at --format ndjson`).
enum TreeOutput {
    /// The snapshot for `result`, at `path` (a directory: `snapshot.<zxid>` inside it, the name a
    /// server takes its zxid from). `bumpEpoch` names it after the first zxid of the epoch after
    /// every zxid the directory has seen. Returns the path written.
    static func writeSnapshot(
        _ result: PointInTimeReplay.Result,
        to path: String,
        contents: DataDirContents,
        bumpEpoch: Bool
    ) throws -> (path: String, nameZxid: Int64) {
        var nameZxid = result.zxid
        if bumpEpoch {
            var highest = result.highestLoggedZxid()
            for snap in contents.snapshots { highest = max(highest, snap.zxid) }
            nameZxid = ((highest >> 32) + 1) << 32
        }
        var target = path
        if JavaFileSystem.isDirectory(path) {
            target = JavaFileSystem.child(path, "snapshot." + String(UInt64(bitPattern: nameZxid), radix: 16))
        } else {
            let name = JavaFileSystem.name(path)
            if let named = DataFileName.parsedZxid(name, prefix: DataFileName.snapshotPrefix), named != nameZxid {
                Console.errorLine(
                    "zkdata: note: a server takes its zxid from the snapshot's name: name it snapshot.\(String(UInt64(bitPattern: nameZxid), radix: 16)) "
                        + "(with .gz/.snappy if compressed), not \(name)"
                )
            }
        }
        try result.tree.writeSnapshot(to: target, digest: result.digest)
        return (target, nameZxid)
    }

    /// One NDJSON record per node, in the snapshot's pre-order: `path`, `data`, the stat fields
    /// (zxids and the ephemeral owner as hex, times as ISO-8601 plus `_ms`), `acl` (the cache
    /// reference's list) and `children`.
    static func writeNodeRecords(_ tree: DataTree, to sink: (UnsafeRawBufferPointer) -> Void, utf8: Bool) {
        var json = JSONWriter()
        tree.forEachNodeInSnapshotOrder { node, path in
            let stat = tree.stat(node)
            json.beginObject()
            json.key("path")
            if path.isEmpty { json.string("/") } else { json.string(path) }
            json.key("data")
            if tree.dataLength(node) < 0 {
                json.data(nil, utf8: utf8)
            } else {
                tree.withData(node) { json.data($0, utf8: utf8) }
            }
            json.member("czxid", hex: stat.czxid)
            json.member("mzxid", hex: stat.mzxid)
            json.member("pzxid", hex: stat.pzxid)
            json.member("ctime", millis: stat.ctime)
            json.member("ctime_ms", stat.ctime)
            json.member("mtime", millis: stat.mtime)
            json.member("mtime_ms", stat.mtime)
            json.member("version", stat.version)
            json.member("cversion", stat.cversion)
            json.member("aversion", stat.aversion)
            json.member("ephemeral_owner", hex: stat.ephemeralOwner)
            json.key("acl")
            json.beginArray()
            for acl in tree.aclCache[tree.aclRef(node)] ?? [] {
                json.beginObject()
                json.member("perms", permsText(acl.perms))
                json.member("scheme", acl.id.scheme?.string ?? "")
                json.member("id", acl.id.id?.string ?? "")
                json.endObject()
            }
            json.endArray()
            json.member("children", tree.childCount(node))
            json.endObject()
            json.endLine()
            if json.count >= 1 << 16 {
                json.withBytes(sink)
                json.truncate(to: 0)
            }
            return true
        }
        json.withBytes(sink)
    }

    /// `cdrwa` letters of ZooKeeper's permission bits (READ 1, WRITE 2, CREATE 4, DELETE 8,
    /// ADMIN 16), in the order the spec's ACL records use.
    static func permsText(_ perms: Int32) -> String {
        var text = ""
        if perms & 4 != 0 { text += "c" }
        if perms & 8 != 0 { text += "d" }
        if perms & 1 != 0 { text += "r" }
        if perms & 2 != 0 { text += "w" }
        if perms & 16 != 0 { text += "a" }
        return text
    }
}

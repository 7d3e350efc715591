internal import ZKStorage

/// The spec's `txn` record (shared/docs/zkdata-spec.md, "Records"), written by a ``TxnVisitor``
/// straight into a ``JSONWriter`` while ``TxnDecoder`` reads:
///
///     {"zxid":"0x…","time":"…Z","time_ms":N,"session":"0x…","cxid":N,"op":"create",
///      "path":"/a","data":{"len":N,"b64":"…"},"acl":[{"perms":"cdrwa","scheme":"world","id":"anyone"}],
///      "ephemeral":false,"parent_cversion":N, … ,"digest":{"version":2,"tree":"0x…"},
///      "file":"…","offset":N}
///
/// Body keys follow the record's jute order (`path`, `data`, `acl`, `ephemeral`,
/// `parent_cversion`, `ttl`, `version`, `timeout`, `paths`, `err`/`err_name`, `ops`). A multi's
/// `ops` are objects with `op` and the sub-record's keys. A type with no record is
/// `"op":"unknown","type":N,"raw":{…}`, at the top or in `ops`.
struct TxnJSONRecord: TxnVisitor {
    var out: JSONWriter
    /// Add `"utf8"` to data that is valid UTF-8.
    let utf8Data: Bool
    private var nesting = TxnNesting()

    init(out: JSONWriter = JSONWriter(), utf8Data: Bool) {
        self.out = out
        self.utf8Data = utf8Data
    }

    mutating func visitHeader(_ header: TxnHeader) -> Bool {
        nesting.reset()
        out.beginObject()
        out.member("zxid", hex: header.zxid)
        out.member("time", millis: header.time)
        out.member("time_ms", header.time)
        out.member("session", hex: header.clientId)
        out.member("cxid", header.cxid)
        out.member("op", TxnNesting.opName(header.type, inMulti: false))
        return true
    }

    mutating func visitRecord(_ record: TxnRecordType) { nesting.begin(record) }

    mutating func visitEndRecord() {
        switch nesting.end() {
        case .subTxn: out.endObject()
        case .multiList: out.endArray()
        case .record: break
        }
    }

    mutating func visitPath(_ path: UnsafeRawBufferPointer?) {
        out.key("path")
        if let path { out.string(path) } else { out.null() }
    }

    mutating func visitData(_ data: UnsafeRawBufferPointer?) {
        out.key("data")
        out.data(data, utf8: utf8Data)
    }

    mutating func visitACL(_ acl: JuteACLList?) {
        out.key("acl")
        guard let acl else { return out.null() }
        out.beginArray()
        for entry in acl {
            out.beginObject()
            out.key("perms")
            out.permissions(entry.perms)
            out.key("scheme")
            if let scheme = entry.scheme { out.string(scheme) } else { out.null() }
            out.key("id")
            if let id = entry.id { out.string(id) } else { out.null() }
            out.endObject()
        }
        out.endArray()
    }

    mutating func visitEphemeral(_ ephemeral: Bool) {
        out.member("ephemeral", ephemeral)
    }

    mutating func visitParentCVersion(_ parentCVersion: Int32) {
        out.member("parent_cversion", parentCVersion)
    }

    mutating func visitTTL(_ ttl: Int64) {
        out.member("ttl", ttl)
    }

    mutating func visitVersion(_ version: Int32) {
        out.member("version", version)
    }

    mutating func visitTimeout(_ timeout: Int32) {
        out.member("timeout", timeout)
    }

    mutating func visitPaths(_ paths: JuteStringList?) {
        out.key("paths")
        guard let paths else { return out.null() }
        out.beginArray()
        for path in paths {
            if let path { out.string(path) } else { out.null() }
        }
        out.endArray()
    }

    mutating func visitErr(_ err: Int32) {
        out.member("err", err)
        out.key("err_name")
        if let name = KeeperErrorCode.name(err) { out.string(name) } else { out.null() }
    }

    mutating func visitMultiCount(_ count: Int?) {
        out.key("ops")
        if count == nil {
            out.null()
            nesting.nullList()
        } else {
            out.beginArray()
        }
    }

    mutating func visitSubTxn(type: Int32, data: UnsafeRawBufferPointer?) -> Bool {
        out.beginObject()
        out.member("op", TxnNesting.opName(type, inMulti: true))
        return true
    }

    mutating func visitUnknown(type: Int32, bytes: UnsafeRawBufferPointer) -> Bool {
        out.member("type", type)
        out.key("raw")
        out.data(bytes, utf8: false)
        if nesting.depth == 1 { out.endObject() }  // inside a multi: the sub-txn's object
        return true
    }

    mutating func visitDigest(_ digest: TxnDigest) {
        out.key("digest")
        out.beginObject()
        out.member("version", digest.version)
        out.member("tree", hex: digest.treeDigest)
        out.endObject()
    }

    /// Ends the record begun by ``visitHeader(_:)``: where it was read from.
    mutating func finish(file: UnsafeRawBufferPointer, offset: Int) {
        out.member("file", file)
        out.member("offset", offset)
    }

    /// Closes the record's object and line.
    mutating func endLine() {
        out.endObject()
        out.endLine()
    }
}

extension JSONWriter {
    /// ACL permission bits as ZooKeeper's letters (`cdrwa`).
    mutating func permissions(_ perms: Int32) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 5) { letters in
            var n = 0
            ACLPerms.forEachLetter(perms) { letter in
                letters[n] = letter
                n += 1
            }
            string(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: letters[0..<n])))
        }
    }
}

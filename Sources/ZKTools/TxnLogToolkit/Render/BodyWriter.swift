internal import ZKToolSupport

/// The pieces of `getFormattedTxnStr` (3.8.0) and of jute's `toString()` text
/// (`ToStringOutputArchive`) that the txn bodies are made of.
struct BodyWriter {
    let charset: JavaPlatformCharset

    /// A path by string concatenation: the decoded text, or `null`.
    @inline(__always)
    func path(_ bytes: UnsafeRawBufferPointer?, to sink: inout ByteSink) {
        guard let bytes else { return sink.append("null") }
        JavaText.appendDecoded(bytes, charset: charset, to: &sink)
    }

    /// `checkNullToEmpty(data)`: `""` for null or empty, else `new String(data, UTF_8)`.
    @inline(__always)
    func data(_ bytes: UnsafeRawBufferPointer?, to sink: inout ByteSink) {
        guard let bytes else { return }
        JavaText.appendDecoded(bytes, charset: charset, to: &sink)
    }

    /// A jute `toString()` string: `'` and the escaped text (no closing quote); null prints nothing.
    @inline(__always)
    func juteString(_ bytes: UnsafeRawBufferPointer?, to sink: inout ByteSink) {
        guard let bytes else { return }
        sink.append(0x27)
        JavaText.appendDecoded(bytes, charset: charset, juteEscapes: true, to: &sink)
    }

    /// An ACL's fields in jute text: `<perms>,s{'<scheme>,'<id>}`.
    func acl(_ c: inout PayloadCursor, to sink: inout ByteSink) throws(DecodeFailure) {
        JavaText.appendDecimal(try c.readInt("ACL.perms"), to: &sink)
        sink.append(",s{")
        juteString(try c.readBuffer("Id.scheme"), to: &sink)
        sink.append(0x2C)
        juteString(try c.readBuffer("Id.id"), to: &sink)
        sink.append(0x7D)
    }

    /// `List<ACL>.toString()`: `null`, or `[` + each `ACL.toString()` (ending in a line feed)
    /// joined by `, ` + `]`.
    func aclList(_ c: inout PayloadCursor, to sink: inout ByteSink) throws(DecodeFailure) {
        guard let n = try c.readVectorCount("acl count") else { return sink.append("null") }
        sink.append(0x5B)
        var i: Int32 = 0
        while i < n {
            if i > 0 { sink.append(", ") }
            try acl(&c, to: &sink)
            sink.append(0x0A)
            i &+= 1
        }
        sink.append(0x5D)
    }

    /// `path + "," + data + "," + aclList`, the start of every create record.
    func pathDataACL(_ c: inout PayloadCursor, to sink: inout ByteSink) throws(DecodeFailure) {
        path(try c.readBuffer("path"), to: &sink)
        sink.append(0x2C)
        data(try c.readBuffer("data"), to: &sink)
        sink.append(0x2C)
        try aclList(&c, to: &sink)
    }

    /// `CreateTxn`: `path,data,aclList,ephemeral,parentCVersion`; a `CreateTxnV0` (no
    /// parentCVersion) prints -1 for it.
    func create(_ c: inout PayloadCursor, v0: Bool, to sink: inout ByteSink) throws(DecodeFailure) {
        try pathDataACL(&c, to: &sink)
        let ephemeral = try c.readBool("CreateTxn.ephemeral")
        sink.append(ephemeral ? ",true," : ",false,")
        if v0 {
            sink.append("-1")
        } else {
            JavaText.appendDecimal(try c.readInt("CreateTxn.parentCVersion"), to: &sink)
        }
    }

    /// `CloseSessionTxn.toString()`: `v{'<path>,…}` and a line feed; a null vector is `v{}` too.
    func closeSession(_ c: inout PayloadCursor, to sink: inout ByteSink) throws(DecodeFailure) {
        sink.append("v{")
        if let n = try c.readVectorCount("CloseSessionTxn.paths2Delete count") {
            var i: Int32 = 0
            while i < n {
                if i > 0 { sink.append(0x2C) }
                juteString(try c.readBuffer("CloseSessionTxn path"), to: &sink)
                i &+= 1
            }
        }
        sink.append("}\n")
    }

    /// `MultiTxn` in 3.8.0: `<op2String(type)>:<the sub-record's raw bytes as UTF-8>` joined by `;`.
    func multi(_ c: inout PayloadCursor, formatting: Bool, to sink: inout ByteSink) throws(DecodeFailure) {
        let countOffset = c.position
        guard let n = try c.readVectorCount("MultiTxn.txns count") else {
            // Deserialization gives a null list; formatting it calls size() on null.
            if formatting { throw .nullMultiList(offset: countOffset) }
            return
        }
        var i: Int32 = 0
        while i < n {
            if i > 0 { sink.append(0x3B) }
            OpNames.append(try c.readInt("Txn.type"), to: &sink)
            sink.append(0x3A)
            data(try c.readBuffer("Txn.data"), to: &sink)
            i &+= 1
        }
    }
}

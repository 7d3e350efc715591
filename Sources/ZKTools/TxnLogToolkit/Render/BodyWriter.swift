internal import ZKStorage
internal import ZKToolSupport

/// The pieces of `getFormattedTxnStr` (3.8.0) and of jute's `toString()` text
/// (`ToStringOutputArchive`) that the txn lines are made of.
struct BodyWriter {
    let charset: JavaPlatformCharset

    /// A path by string concatenation: the decoded text, or `null`.
    @inline(__always)
    func path(_ bytes: UnsafeRawBufferPointer?, to sink: inout ToolOutput) {
        guard let bytes else { return sink.append("null") }
        JavaText.appendDecoded(bytes, charset: charset, to: &sink)
    }

    /// `checkNullToEmpty(data)`: `""` for null or empty, else `new String(data, UTF_8)`.
    @inline(__always)
    func data(_ bytes: UnsafeRawBufferPointer?, to sink: inout ToolOutput) {
        guard let bytes else { return }
        JavaText.appendDecoded(bytes, charset: charset, to: &sink)
    }

    /// A jute `toString()` string: `'` and the escaped text (no closing quote); null prints nothing.
    @inline(__always)
    func juteString(_ bytes: UnsafeRawBufferPointer?, to sink: inout ToolOutput) {
        guard let bytes else { return }
        sink.append(0x27)
        JavaText.appendDecoded(bytes, charset: charset, juteEscapes: true, to: &sink)
    }

    /// `Request.op2String(type)`.
    @inline(__always)
    func opName(_ type: Int32, to sink: inout ToolOutput) {
        if let name = OpCode.staticName(type) {
            sink.append(name)
        } else {
            sink.append("unknown ")
            sink.appendDecimal(Int64(type))
        }
    }

    /// An ACL's fields in jute text: `<perms>,s{'<scheme>,'<id>}`.
    func acl(_ acl: ACLView, to sink: inout ToolOutput) {
        sink.appendDecimal(Int64(acl.perms))
        sink.append(",s{")
        juteString(acl.scheme, to: &sink)
        sink.append(0x2C)
        juteString(acl.id, to: &sink)
        sink.append(0x7D)
    }

    /// `List<ACL>.toString()`: `null`, or `[` + each `ACL.toString()` (ending in a line feed)
    /// joined by `, ` + `]`.
    func aclList(_ list: JuteACLList?, to sink: inout ToolOutput) {
        guard let list else { return sink.append("null") }
        sink.append(0x5B)
        var first = true
        for element in list {
            if !first { sink.append(", ") }
            first = false
            acl(element, to: &sink)
            sink.append(0x0A)
        }
        sink.append(0x5D)
    }

    /// The ACL vector inside `SetACLTxn.toString()`: `v{s{<acl>},…}`.
    func aclVector(_ list: JuteACLList?, to sink: inout ToolOutput) {
        sink.append("v{")
        var first = true
        for element in list ?? JuteACLList.empty {
            if !first { sink.append(0x2C) }
            first = false
            sink.append("s{")
            acl(element, to: &sink)
            sink.append(0x7D)
        }
        sink.append(0x7D)
    }

    /// `CloseSessionTxn.toString()`: `v{'<path>,…}` and a line feed; a null vector is `v{}` too.
    func closeSession(_ paths: JuteStringList?, to sink: inout ToolOutput) {
        sink.append("v{")
        var first = true
        for path in paths ?? JuteStringList.empty {
            if !first { sink.append(0x2C) }
            first = false
            juteString(path, to: &sink)
        }
        sink.append("}\n")
    }
}

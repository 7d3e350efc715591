internal import ZKStorage
internal import ZKToolSupport

/// Renders one txn payload as TxnLogToolkit 3.8.0 prints it, in a single pass over the bytes:
///
///     [<PREFIX> - ]<DATE> session 0x<clientId> cxid 0x<cxid> zxid 0x<zxid> <op2String> <body>
///
/// Decoding is the library's ``TxnDecoder`` (ZooKeeper's `SerializeUtils.deserializeTxn`); the
/// text is written by ``JavaTxnText``, a visitor, while it reads, so nothing is allocated per
/// record. On a decoding failure the partial line is taken back and the failure thrown: Java
/// prints nothing of a txn it cannot decode.
struct TxnRenderer {
    let charset: JavaPlatformCharset
    var dates: DateCache

    init(charset: JavaPlatformCharset, dates: DateCache) {
        self.charset = charset
        self.dates = dates
    }

    /// Appends the txn line (with its terminating line feed) for `payload` to `sink`.
    ///
    /// - Parameters:
    ///   - payloadOffset: the payload's file offset, for the error's location.
    ///   - prefix: `CRC ERROR` or `CRC FIXED`, printed as `<prefix> - ` before the line.
    mutating func renderLine(
        _ payload: UnsafeRawBufferPointer,
        payloadOffset: Int,
        prefix: StaticString? = nil,
        to sink: inout ToolOutput
    ) throws(ZKStorageError) {
        let mark = sink.count
        do throws(ZKStorageError) {
            if let prefix {
                sink.append(prefix)
                sink.append(" - ")
            }
            try withUnsafeMutablePointer(to: &sink) { (out) throws(ZKStorageError) in
                var text = JavaTxnText(sink: out, body: BodyWriter(charset: charset), dates: dates)
                defer { dates = text.dates }
                try TxnDecoder.decode(payload: payload, baseOffset: payloadOffset, visitor: &text)
                // `getFormattedTxnStr` calls `txnList.size()` on a multi's list after decoding.
                if text.nullMultiList {
                    throw ZKStorageError(
                        .malformedRecord,
                        offset: payloadOffset + TxnHeader.byteCount,
                        "multi txn with a null txn list",
                        java: JavaException(
                            "java.lang.NullPointerException",
                            "Cannot invoke \"java.util.List.size()\" because \"txnList\" is null"
                        )
                    )
                }
            }
            // Java: print the line as is if it ends with "\n", otherwise println it.
            if sink.last != 0x0A { sink.append(0x0A) }
        } catch {
            sink.truncate(to: mark)
            throw error
        }
    }

    /// Decodes `payload` as `SerializeUtils.deserializeTxn` does, for its failures only (chop
    /// mode decodes every txn but prints none).
    func validate(_ payload: UnsafeRawBufferPointer, payloadOffset: Int) throws(ZKStorageError) {
        var check = TxnCheckVisitor()
        try TxnDecoder.decode(payload: payload, baseOffset: payloadOffset, visitor: &check)
    }
}

/// The ``TxnVisitor`` that writes `getFormattedTxnStr`'s text (3.8.0) as the decoder reads:
/// the header line, then per record:
///
///     createSession        <timeOut>⏎                          (CreateSessionTxn.toString())
///     closeSession         v{'<path>,…}⏎, or nothing without a body
///     create, create2      <path>,<data>,<List<ACL>>,<ephemeral>,<parentCVersion>   (V0: -1)
///     createTtl            <path>,<data>,<List<ACL>>,<parentCVersion>,<ttl>
///     createContainer      <path>,<data>,<List<ACL>>,<parentCVersion>
///     delete(Container)    '<path>⏎                            (DeleteTxn.toString())
///     setData, reconfig    <path>,<data>,<version>
///     setACL               '<path>,v{s{<acl>},…},<version>⏎    (SetACLTxn.toString())
///     error                <err>⏎                              (ErrorTxn.toString())
///     multi                <op2String>:<data>;…                 (sub-records left encoded)
struct JavaTxnText: TxnVisitor {
    let sink: UnsafeMutablePointer<ToolOutput>
    let body: BodyWriter
    var dates: DateCache
    private var record: TxnRecordType?
    private var subTxns = 0
    /// A multi whose list is null: Java's formatting then fails (checked by the caller).
    private(set) var nullMultiList = false

    init(sink: UnsafeMutablePointer<ToolOutput>, body: BodyWriter, dates: DateCache) {
        self.sink = sink
        self.body = body
        self.dates = dates
    }

    mutating func visitHeader(_ header: TxnHeader) -> Bool {
        dates.append(millis: header.time, to: &sink.pointee)
        sink.pointee.append(" session 0x")
        sink.pointee.appendHex(header.clientId)
        sink.pointee.append(" cxid 0x")
        sink.pointee.appendHex(Int64(header.cxid))
        sink.pointee.append(" zxid 0x")
        sink.pointee.appendHex(header.zxid)
        sink.pointee.append(0x20)
        body.opName(header.type, to: &sink.pointee)
        sink.pointee.append(0x20)
        return true
    }

    mutating func visitRecord(_ record: TxnRecordType) { self.record = record }

    mutating func visitPath(_ path: UnsafeRawBufferPointer?) {
        switch record {
        case .deleteTxn:
            body.juteString(path, to: &sink.pointee)
            sink.pointee.append(0x0A)
        case .setACLTxn:
            body.juteString(path, to: &sink.pointee)
        default:
            body.path(path, to: &sink.pointee)
        }
    }

    mutating func visitData(_ data: UnsafeRawBufferPointer?) {
        sink.pointee.append(0x2C)
        body.data(data, to: &sink.pointee)
    }

    mutating func visitACL(_ acl: JuteACLList?) {
        sink.pointee.append(0x2C)
        if record == .setACLTxn {
            body.aclVector(acl, to: &sink.pointee)
            sink.pointee.append(0x2C)
        } else {
            body.aclList(acl, to: &sink.pointee)
        }
    }

    mutating func visitEphemeral(_ ephemeral: Bool) {
        sink.pointee.append(ephemeral ? ",true," : ",false,")
    }

    mutating func visitParentCVersion(_ parentCVersion: Int32) {
        // CreateTxn's follows the ephemeral flag's comma; the others follow the ACLs.
        if record != .createTxn && record != .createTxnV0 { sink.pointee.append(0x2C) }
        sink.pointee.appendDecimal(Int64(parentCVersion))
    }

    mutating func visitTTL(_ ttl: Int64) {
        sink.pointee.append(0x2C)
        sink.pointee.appendDecimal(Int64(ttl))
    }

    mutating func visitVersion(_ version: Int32) {
        if record == .setACLTxn {
            sink.pointee.appendDecimal(Int64(version))
            sink.pointee.append(0x0A)
        } else {
            sink.pointee.append(0x2C)
            sink.pointee.appendDecimal(Int64(version))
        }
    }

    mutating func visitTimeout(_ timeout: Int32) {
        sink.pointee.appendDecimal(Int64(timeout))
        sink.pointee.append(0x0A)
    }

    mutating func visitPaths(_ paths: JuteStringList?) {
        body.closeSession(paths, to: &sink.pointee)
    }

    mutating func visitErr(_ err: Int32) {
        sink.pointee.appendDecimal(Int64(err))
        sink.pointee.append(0x0A)
    }

    mutating func visitMultiCount(_ count: Int?) {
        if count == nil { nullMultiList = true }
    }

    /// 3.8.0 prints each sub-txn as `<op2String(type)>:<its raw bytes as UTF-8>`, joined by `;`.
    mutating func visitSubTxn(type: Int32, data: UnsafeRawBufferPointer?) -> Bool {
        if subTxns > 0 { sink.pointee.append(0x3B) }
        subTxns += 1
        body.opName(type, to: &sink.pointee)
        sink.pointee.append(0x3A)
        body.data(data, to: &sink.pointee)
        return false
    }
}

internal import ZKToolSupport

/// Renders one txn payload as TxnLogToolkit 3.8.0 prints it, in a single pass over the bytes:
///
///     [<PREFIX> - ]<DATE> session 0x<clientId> cxid 0x<cxid> zxid 0x<zxid> <op2String> <body>
///
/// Decoding follows `SerializeUtils.deserializeTxn` field by field and the text is written while
/// reading, so nothing is allocated per record. On a decoding failure the partial line is taken
/// back and the failure thrown: Java prints nothing of a txn it cannot decode.
struct TxnRenderer {
    let charset: JavaPlatformCharset
    var dates: DateCache

    init(charset: JavaPlatformCharset, dates: DateCache) {
        self.charset = charset
        self.dates = dates
    }

    /// Appends the txn line (with its terminating line feed) for `payload` to `sink`.
    ///
    /// - Parameter prefix: `CRC ERROR` or `CRC FIXED`, printed as `<prefix> - ` before the line.
    mutating func renderLine(
        _ payload: UnsafeRawBufferPointer,
        prefix: StaticString? = nil,
        to sink: inout ByteSink
    ) throws(DecodeFailure) {
        let mark = sink.count
        do throws(DecodeFailure) {
            if let prefix {
                sink.append(prefix)
                sink.append(" - ")
            }
            try render(payload, formatting: true, to: &sink)
            // Java: print the line as is if it ends with "\n", otherwise println it.
            if sink.last != 0x0A { sink.append(0x0A) }
        } catch {
            sink.truncate(to: mark)
            throw error
        }
    }

    /// Decodes `payload` as `SerializeUtils.deserializeTxn` does, for its failures only (chop
    /// mode decodes every txn but prints none). `scratch` receives throwaway text.
    mutating func validate(_ payload: UnsafeRawBufferPointer, scratch: inout ByteSink) throws(DecodeFailure) {
        scratch.removeAll()
        try render(payload, formatting: false, to: &scratch)
    }

    /// The header fields, then the body by type. With `formatting` false, the checks that belong
    /// to `getFormattedTxnStr` rather than to deserialization (a null multi list) are skipped.
    private mutating func render(
        _ payload: UnsafeRawBufferPointer,
        formatting: Bool,
        to sink: inout ByteSink
    ) throws(DecodeFailure) {
        var c = PayloadCursor(payload)
        let clientId = try c.readLong("TxnHeader.clientId")
        let cxid = try c.readInt("TxnHeader.cxid")
        let zxid = try c.readLong("TxnHeader.zxid")
        let time = try c.readLong("TxnHeader.time")
        let type = try c.readInt("TxnHeader.type")

        dates.append(millis: time, to: &sink)
        sink.append(" session 0x")
        JavaText.appendHex(clientId, to: &sink)
        sink.append(" cxid 0x")
        JavaText.appendHex(Int64(cxid), to: &sink)
        sink.append(" zxid 0x")
        JavaText.appendHex(zxid, to: &sink)
        sink.append(0x20)
        OpNames.append(type, to: &sink)
        sink.append(0x20)

        let bodyMark = sink.count
        let bodyStart = c.position
        let body = BodyWriter(charset: charset)
        switch type {
        case -10:  // createSession: CreateSessionTxn.toString()
            JavaText.appendDecimal(try c.readInt("CreateSessionTxn.timeOut"), to: &sink)
            sink.append(0x0A)
        case -11:  // closeSession: CloseSessionTxn.toString(); no body before 3.6 -> ""
            do throws(DecodeFailure) {
                try body.closeSession(&c, to: &sink)
            } catch .endOfData {
                sink.truncate(to: bodyMark)
            }
        case 1, 15:  // create, create2
            do throws(DecodeFailure) {
                try body.create(&c, v0: false, to: &sink)
            } catch .endOfData(let offset, let what) {
                // Only `create` falls back to CreateTxnV0 (parentCVersion -1); create2 does not.
                guard type == 1 else { throw .endOfData(offset: offset, reading: what) }
                sink.truncate(to: bodyMark)
                c.position = bodyStart
                try body.create(&c, v0: true, to: &sink)
            }
        case 21:  // createTTL
            try body.pathDataACL(&c, to: &sink)
            sink.append(0x2C)
            JavaText.appendDecimal(try c.readInt("CreateTTLTxn.parentCVersion"), to: &sink)
            sink.append(0x2C)
            JavaText.appendDecimal(try c.readLong("CreateTTLTxn.ttl"), to: &sink)
        case 19:  // createContainer
            try body.pathDataACL(&c, to: &sink)
            sink.append(0x2C)
            JavaText.appendDecimal(try c.readInt("CreateContainerTxn.parentCVersion"), to: &sink)
        case 2, 20:  // delete, deleteContainer: DeleteTxn.toString()
            body.juteString(try c.readBuffer("DeleteTxn.path"), to: &sink)
            sink.append(0x0A)
        case 5, 16:  // setData, reconfig
            body.path(try c.readBuffer("SetDataTxn.path"), to: &sink)
            sink.append(0x2C)
            body.data(try c.readBuffer("SetDataTxn.data"), to: &sink)
            sink.append(0x2C)
            JavaText.appendDecimal(try c.readInt("SetDataTxn.version"), to: &sink)
        case 7:  // setACL: SetACLTxn.toString()
            body.juteString(try c.readBuffer("SetACLTxn.path"), to: &sink)
            sink.append(",v{")
            if let n = try c.readVectorCount("SetACLTxn.acl count") {
                var i: Int32 = 0
                while i < n {
                    if i > 0 { sink.append(0x2C) }
                    sink.append("s{")
                    try body.acl(&c, to: &sink)
                    sink.append(0x7D)
                    i &+= 1
                }
            }
            sink.append("},")
            JavaText.appendDecimal(try c.readInt("SetACLTxn.version"), to: &sink)
            sink.append(0x0A)
        case -1:  // error: ErrorTxn.toString()
            JavaText.appendDecimal(try c.readInt("ErrorTxn.err"), to: &sink)
            sink.append(0x0A)
        case 14:  // multi
            try body.multi(&c, formatting: formatting, to: &sink)
        default:
            throw .unsupportedType(type)
        }
        // A trailing TxnDigest is read when present and never printed; reading it cannot fail.
    }
}

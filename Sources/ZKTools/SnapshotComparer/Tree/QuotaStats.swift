import ZKStorage

/// `DataTree.setupQuota()` as the loader runs it, for its one visible effect here: the data of
/// every `zookeeper_stats` node under `/zookeeper/quota` becomes the recomputed
/// `count=<n>,bytes=<m>`, so its size changes.
///
/// `traverseNode` walks `/zookeeper/quota` depth first in the children's `HashSet` order; at
/// each leaf whose path ends in `/zookeeper_limits` it counts the subtree of the quota'd path
/// (`getCounts`) and rewrites `/zookeeper/quota<path>/zookeeper_stats`. The order matters when
/// one quota'd subtree contains another quota's stats node, whose size may already have changed.
enum QuotaStats {
    private static let quotaRoot = Array("/zookeeper/quota".utf8)
    private static let limitsSuffix = Array("/zookeeper_limits".utf8)
    private static let statsSuffix = Array("/zookeeper_stats".utf8)

    ///
    /// - Throws: `IllegalArgumentException: Invalid path: ` for a limits node right under
    ///   `/zookeeper/quota` (the quota'd path is "", which `PathTrie.addPath` rejects after the
    ///   stats were updated).
    static func recompute(_ tree: SnapshotTree, file: [UInt8]) throws(JavaThrowable) {
        guard let quota = tree.lookup(quotaRoot) else { return }
        var stack: [Int32] = [quota]
        while let node = stack.popLast() {
            let kids = tree.children(of: node)
            if kids.isEmpty {
                let path = Array(tree.label(node))
                guard path.count >= limitsSuffix.count, Array(path.suffix(limitsSuffix.count)) == limitsSuffix,
                    let at = firstIndex(of: limitsSuffix, in: path), at >= quotaRoot.count
                else { continue }
                let realPath = Array(path[quotaRoot.count..<at])
                update(realPath, in: tree)
                if realPath.isEmpty {
                    throw JavaThrowable(
                        "java.lang.IllegalArgumentException",
                        "Invalid path: ",
                        file: file,
                        problem: "the quota node \"\(String(decoding: path, as: UTF8.self))\" limits the empty path"
                    )
                }
                continue
            }
            // Visit in HashSet<String>(8) iteration order: push in reverse.
            let names = kids.map { kid -> String in
                let label = tree.label(kid)
                let nameStart = label.count - nameLength(label)
                return String(decoding: UnsafeRawBufferPointer(rebasing: label[nameStart...]), as: UTF8.self)
            }
            for i in JavaHashOrder.stringSetOrder(names).reversed() { stack.append(kids[i]) }
        }
    }

    private static func nameLength(_ label: UnsafeRawBufferPointer) -> Int {
        var n = 0
        while n < label.count && label[label.count - 1 - n] != UInt8(ascii: "/") { n += 1 }
        return n
    }

    private static func firstIndex(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }

    /// `updateQuotaForPath(path)`.
    private static func update(_ path: [UInt8], in tree: SnapshotTree) {
        var count: Int64 = 0
        var bytes: Int64 = 0
        if path == [UInt8(ascii: "/")] {
            // `nodes.get("/")` is the root alias; its children would be "//name", never present.
            if tree.rootAlias >= 0 {
                count = 1
                bytes = Int64(tree.nodes[Int(tree.rootAlias)].size)
            }
        } else if let start = tree.lookup(path) {
            var stack: [Int32] = [start]
            while let node = stack.popLast() {
                count += 1
                bytes += Int64(tree.nodes[Int(node)].size)
                stack.append(contentsOf: tree.children(of: node))
            }
        }
        guard let stats = tree.lookup(quotaRoot + path + statsSuffix) else { return }
        let text = "count=\(count),bytes=\(bytes)"
        tree.setSize(stats, Int32(truncatingIfNeeded: text.utf8.count))
    }
}

/// `PathTrie.addPath("")` throws `IllegalArgumentException: Invalid path: ` when a
/// `zookeeper_limits` leaf sits directly under `/zookeeper/quota`; Java's load dies there.
struct QuotaPathError: Error {
    /// The limits node's path.
    var limitsPath: [UInt8]
}

extension SnapshotTree {
    private static let quotaRoot = Array("/zookeeper/quota".utf8)
    private static let limitsSuffix = Array("/zookeeper_limits".utf8)
    private static let statsSuffix = Array("/zookeeper_stats".utf8)

    /// `DataTree.setupQuota` (run by `deserialize`): for every leaf under `/zookeeper/quota`
    /// whose path ends in `/zookeeper_limits`, in children iteration order, the quota'd path
    /// `P` is the text between `/zookeeper/quota` and the first `/zookeeper_limits`; the node
    /// `/zookeeper/quota<P>/zookeeper_stats`, if it exists, gets the data
    /// `count=<nodes in P's subtree>,bytes=<their data bytes>`. Later counts see earlier
    /// replacements, as in Java.
    func setupQuota() throws(QuotaPathError) {
        guard let quota = node(at: Self.quotaRoot) else { return }
        // Iterative `traverseNode`: (entry, its path length in `path`).
        var path = Self.quotaRoot
        var stack: [(entry: Int32, pathLength: Int, next: Int)] = [(quota, path.count, Int(childStart[Int(quota)]))]
        if childRange(quota).isEmpty { try visitLeaf(path) }
        while let top = stack.last {
            let end = Int(childStart[Int(top.entry) + 1])
            if top.next >= end {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let child = children[top.next]
            guard child >= 0 else { continue }
            path.removeSubrange(top.pathLength...)
            path.append(UInt8(ascii: "/"))
            path.append(contentsOf: columns.names[nameRange(child)])
            if childRange(child).isEmpty {
                try visitLeaf(path)
            } else {
                stack.append((child, path.count, Int(childStart[Int(child)])))
            }
        }
    }

    private func visitLeaf(_ path: [UInt8]) throws(QuotaPathError) {
        guard path.count >= Self.limitsSuffix.count,
            path.suffix(Self.limitsSuffix.count).elementsEqual(Self.limitsSuffix),
            let at = firstIndex(of: Self.limitsSuffix, in: path), at >= Self.quotaRoot.count
        else { return }
        let realPath = Array(path[Self.quotaRoot.count..<at])
        let (count, bytes) = counts(realPath)
        if let stat = node(at: Self.quotaRoot + realPath + Self.statsSuffix) {
            let text = Array("count=\(count),bytes=\(bytes)".utf8)
            columns.dataLength[Int(stat)] = Int32(text.count)
            if mode.keepsData { replacedData[stat] = text }
        }
        // Then `pTrie.addPath(realPath)`, which rejects the empty path.
        if realPath.isEmpty { throw QuotaPathError(limitsPath: path) }
    }

    private func firstIndex(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }

    /// `DataTree.getCounts(path)`: the nodes reachable from `getNode(path)` through
    /// `getNode(path + "/" + child)`, and the sum of their data lengths.
    private func counts(_ path: [UInt8]) -> (count: Int, bytes: Int64) {
        guard let start = node(at: path) else { return (0, 0) }
        var count = 1
        var bytes = Int64(printedLength(start))
        // getNode("/" + "/" + child) never exists: the root's children are not reached from "/".
        if path == [UInt8(ascii: "/")] { return (count, bytes) }
        if general == nil {
            var stack: [Int32] = [start]
            while let e = stack.popLast() {
                for k in childRange(e) {
                    let c = children[k]
                    count += 1
                    bytes += Int64(printedLength(c))
                    stack.append(c)
                }
            }
            return (count, bytes)
        }
        // Java's view by path: children are looked up by their constructed paths.
        var stack: [(entry: Int32, path: [UInt8])] = [(start, path)]
        while let (e, p) = stack.popLast() {
            for k in childRange(e) {
                let c = children[k]
                let nameEntry = c >= 0 ? c : -2 - c
                let childPath = p + [UInt8(ascii: "/")] + columns.names[nameRange(nameEntry)]
                guard let target = node(at: childPath) else { continue }
                count += 1
                bytes += Int64(printedLength(target))
                stack.append((target, childPath))
            }
        }
        return (count, bytes)
    }
}

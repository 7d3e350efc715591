/// `PathTrie.addPath("")` throws `IllegalArgumentException: Invalid path: ` when a
/// `zookeeper_limits` leaf sits directly under `/zookeeper/quota`; Java's load dies there
/// (after the stats node was updated).
public struct QuotaPathError: Error, Sendable {
    /// The limits node's path.
    public var limitsPath: [UInt8]
}

extension DataTree {
    static let quotaRoot = Array("/zookeeper/quota".utf8)
    static let limitsSuffix = Array("/zookeeper_limits".utf8)
    static let statsSuffix = Array("/zookeeper_stats".utf8)

    /// `DataTree.setupQuota` (run by `deserialize`): for every leaf under `/zookeeper/quota`
    /// whose path ends in `/zookeeper_limits`, in the children's `HashSet` order, the quota'd
    /// path `P` is the text between `/zookeeper/quota` and the first `/zookeeper_limits`; the
    /// node `/zookeeper/quota<P>/zookeeper_stats`, if it exists, gets the data
    /// `count=<nodes in P's subtree>,bytes=<their data bytes>` (`getCounts`, through
    /// `getNode`: `"/"` is the root, whose children `"//name"` are never found). Later counts
    /// see earlier replacements, as in Java. The digest keeps the stored data, as Java's
    /// direct field write does.
    ///
    /// - Throws: ``QuotaPathError`` for a limits node of the empty path, after its update.
    public func setupQuota() throws(QuotaPathError) {
        guard let quota = node(atPath: Self.quotaRoot) else { return }
        var path = Self.quotaRoot
        var stack: [(children: [Int32], next: Int, pathLength: Int)] = []
        let top = childrenInJavaOrder(of: quota)
        if top.isEmpty { try visitLeaf(path) } else { stack.append((top, 0, path.count)) }
        while !stack.isEmpty {
            let last = stack.count - 1
            guard stack[last].next < stack[last].children.count else {
                stack.removeLast()
                continue
            }
            let child = stack[last].children[stack[last].next]
            stack[last].next += 1
            path.removeSubrange(stack[last].pathLength...)
            path.append(UInt8(ascii: "/"))
            path.append(contentsOf: store.names[nameRange(child)])
            let kids = childrenInJavaOrder(of: child)
            if kids.isEmpty {
                try visitLeaf(path)
            } else {
                stack.append((kids, 0, path.count))
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
        if let stat = node(atPath: Self.quotaRoot + realPath + Self.statsSuffix) {
            if storedBeforeQuota[stat] == nil {
                let start = options.keepsData ? store.dataStart[Int(stat)] : 0
                storedBeforeQuota[stat] = (start: start, length: store.dataLengthColumn[Int(stat)])
            }
            Array("count=\(count),bytes=\(bytes)".utf8).withUnsafeBytes { setDataKeepingDigest(stat, $0) }
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
    /// `getNode(path + "/" + child)`, and the sum of their data lengths (null data: 0).
    func counts(_ path: [UInt8]) -> (count: Int, bytes: Int64) {
        guard let start = node(atPath: path) else { return (0, 0) }
        var count = 1
        var bytes = Int64(max(store.dataLengthColumn[Int(start)], 0))
        if path == [UInt8(ascii: "/")] { return (count, bytes) }
        var stack: [Int32] = [start]
        while let n = stack.popLast() {
            forEachChild(of: n) { c in
                count += 1
                bytes += Int64(max(store.dataLengthColumn[Int(c)], 0))
                stack.append(c)
            }
        }
        return (count, bytes)
    }
}

/// The quota bookkeeping `DataTree` does while txns are applied: the set of paths with a quota
/// (Java's `pTrie`, filled by `setupQuota` and by creating a `zookeeper_limits` node) and the
/// `count=…,bytes=…` data of each `/zookeeper/quota<P>/zookeeper_stats` node, adjusted on every
/// create, delete and setData under `P` (`updateQuotaStat`, a direct write that the digest does
/// not see; those nodes count 0 in it anyway).
struct QuotaTracker {
    static let quotaRoot = Array("/zookeeper/quota".utf8)
    static let zookeeperRoot = Array("/zookeeper".utf8)
    static let limitsName = Array("zookeeper_limits".utf8)
    static let statsName = Array("zookeeper_stats".utf8)

    /// Paths with a quota (the trie's marked paths).
    private(set) var paths: Set<[UInt8]> = []

    /// The quota'd paths of a loaded tree: every leaf under `/zookeeper/quota` named
    /// `zookeeper_limits` (`setupQuota`'s `pTrie.addPath`).
    init(tree: DataTree) {
        guard let quota = tree.node(atPath: Self.quotaRoot) else { return }
        var stack: [(node: Int32, path: [UInt8])] = [(quota, Self.quotaRoot)]
        while let (node, path) = stack.popLast() {
            if !tree.hasChildren(node) {
                if path.count > Self.quotaRoot.count + Self.limitsName.count,
                    path.suffix(Self.limitsName.count + 1).elementsEqual([UInt8(ascii: "/")] + Self.limitsName)
                {
                    paths.insert(Array(path[Self.quotaRoot.count..<(path.count - Self.limitsName.count - 1)]))
                }
                continue
            }
            tree.forEachChild(of: node) { child in
                stack.append((child, path + [UInt8(ascii: "/")] + tree.name(child)))
            }
        }
    }

    /// `getMaxPrefixWithQuota`: the longest quota'd path that is `path` or one of its
    /// ancestors, component-wise; nil for none, `""` or `/zookeeper`.
    func maxPrefix(of path: UnsafeRawBufferPointer) -> [UInt8]? {
        guard !paths.isEmpty else { return nil }
        var best: [UInt8]?
        var end = path.count
        while end > 0 {
            let candidate = Array(path[0..<end])
            if paths.contains(candidate) {
                best = candidate
                break
            }
            guard let slash = path[0..<end].lastIndex(of: UInt8(ascii: "/")) else { break }
            end = slash
        }
        if let best, best.isEmpty || best == Self.zookeeperRoot { return nil }
        return best
    }

    /// After `createNode(path)` under `parentPath`: a new limits node adds a quota'd path; a
    /// new stats node gets the subtree's counts (`updateQuotaForPath`).
    mutating func nodeCreated(parentPath: UnsafeRawBufferPointer, name: UnsafeRawBufferPointer, tree: DataTree) {
        guard parentPath.starts(with: Self.quotaRoot) else { return }
        let quotaPath = Array(parentPath[Self.quotaRoot.count...])
        if name.elementsEqual(Self.limitsName) { paths.insert(quotaPath) }
        if name.elementsEqual(Self.statsName) {
            let (count, bytes) = tree.counts(quotaPath)
            setStats(quotaPath, tree: tree) { _ in (Int64(count), bytes) }
        }
    }

    /// After `deleteNode`: a deleted limits node removes its quota'd path.
    mutating func nodeDeleted(parentPath: UnsafeRawBufferPointer, name: UnsafeRawBufferPointer) {
        guard parentPath.starts(with: Self.zookeeperRoot), name.elementsEqual(Self.limitsName),
            parentPath.count >= Self.quotaRoot.count
        else { return }
        paths.remove(Array(parentPath[Self.quotaRoot.count...]))
    }

    /// `updateQuotaStat(prefix, bytesDiff, countDiff)` for the prefix of `path`, if any.
    func update(path: UnsafeRawBufferPointer, bytes: Int64, count: Int64, tree: DataTree) {
        guard let prefix = maxPrefix(of: path) else { return }
        setStats(prefix, tree: tree) { ($0.count &+ count, $0.bytes &+ bytes) }
    }

    private func setStats(
        _ quotaPath: [UInt8],
        tree: DataTree,
        _ change: ((count: Int64, bytes: Int64)) -> (Int64, Int64)
    ) {
        let statPath = Self.quotaRoot + quotaPath + [UInt8(ascii: "/")] + Self.statsName
        guard let node = tree.node(atPath: statPath) else { return }
        var track = StatsTrack(tree.data(node) ?? [])
        let (count, bytes) = change((track.value("count"), track.value("bytes")))
        track.set("count", count)
        track.set("bytes", bytes)
        tree.setData(node, track.bytes)
    }
}

/// ZooKeeper's `StatsTrack`: `key=value` pairs separated by `,` or `;`; written back as
/// `count=N,bytes=M`, then `=;key=value…` for other keys in sorted order.
struct StatsTrack {
    private var values: [String: Int64] = [:]

    init(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        for pair in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let kv = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard kv.count >= 2 else { continue }
            values[String(kv[0])] = Int64(kv[1]) ?? -1
        }
    }

    func value(_ key: String) -> Int64 { values[key] ?? -1 }

    mutating func set(_ key: String, _ value: Int64) { values[key] = value }

    var bytes: [UInt8] {
        var text = "count=\(value("count")),bytes=\(value("bytes"))"
        let others = values.keys.filter { $0 != "count" && $0 != "bytes" }.sorted()
        if !others.isEmpty {
            text += "="
            for key in others { text += ";\(key)=\(values[key] ?? -1)" }
        }
        return Array(text.utf8)
    }
}

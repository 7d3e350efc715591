internal import Glibc
internal import ZKStorage

/// The knobs of one `du` run.
struct DuOptions {
    /// Subtree totals down to this depth below the prefix.
    var depth = 2
    /// The subtree to look at ("/" or empty: the whole tree).
    var prefix = "/"
    /// Length of the top lists.
    var top = 10
    /// Order of siblings in the subtree list.
    var order = DuOrder.bytes
    /// `jute.maxbuffer` for the closeSession estimate and the near-limit list.
    var juteMaxBuffer = CloseSessionEstimate.defaultJuteMaxBuffer
    /// A node is near the limit when its data reaches this percentage of `juteMaxBuffer`.
    var nearLimitPercent = 50
    /// At most this many treemap entries (the HTML page's size).
    var treemapBudget = 4000
}

/// `zkdata du`: one pass over a snapshot's node records (depth-first pre-order, as
/// `DataTree.serializeNode` writes them) with a stack of the open subtrees, so memory does not
/// grow with the tree: only the stack, the top lists, the session table and the bounded treemap.
struct DuOperation {
    /// An open subtree: the node on the stack and its totals so far.
    private struct Frame {
        /// Length of the node's path in `path` (0 for the root "").
        var pathEnd: Int
        var nodes = 1
        var bytes: Int
        var ownBytes: Int
        var children = 0
        /// First index of `rawSubtrees` / treemap entries that belong to this subtree.
        var firstSubtree: Int
    }

    private struct RawSubtree {
        var total: DuSubtree
        var parent = -1
    }

    private struct SessionTally {
        var timeoutMs: Int32?
        var ephemerals = 0
        var bytes = 0
        var pathBytes = 0
    }

    let options: DuOptions

    init(options: DuOptions) { self.options = options }

    /// Reads `path` (plain, gz or snappy by its name) and totals it.
    func run(path: String) throws -> DuReport {
        var reader = try SnapshotReader(path: path)
        var sessions: [Int64: SessionTally] = [:]
        try reader.readSessions { id, timeout in sessions[id] = SessionTally(timeoutMs: timeout) }
        try reader.readACLCache { _, _ in }

        let prefix = Self.normalized(options.prefix)
        let prefixBytes = Array(prefix.utf8)
        let nearLimitBytes = options.juteMaxBuffer * options.nearLimitPercent / 100
        var report = DuReport(
            snapshot: path,
            snapshotZxid: DataFileName.parsedZxid(JavaFileSystem.name(path), prefix: DataFileName.snapshotPrefix) ?? -1,
            prefix: prefix.isEmpty ? "/" : prefix,
            juteMaxBuffer: options.juteMaxBuffer,
            nearLimitBytes: nearLimitBytes
        )
        var largest = TopList(limit: options.top)
        var widest = TopList(limit: options.top)
        var near = TopList(limit: options.top)
        var stack: [Frame] = []
        var others: [DuTreemap.Other] = []
        var firstKept: [Int] = []
        var rawSubtrees: [RawSubtree] = []
        var treemap = DuTreemap()
        treemap.budget = options.treemapBudget
        var current: [UInt8] = []
        current.reserveCapacity(4096)
        var rootSeen = false

        /// Closes the top frame into its parent.
        func closeTop() {
            let f = stack.removeLast()
            let depth = stack.count
            let folded = others.removeLast()
            let firstChild = firstKept.removeLast()
            if var parent = stack.popLast() {
                parent.nodes += f.nodes
                parent.bytes += f.bytes
                stack.append(parent)
            }
            let pathString = { Self.display(current, upTo: f.pathEnd) }
            if widest.accepts(f.children) { widest.insert(path: pathString(), value: f.children) }
            if depth <= options.depth {
                let index = rawSubtrees.count
                var i = f.firstSubtree
                while i < index {
                    if rawSubtrees[i].total.depth == depth + 1 { rawSubtrees[i].parent = index }
                    i += 1
                }
                rawSubtrees.append(
                    RawSubtree(
                        total: DuSubtree(
                            path: pathString(),
                            depth: depth,
                            nodes: f.nodes,
                            bytes: f.bytes,
                            children: f.children
                        )
                    )
                )
            }
            if depth == 0 || treemap.keeps(nodes: f.nodes, bytes: f.bytes) {
                let name = depth == 0 ? (prefix.isEmpty ? "/" : prefix) : Self.lastComponent(current, upTo: f.pathEnd)
                let entry = DuTreemap.Entry(
                    name: name,
                    depth: depth,
                    nodes: f.nodes,
                    bytes: f.bytes,
                    ownBytes: f.ownBytes,
                    otherCount: folded.count,
                    otherNodes: folded.nodes,
                    otherBytes: folded.bytes
                )
                treemap.close(entry, firstChild: firstChild, openOthers: &others, firstChildren: &firstKept)
            } else if depth >= 1 {
                others[depth - 1].add(nodes: f.nodes, bytes: f.bytes)
            }
        }

        while let record = try reader.nextNode() {
            let p = record.path
            if !prefixBytes.isEmpty && !Self.isWithin(p, prefix: prefixBytes) { continue }
            // Pop the subtrees this node is not in.
            while let top = stack.last, !Self.isChild(p, of: current, parentEnd: top.pathEnd) {
                closeTop()
            }
            if stack.isEmpty {
                guard !rootSeen, p.count == prefixBytes.count else {
                    throw ZKStorageError(
                        .malformedRecord,
                        file: path,
                        offset: record.offset,
                        "node \(Self.display(p)) is not in depth-first order under "
                            + "\(report.prefix) (a repeated path or a missing parent)"
                    )
                }
                rootSeen = true
            }
            let dataCount = record.data?.count ?? 0
            if var parent = stack.popLast() {
                parent.children += 1
                stack.append(parent)
            }
            // The current path becomes this node's.
            let keep = stack.last?.pathEnd ?? 0
            current.removeSubrange(keep...)
            current.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[keep...]))
            stack.append(
                Frame(pathEnd: p.count, bytes: dataCount, ownBytes: dataCount, firstSubtree: rawSubtrees.count)
            )
            others.append(DuTreemap.Other())
            firstKept.append(treemap.entries.count)

            if largest.accepts(dataCount) { largest.insert(path: Self.display(p), value: dataCount) }
            if dataCount >= nearLimitBytes {
                report.nearLimitCount += 1
                if near.accepts(dataCount) { near.insert(path: Self.display(p), value: dataCount) }
            }
            let owner = record.stat.ephemeralOwner
            if owner != 0, case .ephemeral(let session) = EphemeralType(ephemeralOwner: owner) {
                sessions[session, default: SessionTally()].ephemerals += 1
                sessions[session, default: SessionTally()].bytes += dataCount
                sessions[session, default: SessionTally()].pathBytes += p.count
            }
        }
        while !stack.isEmpty { closeTop() }
        let tail = try reader.readTail()
        report.hasDigest = tail.digest != nil
        report.sealsValid = tail.sealsValid

        if let root = rawSubtrees.last, root.total.depth == 0 {
            report.nodes = root.total.nodes
            report.bytes = root.total.bytes
        }
        report.subtrees = Self.treeOrder(rawSubtrees, by: options.order)
        report.largest = largest.sorted.map { DuNodeSize(path: $0.path, bytes: $0.value) }
        report.mostChildren = widest.sorted.map { DuNodeChildren(path: $0.path, children: $0.value) }
        report.nearLimit = near.sorted.map { DuNodeSize(path: $0.path, bytes: $0.value) }
        report.sessions = sessions.map { id, s in
            DuSession(
                session: id,
                timeoutMs: s.timeoutMs,
                ephemerals: s.ephemerals,
                bytes: s.bytes,
                closeTxnBytes: CloseSessionEstimate.bytes(
                    ephemerals: s.ephemerals,
                    pathBytes: s.pathBytes,
                    digest: report.hasDigest
                )
            )
        }
        .sorted { ($0.ephemerals, $0.bytes, $1.session) > ($1.ephemerals, $1.bytes, $0.session) }
        report.treemap = treemap
        return report
    }

    // MARK: - Paths

    /// "/a/b/" → "/a/b"; "/" → "" (the root's path in a snapshot).
    static func normalized(_ prefix: String) -> String {
        var p = Substring(prefix)
        while p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }

    /// True when `path` is `prefix` or below it.
    @inline(__always)
    static func isWithin(_ path: UnsafeRawBufferPointer, prefix: [UInt8]) -> Bool {
        let n = prefix.count
        guard path.count >= n else { return false }
        if path.count > n && path[n] != UInt8(ascii: "/") { return false }
        return prefix.withUnsafeBytes { bytesEqual(path.baseAddress, $0.baseAddress, n) }
    }

    /// True when `path` is a direct child of the node whose path is `current[..<parentEnd]`.
    @inline(__always)
    static func isChild(_ path: UnsafeRawBufferPointer, of current: [UInt8], parentEnd: Int) -> Bool {
        guard path.count > parentEnd + 1, path[parentEnd] == UInt8(ascii: "/") else { return false }
        let samePrefix = current.withUnsafeBytes { bytesEqual(path.baseAddress, $0.baseAddress, parentEnd) }
        guard samePrefix, let base = path.baseAddress else { return false }
        return memchr(base + parentEnd + 1, Int32(UInt8(ascii: "/")), path.count - parentEnd - 1) == nil
    }

    /// `memcmp(a, b, n) == 0`, true for n == 0.
    @inline(__always)
    static func bytesEqual(_ a: UnsafeRawPointer?, _ b: UnsafeRawPointer?, _ n: Int) -> Bool {
        guard n > 0 else { return true }
        guard let a, let b else { return false }
        return memcmp(a, b, n) == 0
    }

    static func display(_ path: UnsafeRawBufferPointer) -> String {
        path.isEmpty ? "/" : String(decoding: path, as: UTF8.self)
    }

    static func display(_ current: [UInt8], upTo end: Int) -> String {
        end == 0 ? "/" : String(decoding: current[..<end], as: UTF8.self)
    }

    static func lastComponent(_ current: [UInt8], upTo end: Int) -> String {
        let slice = current[..<end]
        let start = slice.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
        return String(decoding: current[start..<end], as: UTF8.self)
    }

    /// The closed subtrees (post-order) in tree order, siblings by `order`, largest first.
    private static func treeOrder(_ raw: [RawSubtree], by order: DuOrder) -> [DuSubtree] {
        guard let rootIndex = raw.indices.last else { return [] }
        var children = [[Int]](repeating: [], count: raw.count)
        for i in raw.indices where raw[i].parent >= 0 { children[raw[i].parent].append(i) }
        func key(_ s: DuSubtree) -> Int {
            switch order {
            case .bytes: s.bytes
            case .nodes: s.nodes
            case .children: s.children
            }
        }
        var out: [DuSubtree] = []
        out.reserveCapacity(raw.count)
        var work = [rootIndex]
        while let i = work.popLast() {
            out.append(raw[i].total)
            let sorted = children[i].sorted {
                let a = raw[$0].total
                let b = raw[$1].total
                return key(a) != key(b) ? key(a) > key(b) : a.path < b.path
            }
            work.append(contentsOf: sorted.reversed())
        }
        return out
    }
}

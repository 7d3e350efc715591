internal import ZKStorage
internal import ZKToolSupport

/// The default and `-d` output (`SnapshotFormatter.printDetails`):
///
///     ZNode Details (count=<nodes + 1>):
///     ----                                   before every node, pre-order, Java child order
///     <path>
///       cZxid = %#016x … ephemeralOwner = %#016x
///       dataLength = <n>        or, with -d:   data = <base64>
///     ----
///     Session Details (sid, timeout, ephemeralCount):
///     <%#016x>, <timeout>, <ephemerals>      HashMap<Long,Integer> order
///     ----
///     Last zxid: 0x<max(file-name zxid, max mzxid/pzxid of the printed nodes)>
struct TextPrinter {
    let tree: SnapshotTree
    let out: ToolOutput
    let charset: JavaPlatformCharset
    var dates: JavaDateCache
    let dumpData: Bool

    /// Java's `printZnode` ended with a NullPointerException at this (missing) node.
    struct MissingNode: Error {
        var path: [UInt8]
    }

    /// Prints the node section; returns the largest mzxid/pzxid seen.
    mutating func printNodes() throws(MissingNode) -> Int64 {
        out.reserve(64)
        out.put("ZNode Details (count=")
        out.putDecimal(Int64(tree.javaNodeCount))
        out.put("):\n")
        var path: [UInt8] = [UInt8(ascii: "/")]
        guard tree.rootEntry >= 0 else {
            // No node records: Java keeps the constructor's empty root, whose child
            // "zookeeper" was dropped from the node map by `nodes.clear()`.
            printNode(path: path, stat: StatPersisted(), dataLength: 0, entry: nil)
            out.append("----\n")
            throw MissingNode(path: Array("/zookeeper".utf8))
        }
        // Local copies: no exclusivity checks on the class's properties in the loop.
        let columns = tree.columns
        let childStart = tree.childStart
        let children = tree.children
        var zxid = printEntry(tree.rootEntry, path: path, columns: columns)
        var stack: [(entry: Int32, next: Int, pathLength: Int)] = [
            (tree.rootEntry, Int(childStart[Int(tree.rootEntry)]), 0)
        ]
        while let top = stack.last {
            let end = Int(childStart[Int(top.entry) &+ 1])
            if top.next >= end {
                stack.removeLast()
                continue
            }
            stack[stack.count &- 1].next &+= 1
            let child = children[top.next]
            let nameEntry = child >= 0 ? child : -2 - child
            path.removeSubrange(top.pathLength...)
            path.append(UInt8(ascii: "/"))
            path.append(contentsOf: columns.names[columns.nameRange(nameEntry)])
            guard child >= 0 else {
                out.append("----\n")
                throw MissingNode(path: path)
            }
            zxid = max(zxid, printEntry(child, path: path, columns: columns))
            stack.append((child, Int(childStart[Int(child)]), path.count))
        }
        out.append("----\n")
        return zxid
    }

    @inline(__always)
    private mutating func printEntry(_ e: Int32, path: [UInt8], columns: Columns) -> Int64 {
        let stat = columns.stats[Int(e)]
        printNode(path: path, stat: stat, dataLength: columns.printedLength(e), entry: e)
        return max(stat.mzxid, stat.pzxid)
    }

    private mutating func printNode(path: [UInt8], stat: StatPersisted, dataLength: Int32, entry: Int32?) {
        out.reserve(8)
        out.put("----\n")
        path.withUnsafeBytes { out.appendJavaString($0) }
        out.reserve(400 + 2 * dates.maximumLength)
        out.put("\n  cZxid = ")
        out.putHexPadded(stat.czxid)
        out.put("\n  ctime = ")
        dates.put(stat.ctime, to: out)
        out.put("\n  mZxid = ")
        out.putHexPadded(stat.mzxid)
        out.put("\n  mtime = ")
        dates.put(stat.mtime, to: out)
        out.put("\n  pZxid = ")
        out.putHexPadded(stat.pzxid)
        out.put("\n  cversion = ")
        out.putDecimal(stat.cversion)
        out.put("\n  dataVersion = ")
        out.putDecimal(stat.version)
        out.put("\n  aclVersion = ")
        out.putDecimal(stat.aversion)
        out.put("\n  ephemeralOwner = ")
        out.putHexPadded(stat.ephemeralOwner)
        if dumpData {
            out.put("\n  data = ")
            if let entry {
                tree.withData(entry) { out.appendBase64($0) }
                tree.mappedData?.noteRead(Int(dataLength))
            }
            out.reserve(1)
        } else {
            out.put("\n  dataLength = ")
            out.putDecimal(dataLength)
        }
        out.put(UInt8(ascii: "\n"))
    }

    /// `printSessionDetails`.
    func printSessions() {
        out.append("Session Details (sid, timeout, ephemeralCount):\n")
        let sessions = tree.sessions
        guard !sessions.isEmpty else { return }
        let ids = sessions.map(\.id)
        let order = JavaHashOrder.longMapOrder(ids)
        var timeouts: [Int64: Int32] = [:]
        if order.count != sessions.count {
            // A repeated id keeps its first position and takes the last timeout (HashMap.put).
            for s in sessions { timeouts[s.id] = s.timeout }
        }
        let ephemerals = ephemeralCounts(for: ids)
        for index in order {
            let id = sessions[index].id
            out.reserve(80)
            out.putHexPadded(id)
            out.put(", ")
            out.putDecimal(timeouts[id] ?? sessions[index].timeout)
            out.put(", ")
            out.putDecimal(Int64(ephemerals[id] ?? 0))
            out.put(UInt8(ascii: "\n"))
        }
    }

    /// `dataTree.getEphemerals(sid).size()`: the distinct paths of loaded nodes (not roots)
    /// whose owner is the session, counting every owner but 0 and the container marker
    /// (TTL owners count too: extended types are off in the tool).
    private func ephemeralCounts(for ids: [Int64]) -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for id in ids { counts[id] = 0 }
        let parent = tree.columns.parent
        let stats = tree.columns.stats
        if tree.general == nil {
            for e in 0..<parent.count where parent[e] >= 0 {
                let owner = stats[e].ephemeralOwner
                if owner != 0 && owner != .min, let c = counts[owner] { counts[owner] = c + 1 }
            }
            return counts
        }
        var paths: [Int64: Set<[UInt8]>] = [:]
        for e in 0..<parent.count where parent[e] >= 0 {
            let owner = stats[e].ephemeralOwner
            if owner != 0 && owner != .min && counts[owner] != nil {
                paths[owner, default: []].insert(tree.storedPath(Int32(truncatingIfNeeded: e)))
            }
        }
        for (owner, set) in paths { counts[owner] = set.count }
        return counts
    }
}

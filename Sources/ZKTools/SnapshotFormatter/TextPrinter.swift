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
    let tree: DataTree
    /// `-d` on a plain file: the data is read from these pages, released again as it goes.
    let mappedPages: InputPages?
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
        out.putDecimal(Int64(tree.nodeCount + 1))
        out.put("):\n")
        var path: [UInt8] = [UInt8(ascii: "/")]
        guard tree.root >= 0 else {
            // No node records: Java keeps the constructor's empty root, whose child
            // "zookeeper" was dropped from the node map by `nodes.clear()`.
            printNode(path: path, stat: StatPersisted(), dataLength: 0, node: nil, nodes: tree.nodes)
            out.append("----\n")
            throw MissingNode(path: Array("/zookeeper".utf8))
        }
        let nodes = tree.nodes
        let names = tree.nameBytes
        var zxid = printEntry(tree.root, path: path, nodes: nodes)
        var walk = JavaOrderWalk(tree: tree)
        walk.enter(tree.root, pathLength: 0)
        while let step = walk.next() {
            switch step {
            case .leave:
                continue
            case .missing(let nameOf, let pathLength):
                path.removeSubrange(pathLength...)
                path.append(UInt8(ascii: "/"))
                path.append(contentsOf: names[nodes.nameRange(nameOf)])
                out.append("----\n")
                throw MissingNode(path: path)
            case .node(let node, let pathLength, let hasChildren):
                path.removeSubrange(pathLength...)
                path.append(UInt8(ascii: "/"))
                path.append(contentsOf: names[nodes.nameRange(node)])
                zxid = max(zxid, printEntry(node, path: path, nodes: nodes))
                if hasChildren { walk.enter(node, pathLength: path.count) }
            }
        }
        out.append("----\n")
        return zxid
    }

    @inline(__always)
    private mutating func printEntry(_ node: Int32, path: [UInt8], nodes: NodeStore) -> Int64 {
        let stat = nodes.stat(node)
        printNode(path: path, stat: stat, dataLength: max(nodes.dataLength(node), 0), node: node, nodes: nodes)
        return max(stat.mzxid, stat.pzxid)
    }

    private mutating func printNode(
        path: [UInt8],
        stat: StatPersisted,
        dataLength: Int32,
        node: Int32?,
        nodes: NodeStore
    ) {
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
            // Through the walk's copy of the columns (passed, never wrapped: an optional would
            // copy them per node, as `tree.withData` would).
            if let node {
                nodes.withData(node) { out.appendBase64($0) }
                mappedPages?.noteRead(Int(dataLength))
            }
            out.reserve(1)
        } else {
            out.put("\n  dataLength = ")
            out.putDecimal(dataLength)
        }
        out.put(UInt8(ascii: "\n"))
    }

    /// `printSessionDetails`: sessions in `HashMap` order, each with the size of
    /// `dataTree.getEphemerals(sid)`.
    func printSessions() {
        out.append("Session Details (sid, timeout, ephemeralCount):\n")
        for (id, timeout) in tree.sessionsInJavaOrder {
            out.reserve(80)
            out.putHexPadded(id)
            out.put(", ")
            out.putDecimal(timeout)
            out.put(", ")
            out.putDecimal(Int64(tree.ephemerals[id]?.count ?? 0))
            out.put(UInt8(ascii: "\n"))
        }
    }
}

internal import Glibc
internal import ZKStorage
internal import ZKToolSupport

/// The `-json` output (`SnapshotFormatter.printSnapshotJson`), ncdu's export format on one
/// line without a trailing newline:
///
///     [1,0,{"progname":"SnapshotFormatter.java","progver":"0.01","timestamp":<now ms>}NODE(/)]
///
/// `NODE` is `,` and `{"name":…,"asize":L,"dsize":L,"dev":0,"ino":I}`, wrapped with the
/// children's `NODE`s in `[`…`]` when the node has children. Names are escaped like Jackson's
/// `JsonStringEncoder.quoteAsString`; inode numbers count from 1001 in pre-order. A child that
/// Java cannot find prints `DataTree Node for <path> doesn't exist` on stderr and nothing else.
struct JSONPrinter {
    let tree: DataTree
    let out: OutputSink
    let err: ErrorOutput
    let charset: JavaPlatformCharset
    private var inode: Int64 = 1000

    init(tree: DataTree, out: OutputSink, err: ErrorOutput, charset: JavaPlatformCharset) {
        self.tree = tree
        self.out = out
        self.err = err
        self.charset = charset
    }

    mutating func print() {
        out.reserve(128)
        out.put("[1,0,{\"progname\":\"SnapshotFormatter.java\",\"progver\":\"0.01\",\"timestamp\":")
        out.putDecimal(Self.currentTimeMillis())
        out.put(UInt8(ascii: "}"))
        guard tree.root >= 0 else {
            // No node records: the constructor's root, whose child "zookeeper" is gone.
            putNode(name: [UInt8(ascii: "/")], length: 0, hasChildren: true)
            missing(Array("/zookeeper".utf8))
            out.append("]]")
            return
        }
        let root = tree.root
        let nodes = tree.nodes
        let names = tree.nameBytes
        var path: [UInt8] = [UInt8(ascii: "/")]
        let rootHasChildren = tree.hasChildren(root)
        putNode(name: path, length: max(tree.dataLength(root), 0), hasChildren: rootHasChildren)
        var walk = JavaOrderWalk(tree: tree)
        if rootHasChildren { walk.enter(root, pathLength: 0) }
        names.withUnsafeBytes { names in
            while let step = walk.next() {
                switch step {
                case .leave:
                    out.reserve(1)
                    out.put(UInt8(ascii: "]"))
                case .missing(let nameOf, let pathLength):
                    path.removeSubrange(pathLength...)
                    path.append(UInt8(ascii: "/"))
                    path.append(contentsOf: names[nodes.nameRange(nameOf)])
                    missing(path)
                case .node(let node, let pathLength, let hasChildren):
                    let nameRange = nodes.nameRange(node)
                    putNode(
                        name: UnsafeRawBufferPointer(rebasing: names[nameRange]),
                        length: max(nodes.dataLength(node), 0),
                        hasChildren: hasChildren
                    )
                    if hasChildren {
                        // Paths are only needed for "doesn't exist" messages (below an odd root).
                        path.removeSubrange(min(pathLength, path.count)...)
                        path.append(UInt8(ascii: "/"))
                        path.append(contentsOf: names[nameRange])
                        walk.enter(node, pathLength: path.count)
                    }
                }
            }
        }
        out.append("]")
    }

    private mutating func putNode(name: [UInt8], length: Int32, hasChildren: Bool) {
        name.withUnsafeBytes { putNode(name: $0, length: length, hasChildren: hasChildren) }
    }

    @inline(__always)
    private mutating func putNode(name: UnsafeRawBufferPointer, length: Int32, hasChildren: Bool) {
        inode += 1
        out.reserve(16)
        out.put(UInt8(ascii: ","))
        if hasChildren { out.put(UInt8(ascii: "[")) }
        out.put("{\"name\":\"")
        putEscaped(name)
        out.reserve(96)
        out.put("\",\"asize\":")
        out.putDecimal(length)
        out.put(",\"dsize\":")
        out.putDecimal(length)
        out.put(",\"dev\":0,\"ino\":")
        out.putDecimal(inode)
        out.put(UInt8(ascii: "}"))
    }

    /// Jackson `quoteAsString`: `"` and `\` backslash-escaped, `\b \t \n \f \r`, other controls
    /// as `\u00XX` (uppercase hex); everything else (including `/`, DEL and non-ASCII) as is.
    @inline(__always)
    private func putEscaped(_ name: UnsafeRawBufferPointer) {
        var plain = true
        for b in name where b < 0x20 || b == 0x22 || b == 0x5C {
            plain = false
            break
        }
        if plain {
            charset.put(name, to: out)
            return
        }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(name.count + 16)
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        for b in name {
            switch b {
            case 0x22: escaped.append(contentsOf: [0x5C, 0x22])
            case 0x5C: escaped.append(contentsOf: [0x5C, 0x5C])
            case 0x08: escaped.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x09: escaped.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: escaped.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0C: escaped.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0D: escaped.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0..<0x20:
                escaped.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: escaped.append(b)
            }
        }
        escaped.withUnsafeBytes { charset.put($0, to: out) }
    }

    private func missing(_ path: [UInt8]) {
        let text = path.withUnsafeBytes { charset.encode($0) }
        err.line(Array("DataTree Node for ".utf8) + text + Array(" doesn't exist".utf8))
    }

    static func currentTimeMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

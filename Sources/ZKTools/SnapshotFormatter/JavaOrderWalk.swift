internal import ZKStorage

/// The pre-order walk both printers make (`printZnode`, `printZnodeJson`): from ``DataTree/root``
/// (printed as `"/"`), each node's children in `HashSet` order, each child found as Java finds
/// it: `getNode(parentPath + "/" + name)`, with `"/"`'s children at `"/" + name`.
///
/// A child is its own node, except under a root whose name is not `""` (a snapshot whose last
/// record without `/` was not the `""` node): `"/" + name` is then looked up under the `""`
/// node, and may be missing (Java: `getNode` returns null).
///
/// No allocation per node: the children of every open node wait in one shared buffer.
struct JavaOrderWalk {
    let tree: DataTree
    private let nodes: NodeStore
    /// The `""` node, when the root is another node.
    private let emptyRoot: Int32?
    private let oddRoot: Bool
    private var pending: [Int32] = []
    private var frames: [(node: Int32, start: Int, end: Int, next: Int, pathLength: Int)] = []
    private var kids: [Int32] = []
    private var hashes: [Int32] = []

    /// One step of the walk.
    enum Step {
        /// A node, child of a node printed at a path of `pathLength` bytes; `hasChildren`
        /// tells whether ``enter(_:pathLength:)`` would visit any.
        case node(Int32, pathLength: Int, hasChildren: Bool)
        /// A child named by `nameOf` that `getNode` does not find.
        case missing(nameOf: Int32, pathLength: Int)
        /// The node whose children were being visited is done.
        case leave
    }

    init(tree: DataTree) {
        self.tree = tree
        nodes = tree.nodes
        oddRoot = tree.root >= 0 && !tree.nameRange(tree.root).isEmpty
        emptyRoot = oddRoot ? tree.resolve(UnsafeRawBufferPointer(start: nil, count: 0)) : nil
    }

    /// Starts visiting the children of `node` (printed at a path of `pathLength` bytes).
    mutating func enter(_ node: Int32, pathLength: Int) {
        nodes.childrenInJavaOrder(of: node, into: &kids, hashes: &hashes)
        let start = pending.count
        pending.append(contentsOf: kids)
        frames.append((node, start, pending.count, start, pathLength))
    }

    /// The next step, or nil when the walk is over.
    mutating func next() -> Step? {
        guard let top = frames.last else { return nil }
        if top.next >= top.end {
            frames.removeLast()
            pending.removeLast(pending.count - top.start)
            return .leave
        }
        frames[frames.count - 1].next += 1
        let child = pending[top.next]
        var target = child
        if oddRoot && top.node == tree.root {
            guard let empty = emptyRoot,
                let found = nodes.withName(child, { nodes.child(of: empty, named: $0) })
            else { return .missing(nameOf: child, pathLength: top.pathLength) }
            target = found
        }
        return .node(target, pathLength: top.pathLength, hasChildren: nodes.hasChildren(target))
    }
}

import TestSupport
import Testing

@testable import ZKStorage

/// ``ChildLists`` (children gathered from the parent column, in id order) against the child
/// sets' sibling links, which the snapshot order otherwise walks: the same children in the
/// same Java order for every node, and no lists once the ids stop following the sets.
@Suite struct ChildListsTests {
    /// The names `DataTreeMutationTests` created under a root, with the order OpenJDK 17 gave
    /// for `new HashSet<String>(8)` after adding them ("Aa" and "BB" share a hash code).
    private static let names = [
        "zookeeper", "app", "b", "Aa", "BB", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12",
    ]
    private static let javaOrder = "app,Aa,BB,b,c11,c10,zookeeper,c12,c1,c2,c3,c4,c5,c6,c7,c8,c9"

    private func create(_ tree: DataTree, _ parent: Int32, _ name: String) throws -> Int32 {
        try tree.createNode(parent: parent, name: Array(name.utf8), data: Array(name.utf8), stat: StatPersisted())
    }

    /// Every node's children in Java order, from the lists and from the sibling links.
    private func bothOrders(_ tree: DataTree) -> (lists: [[Int32]], links: [[Int32]])? {
        let store = tree.store
        guard let lists = ChildLists(store) else { return nil }
        var kids: [Int32] = []
        var hashes: [Int32] = []
        var fromLists: [[Int32]] = []
        var fromLinks: [[Int32]] = []
        store.forEachNode { node in
            lists.childrenInJavaOrder(of: node, in: store, into: &kids, hashes: &hashes)
            fromLists.append(kids)
            store.childrenInJavaOrder(of: node, into: &kids, hashes: &hashes)
            fromLinks.append(kids)
            #expect(lists.nameLength(node) == store.nameRange(node).count)
        }
        return (fromLists, fromLinks)
    }

    /// The paths in snapshot order.
    private func snapshotOrder(_ tree: DataTree) -> [String] {
        var paths: [String] = []
        tree.forEachNodeInSnapshotOrder { _, path in
            paths.append(String(decoding: path, as: UTF8.self))
            return true
        }
        return paths
    }

    /// The paths in pre-order, each node's children from its sibling links (the reference).
    private func referenceOrder(_ tree: DataTree) -> [String] {
        var paths: [String] = []
        func visit(_ node: Int32, _ path: String) {
            paths.append(path)
            for child in tree.childrenInJavaOrder(of: node) {
                visit(child, path + "/" + String(decoding: tree.name(child), as: UTF8.self))
            }
        }
        if tree.root >= 0 { visit(tree.root, "") }
        return paths
    }

    @Test func snapshotOrderFromTheListsIsJavas() throws {
        let tree = DataTree(options: .all)
        let root = try tree.createNode(parent: -1, name: [], data: nil, stat: StatPersisted())
        for name in Self.names { _ = try create(tree, root, name) }
        #expect(tree.store.childSetsFollowIds)
        let expected = [""] + Self.javaOrder.split(separator: ",").map { "/\($0)" }
        #expect(snapshotOrder(tree) == expected)
    }

    @Test func listsMatchTheSiblingLinksThroughCreatesAndDeletes() throws {
        let tree = DataTree(options: .all)
        let root = try tree.createNode(parent: -1, name: [], data: nil, stat: StatPersisted())
        var random = PseudoRandom(seed: 11)
        var parents = [root]
        for p in 0..<40 { parents.append(try create(tree, root, "p\(p)")) }
        // Children in random order across parents: siblings far apart in the ids.
        var leaves: [Int32] = []
        for c in 0..<4000 {
            let parent = parents[Int(random.next() % UInt64(parents.count))]
            leaves.append(try create(tree, parent, "c\(c)"))
        }
        let before = try #require(bothOrders(tree))
        #expect(before.lists == before.links)
        #expect(before.lists.contains { $0.count > 100 })

        // Deletes free ids without breaking the order of what stays.
        for k in stride(from: 0, to: leaves.count, by: 7) { try tree.deleteNode(leaves[k]) }
        let afterDeletes = try #require(bothOrders(tree))
        #expect(afterDeletes.lists == afterDeletes.links)
        #expect(snapshotOrder(tree) == referenceOrder(tree))
        #expect(snapshotOrder(tree).count == tree.nodeCount)
    }

    @Test func aReusedIdBelowItsSiblingsEndsTheLists() throws {
        let tree = DataTree(options: .all)
        let root = try tree.createNode(parent: -1, name: [], data: nil, stat: StatPersisted())
        let a = try create(tree, root, "a")
        let b = try create(tree, root, "b")
        let a1 = try create(tree, a, "a1")
        _ = try create(tree, b, "b1")
        try tree.deleteNode(a1)
        // b2 takes a1's freed id, below its sibling b1's: creation order is no longer id order.
        let b2 = try create(tree, b, "b2")
        #expect(b2 == a1)
        #expect(!tree.store.childSetsFollowIds)
        #expect(ChildLists(tree.store) == nil)
        // The snapshot order then walks the sibling links.
        #expect(snapshotOrder(tree) == referenceOrder(tree))
        #expect(snapshotOrder(tree).contains("/b/b2"))
    }
}

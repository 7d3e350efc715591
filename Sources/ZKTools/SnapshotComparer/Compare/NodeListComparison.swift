internal import ZKStorage
internal import ZKToolSupport

/// `SnapshotComparer.compareNodes`: merge-walks two label-sorted node lists and prints what
/// differs by more than the thresholds.
///
/// | situation                 | `-d` only first                        | then         |
/// |---------------------------|----------------------------------------|--------------|
/// | both lists have a node    | `Comparing L to R`, then `left is less` / `right is less` / `same` | the action |
/// | L < R, or right exhausted | –                                      | left-only(L) |
/// | L > R, or left exhausted  | –                                      | right-only(R)|
/// | L == R                    | –                                      | both(L, R)   |
///
/// Thresholds are strict (`>`); a filtered node is still mentioned in debug or interactive mode.
struct NodeListComparison {
    let left: SnapshotTree
    let right: SnapshotTree
    let byteThreshold: Int64
    let nodeThreshold: Int64
    let debug: Bool
    let interactive: Bool
    let out: ToolOutput

    /// Compares the nodes at depth `depth` of both trees (`compareLine`).
    func compareDepth(_ depth: Int) {
        compare(left.sortedLevel(depth), right.sortedLevel(depth))
    }

    /// Compares the direct children of the node labelled `path` in each tree (`compareSubtree`).
    ///
    /// - Returns: false when neither tree has the node (nothing was printed).
    func compareChildren(of path: [UInt8]) -> Bool {
        let l = left.reachableNode(path)
        let r = right.reachableNode(path)
        if l == nil && r == nil { return false }
        compare(l.map { left.sortedChildren(of: $0) } ?? [], r.map { right.sortedChildren(of: $0) } ?? [])
        return true
    }

    func compare(_ leftList: [Int32], _ rightList: [Int32]) {
        var i = 0
        var j = 0
        while i < leftList.count || j < rightList.count {
            guard i < leftList.count else {
                rightOnly(rightList[j])
                j += 1
                continue
            }
            guard j < rightList.count else {
                leftOnly(leftList[i])
                i += 1
                continue
            }
            let l = leftList[i]
            let r = rightList[j]
            if debug {
                out.print("Comparing ")
                out.print(javaString: left.label(l))
                out.print(" to ")
                out.print(javaString: right.label(r))
                out.newline()
            }
            let order = JavaString.compare(canonical: left.label(l), right.label(r))
            if order < 0 {
                if debug { out.println("left is less") }
                leftOnly(l)
                i += 1
            } else if order > 0 {
                if debug { out.println("right is less") }
                rightOnly(r)
                j += 1
            } else {
                if debug { out.println("same") }
                both(l, r)
                i += 1
                j += 1
            }
        }
    }

    private func leftOnly(_ node: Int32) {
        only(node, in: left, found: "found only in left tree. ", filtered: "Filtered left node ")
    }

    private func rightOnly(_ node: Int32) {
        only(node, in: right, found: "found only in right tree. ", filtered: "Filtered right node ")
    }

    private func only(_ node: Int32, in tree: SnapshotTree, found: StaticString, filtered: StaticString) {
        let size = tree.descendantSize[Int(node)]
        let count = Int64(tree.descendantCount[Int(node)])
        if size > byteThreshold || count > nodeThreshold {
            out.print("Node ")
            out.print(javaString: tree.label(node))
            out.print(" ")
            out.print(found)
            out.print("Descendant size: ")
            out.print(size)
            out.print(". Descendant count: ")
            out.print(count)
            out.newline()
        } else if debug || interactive {
            out.print(filtered)
            out.print(javaString: tree.label(node))
            out.print(" of size ")
            out.print(size)
            out.newline()
        }
    }

    private func both(_ l: Int32, _ r: Int32) {
        let leftSize = left.descendantSize[Int(l)]
        let rightSize = right.descendantSize[Int(r)]
        let sizeDelta = rightSize &- leftSize
        let countDelta = Int64(right.descendantCount[Int(r)]) - Int64(left.descendantCount[Int(l)])
        if javaAbs(sizeDelta) > byteThreshold || javaAbs(countDelta) > nodeThreshold {
            out.print("Node ")
            out.print(javaString: left.label(l))
            out.print(" found in both trees. Delta: ")
            out.print(sizeDelta)
            out.print(" bytes, ")
            out.print(countDelta)
            out.println(" descendants")
        } else if debug || interactive {
            out.print("Filtered node ")
            out.print(javaString: left.label(l))
            out.print(" of left size ")
            out.print(leftSize)
            out.print(", right size ")
            out.print(rightSize)
            out.newline()
        }
    }

    /// `Math.abs(long)`, which wraps for `Long.MIN_VALUE` instead of trapping.
    @inline(__always)
    private func javaAbs(_ v: Int64) -> Int64 { v < 0 ? 0 &- v : v }
}

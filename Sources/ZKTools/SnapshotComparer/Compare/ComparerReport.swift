internal import ZKToolSupport

/// The fixed text blocks of the report.
enum ComparerReport {
    /// `TreeInfo.toString()` followed by `println`'s newline:
    ///
    ///     Node count: <reachable nodes>
    ///     Total size: <root's descendant size>
    ///     Max depth: <levels>
    ///     Count of nodes at depth <d>: <n>      (one line per level)
    ///     <empty line>
    static func printStatistics(_ tree: SnapshotTree, to out: ToolOutput) {
        out.print("Node count: ")
        out.print(tree.reachableCount)
        out.newline()
        out.print("Total size: ")
        out.print(tree.descendantSize[Int(tree.root)])
        out.newline()
        out.print("Max depth: ")
        out.print(tree.levelCount)
        out.newline()
        for d in 0..<tree.levelCount {
            out.print("Count of nodes at depth ")
            out.print(d)
            out.print(": ")
            out.print(tree.levelOffsets[d + 1] - tree.levelOffsets[d])
            out.newline()
        }
        out.newline()
    }

    /// `printThresholdInfo`.
    static func printThresholds(_ comparison: NodeListComparison) {
        let out = comparison.out
        out.print("Printing analysis for nodes difference larger than ")
        out.print(comparison.byteThreshold)
        out.print(" bytes or node count difference larger than ")
        out.print(comparison.nodeThreshold)
        out.println(".")
    }
}

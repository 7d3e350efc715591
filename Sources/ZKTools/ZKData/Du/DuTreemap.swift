/// The tree the HTML page draws, aggregated so that it stays small for any snapshot: a subtree is
/// kept when its node count or its bytes reach a threshold; what falls below is folded into its
/// parent's `other` totals. The thresholds double whenever more than `budget` entries are kept,
/// so the page holds at most `budget` entries whatever the snapshot's size.
///
/// Entries are stored in post-order (a subtree closes after its children); `parent` is set when
/// the parent closes.
struct DuTreemap {
    struct Entry {
        /// The last path component ("/" for the root of the view).
        var name: String
        var depth: Int
        var nodes: Int
        var bytes: Int
        /// The node's own data.
        var ownBytes: Int
        /// Children folded in because they are too small to see.
        var otherCount = 0
        var otherNodes = 0
        var otherBytes = 0
        /// Index of the parent entry, -1 until the parent closes (and for the root).
        var parent = -1
    }

    /// Folded totals of an open subtree (its children that were not kept).
    struct Other {
        var count = 0
        var nodes = 0
        var bytes = 0

        mutating func add(nodes n: Int, bytes b: Int) {
            count += 1
            nodes += n
            bytes += b
        }
    }

    private(set) var entries: [Entry] = []
    var budget = 4000
    private(set) var minNodes = 1
    private(set) var minBytes = 1

    /// True when a subtree with these totals is kept at the current thresholds.
    func keeps(nodes: Int, bytes: Int) -> Bool { nodes >= minNodes || bytes >= minBytes }

    /// The root of the view is always kept.
    private func isKept(_ e: Entry) -> Bool { e.depth == 0 || keeps(nodes: e.nodes, bytes: e.bytes) }

    /// Adds a closed subtree. Kept entries at `firstChild...` one level deeper become its
    /// children. `openOthers` are the folded totals of the open subtrees, by depth; raising the
    /// thresholds may fold more into them.
    mutating func close(_ entry: Entry, firstChild: Int, openOthers: inout [Other], firstChildren: inout [Int]) {
        let index = entries.count
        var i = firstChild
        while i < index {
            if entries[i].depth == entry.depth + 1 { entries[i].parent = index }
            i += 1
        }
        entries.append(entry)
        if entries.count > budget {
            raiseThresholds(openOthers: &openOthers, firstChildren: &firstChildren)
        }
    }

    /// Doubles the thresholds until at most half the budget is kept, folding the dropped
    /// subtrees into their parents (kept entries, or open subtrees by depth).
    private mutating func raiseThresholds(openOthers: inout [Other], firstChildren: inout [Int]) {
        while true {
            minNodes *= 2
            minBytes *= 2
            let kept = entries.reduce(0) { $0 + (isKept($1) ? 1 : 0) }
            if kept <= budget / 2 { break }
        }
        var newIndex = [Int](repeating: -1, count: entries.count)
        var next = 0
        for i in entries.indices where isKept(entries[i]) {
            newIndex[i] = next
            next += 1
        }
        for i in entries.indices where newIndex[i] < 0 {
            let e = entries[i]
            let p = e.parent
            if p >= 0 {
                // A dropped parent's own totals include this subtree.
                if newIndex[p] >= 0 {
                    entries[p].otherCount += 1
                    entries[p].otherNodes += e.nodes
                    entries[p].otherBytes += e.bytes
                }
            } else if e.depth >= 1, e.depth - 1 < openOthers.count {
                openOthers[e.depth - 1].add(nodes: e.nodes, bytes: e.bytes)
            }
        }
        var compacted: [Entry] = []
        compacted.reserveCapacity(next)
        for i in entries.indices where newIndex[i] >= 0 {
            var e = entries[i]
            e.parent = e.parent >= 0 ? newIndex[e.parent] : -1
            compacted.append(e)
        }
        // Open subtrees' first children: the first surviving entry at or after the old index.
        var survivorsBefore = [Int](repeating: 0, count: entries.count + 1)
        for i in entries.indices { survivorsBefore[i + 1] = survivorsBefore[i] + (newIndex[i] >= 0 ? 1 : 0) }
        for k in firstChildren.indices { firstChildren[k] = survivorsBefore[min(firstChildren[k], entries.count)] }
        entries = compacted
    }
}

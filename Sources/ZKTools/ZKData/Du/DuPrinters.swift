/// `du --format json`: one object. The spec's keys come first, in its order (`nodes`, `bytes`,
/// `subtrees`, `largest`, `most_children`, `sessions`), then the extras.
enum DuJSONPrinter {
    /// With `treemap`, also `"treemap"`: the entries as
    /// `[name, nodes, bytes, ownBytes, otherCount, otherNodes, otherBytes, parent]` (the page's data).
    static func render(_ r: DuReport, treemap: Bool = false) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.member("nodes", r.nodes)
        w.member("bytes", r.bytes)
        w.key("subtrees")
        w.beginArray()
        for s in r.subtrees {
            w.beginObject()
            w.member("path", s.path)
            w.member("depth", s.depth)
            w.member("nodes", s.nodes)
            w.member("bytes", s.bytes)
            w.member("children", s.children)
            w.endObject()
        }
        w.endArray()
        pathList(&w, "largest", r.largest.map { ($0.path, $0.bytes) }, value: "bytes")
        pathList(&w, "most_children", r.mostChildren.map { ($0.path, $0.children) }, value: "children")
        w.key("sessions")
        w.beginArray()
        for s in r.sessions {
            w.beginObject()
            w.member("session", hex: s.session)
            w.member("ephemerals", s.ephemerals)
            w.member("bytes", s.bytes)
            w.key("timeout_ms")
            if let t = s.timeoutMs { w.int(t) } else { w.null() }
            w.member("close_txn_bytes", s.closeTxnBytes)
            w.member("close_txn_over_maxbuffer", s.closeTxnBytes > r.juteMaxBuffer)
            w.endObject()
        }
        w.endArray()
        pathList(&w, "near_limit", r.nearLimit.map { ($0.path, $0.bytes) }, value: "bytes")
        w.member("near_limit_count", r.nearLimitCount)
        w.member("near_limit_bytes", r.nearLimitBytes)
        w.member("jute_maxbuffer", r.juteMaxBuffer)
        w.member("snapshot", r.snapshot)
        w.member("zxid", hex: r.snapshotZxid)
        w.member("prefix", r.prefix)
        w.member("digest", r.hasDigest)
        w.member("seals_valid", r.sealsValid)
        if treemap {
            w.key("treemap")
            w.beginArray()
            for e in r.treemap.entries {
                w.beginArray()
                w.string(e.name)
                for v in [e.nodes, e.bytes, e.ownBytes, e.otherCount, e.otherNodes, e.otherBytes, e.parent] { w.int(v) }
                w.endArray()
            }
            w.endArray()
        }
        w.endObject()
        w.endLine()
        return w.bytes
    }

    /// `"key":[{"path":…,"<value>":N},…]`.
    private static func pathList(
        _ w: inout JSONWriter,
        _ key: StaticString,
        _ items: [(String, Int)],
        value: StaticString
    ) {
        w.key(key)
        w.beginArray()
        for (path, n) in items {
            w.beginObject()
            w.member("path", path)
            w.member(value, n)
            w.endObject()
        }
        w.endArray()
    }
}

/// `du --format text`: the subtree tree, then the top lists, for people.
enum DuTextPrinter {
    static func render(_ r: DuReport, order: DuOrder, top: Int) -> String {
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        line(
            "\(r.snapshot): \(r.prefix == "/" ? "" : r.prefix + ": ")\(Quantities.count(r.nodes)) nodes, "
                + "\(Quantities.bytes(r.bytes)) of data, \(Quantities.count(r.sessions.filter { $0.timeoutMs != nil }.count)) sessions"
                + (r.sealsValid ? "" : " (a checksum seal does not verify)")
        )
        line()
        line("Subtrees (siblings by \(order.rawValue)):")
        let wb = max(5, r.subtrees.map { Quantities.bytes($0.bytes).count }.max() ?? 0)
        let wn = max(5, r.subtrees.map { Quantities.count($0.nodes).count }.max() ?? 0)
        let wc = max(8, r.subtrees.map { Quantities.count($0.children).count }.max() ?? 0)
        line(
            "  \(Quantities.right("bytes", wb))  \(Quantities.right("nodes", wn))  \(Quantities.right("children", wc))  path"
        )
        for row in visibleRows(r.subtrees, top: top) {
            let indent = String(repeating: "  ", count: row.depth)
            if let s = row.subtree {
                line(
                    "  \(Quantities.right(Quantities.bytes(s.bytes), wb))  \(Quantities.right(Quantities.count(s.nodes), wn))"
                        + "  \(Quantities.right(Quantities.count(s.children), wc))  \(indent)\(s.path)"
                )
            } else {
                line(
                    "  \(Quantities.right(Quantities.bytes(row.bytes), wb))  \(Quantities.right(Quantities.count(row.nodes), wn))"
                        + "  \(Quantities.right("", wc))  \(indent)… \(Quantities.count(row.more)) more (--top, --format json)"
                )
            }
        }
        line()
        line("Largest nodes (data):")
        for n in r.largest { line("  \(Quantities.right(Quantities.bytes(n.bytes), 10))  \(n.path)") }
        line()
        line("Most children:")
        for n in r.mostChildren { line("  \(Quantities.right(Quantities.count(n.children), 10))  \(n.path)") }
        line()
        let holders = r.sessions.filter { $0.ephemerals > 0 }
        line(
            "Sessions by ephemerals (\(Quantities.count(holders.count)) of \(Quantities.count(r.sessions.count)) hold any; "
                + "closeSession txn against jute.maxbuffer = \(Quantities.count(r.juteMaxBuffer))):"
        )
        if holders.isEmpty { line("  none") }
        for s in holders.prefix(top) {
            let share = Double(s.closeTxnBytes) * 100 / Double(max(1, r.juteMaxBuffer))
            let verdict =
                s.closeTxnBytes > 2 * r.juteMaxBuffer
                ? "  OVER: learners and restarts reject it (Unreasonable length)"
                : s.closeTxnBytes > r.juteMaxBuffer ? "  over jute.maxbuffer" : ""
            let percent = share < 0.1 ? "<0.1" : String(Double(Int(share * 10)) / 10)
            line(
                "  \(Quantities.hex(s.session))  \(Quantities.right(Quantities.count(s.ephemerals), 9)) ephemerals"
                    + "  \(Quantities.right(Quantities.bytes(s.bytes), 10))  close txn \(Quantities.bytes(s.closeTxnBytes))"
                    + " (\(percent)%)\(s.timeoutMs == nil ? "  (not in the session table)" : "")\(verdict)"
            )
        }
        line()
        line(
            "Nodes near the limit (data ≥ \(Quantities.bytes(r.nearLimitBytes))): \(Quantities.count(r.nearLimitCount))"
        )
        for n in r.nearLimit { line("  \(Quantities.right(Quantities.bytes(n.bytes), 10))  \(n.path)") }
        return out
    }

    /// One line of the subtree list: a subtree, or the siblings left out after the first `top`.
    struct Row: Equatable {
        var depth: Int
        var subtree: DuSubtree?
        var more = 0
        var nodes = 0
        var bytes = 0
    }

    /// The subtree list (tree order, siblings sorted) with at most `top` children shown per
    /// subtree; the others of each parent are summed into one row after its shown children.
    static func visibleRows(_ subtrees: [DuSubtree], top: Int) -> [Row] {
        var rows: [Row] = []
        var siblings: [Int] = []
        var visible: [Bool] = []
        var pending: [Row] = []
        func close(deeperThan depth: Int) {
            while pending.count > depth + 1 {
                let p = pending.removeLast()
                if p.more > 0 { rows.append(p) }
            }
        }
        for s in subtrees {
            let d = s.depth
            close(deeperThan: d)
            while siblings.count <= d { siblings.append(0) }
            siblings.removeSubrange((d + 1)...)
            siblings[d] += 1
            while visible.count <= d { visible.append(false) }
            visible.removeSubrange((d + 1)...)
            while pending.count <= d { pending.append(Row(depth: pending.count)) }
            let parentVisible = d == 0 || visible[d - 1]
            visible[d] = parentVisible && (d == 0 || siblings[d] <= max(1, top))
            if visible[d] {
                rows.append(Row(depth: d, subtree: s))
            } else if parentVisible {
                pending[d].more += 1
                pending[d].nodes += s.nodes
                pending[d].bytes += s.bytes
            }
        }
        close(deeperThan: -1)
        return rows
    }
}

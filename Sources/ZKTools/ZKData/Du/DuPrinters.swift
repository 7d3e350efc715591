/// `du --format json`: one object. The spec's keys come first, in its order (`nodes`, `bytes`,
/// `subtrees`, `largest`, `most_children`, `sessions`), then the extras.
enum DuJSONPrinter {
    static func render(_ r: DuReport) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("nodes")
        w.int(r.nodes)
        w.key("bytes")
        w.int(r.bytes)
        w.key("subtrees")
        w.beginArray()
        for s in r.subtrees {
            w.beginObject()
            w.key("path")
            w.string(s.path)
            w.key("depth")
            w.int(s.depth)
            w.key("nodes")
            w.int(s.nodes)
            w.key("bytes")
            w.int(s.bytes)
            w.key("children")
            w.int(s.children)
            w.endObject()
        }
        w.endArray()
        w.key("largest")
        w.beginArray()
        for n in r.largest {
            w.beginObject()
            w.key("path")
            w.string(n.path)
            w.key("bytes")
            w.int(n.bytes)
            w.endObject()
        }
        w.endArray()
        w.key("most_children")
        w.beginArray()
        for n in r.mostChildren {
            w.beginObject()
            w.key("path")
            w.string(n.path)
            w.key("children")
            w.int(n.children)
            w.endObject()
        }
        w.endArray()
        w.key("sessions")
        w.beginArray()
        for s in r.sessions {
            w.beginObject()
            w.key("session")
            w.hex(s.session)
            w.key("ephemerals")
            w.int(s.ephemerals)
            w.key("bytes")
            w.int(s.bytes)
            w.key("timeout_ms")
            if let t = s.timeoutMs { w.int(t) } else { w.null() }
            w.key("close_txn_bytes")
            w.int(s.closeTxnBytes)
            w.key("close_txn_over_maxbuffer")
            w.bool(s.closeTxnBytes > r.juteMaxBuffer)
            w.endObject()
        }
        w.endArray()
        w.key("near_limit")
        w.beginArray()
        for n in r.nearLimit {
            w.beginObject()
            w.key("path")
            w.string(n.path)
            w.key("bytes")
            w.int(n.bytes)
            w.endObject()
        }
        w.endArray()
        w.key("near_limit_count")
        w.int(r.nearLimitCount)
        w.key("near_limit_bytes")
        w.int(r.nearLimitBytes)
        w.key("jute_maxbuffer")
        w.int(r.juteMaxBuffer)
        w.key("snapshot")
        w.string(r.snapshot)
        w.key("zxid")
        w.hex(r.snapshotZxid)
        w.key("prefix")
        w.string(r.prefix)
        w.key("digest")
        w.bool(r.hasDigest)
        w.key("seals_valid")
        w.bool(r.sealsValid)
        w.endObject()
        w.endLine()
        return w.bytes
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

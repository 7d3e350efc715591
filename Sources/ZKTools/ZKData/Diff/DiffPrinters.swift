/// `diff --format ndjson`: one record per differing znode,
/// `{"path","change","fields","bytes_a","bytes_b"}` (`bytes_*`: data length on that side, -1 for
/// null data, absent when the node is not there).
enum DiffNDJSONPrinter {
    static func render(_ r: DiffReport) -> [UInt8] {
        var w = JSONWriter(capacity: r.changes.count * 64 + 64)
        for c in r.changes {
            record(c, into: &w)
            w.endLine()
        }
        return w.bytes
    }

    static func record(_ c: DiffChange, into w: inout JSONWriter) {
        w.beginObject()
        w.member("path", c.path)
        w.member("change", c.kind.rawValue)
        w.key("fields")
        w.beginArray()
        for f in c.fields { w.string(f.name) }
        w.endArray()
        if let a = c.bytesA { w.member("bytes_a", a) }
        if let b = c.bytesB { w.member("bytes_b", b) }
        w.endObject()
    }
}

/// `diff --format json`: one object with the counts and the records.
enum DiffJSONPrinter {
    static func render(_ r: DiffReport) -> [UInt8] {
        var w = JSONWriter(capacity: r.changes.count * 64 + 256)
        w.beginObject()
        w.member("a", r.snapshotA)
        w.member("b", r.snapshotB)
        w.member("nodes_a", r.nodesA)
        w.member("nodes_b", r.nodesB)
        w.member("added", r.count(.added))
        w.member("removed", r.count(.removed))
        w.member("modified", r.count(.modified))
        w.key("changes")
        w.beginArray()
        for c in r.changes { DiffNDJSONPrinter.record(c, into: &w) }
        w.endArray()
        w.endObject()
        w.endLine()
        return w.bytes
    }
}

/// `diff --format text`: counts, a summary by subtree down to `depth`, then the first `limit`
/// changes, for people.
enum DiffTextPrinter {
    struct Tally {
        var added = 0
        var removed = 0
        var modified = 0
        var bytes = 0
    }

    /// The change in data bytes a change brings (null data counts as 0).
    static func delta(_ c: DiffChange) -> Int { max(0, c.bytesB ?? 0) - max(0, c.bytesA ?? 0) }

    /// Totals per subtree (paths down to `depth` components), in tree order.
    static func bySubtree(_ r: DiffReport, depth: Int) -> [(path: String, tally: Tally)] {
        var tallies: [String: Tally] = [:]
        var order: [String] = []
        for c in r.changes {
            var ends: [String.Index] = []
            let p = c.path
            var i = p.startIndex
            while i < p.endIndex {
                i = p.index(after: i)
                if i == p.endIndex || p[i] == "/" { ends.append(i) }
            }
            let keys = c.path == "/" ? ["/"] : ends.prefix(max(1, depth)).map { String(p[..<$0]) }
            for k in keys {
                if tallies[k] == nil { order.append(k) }
                switch c.kind {
                case .added: tallies[k, default: Tally()].added += 1
                case .removed: tallies[k, default: Tally()].removed += 1
                case .modified: tallies[k, default: Tally()].modified += 1
                }
                tallies[k, default: Tally()].bytes += delta(c)
            }
        }
        return order.map { ($0, tallies[$0] ?? Tally()) }
    }

    static func render(_ r: DiffReport, depth: Int, limit: Int) -> String {
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        line("A: \(r.snapshotA) (\(Quantities.count(r.nodesA)) nodes)")
        line("B: \(r.snapshotB) (\(Quantities.count(r.nodesB)) nodes)")
        if r.isIdentical {
            line("identical")
            return out
        }
        var fieldCounts = [Int](repeating: 0, count: DiffField.allCases.count)
        for c in r.changes { for f in c.fields { fieldCounts[f.rawValue] += 1 } }
        let fieldText = DiffField.allCases.filter { fieldCounts[$0.rawValue] > 0 }
            .map { "\($0.name) \(Quantities.count(fieldCounts[$0.rawValue]))" }.joined(separator: ", ")
        line(
            "\(Quantities.count(r.count(.added))) added, \(Quantities.count(r.count(.removed))) removed, "
                + "\(Quantities.count(r.count(.modified))) modified"
                + (fieldText.isEmpty ? "" : " (\(fieldText))")
                + "; data \(Quantities.delta(r.changes.reduce(0) { $0 + delta($1) }))"
        )
        line()
        let rows = bySubtree(r, depth: depth)
        let width = max(7, rows.map { $0.path.count + 2 * ($0.path.split(separator: "/").count - 1) }.max() ?? 0)
        line(
            "\(Quantities.left("subtree", width))  \(Quantities.right("added", 9))  \(Quantities.right("removed", 9))  "
                + "\(Quantities.right("modified", 9))  \(Quantities.right("data", 11))"
        )
        for (path, t) in rows {
            let indent = String(repeating: "  ", count: max(0, path.split(separator: "/").count - 1))
            line(
                "\(Quantities.left(indent + path, width))  \(Quantities.right(Quantities.count(t.added), 9))  "
                    + "\(Quantities.right(Quantities.count(t.removed), 9))  \(Quantities.right(Quantities.count(t.modified), 9))  "
                    + Quantities.right(Quantities.delta(t.bytes), 11)
            )
        }
        line()
        let shown = r.changes.prefix(limit)
        line(
            "Changes (\(shown.count == r.changes.count ? "all \(Quantities.count(r.changes.count))" : "first \(shown.count) of \(Quantities.count(r.changes.count)); --top N shows more, --format ndjson all")):"
        )
        for c in shown {
            switch c.kind {
            case .added: line("+ \(c.path)  (\(Quantities.bytes(max(0, c.bytesB ?? 0))))")
            case .removed: line("- \(c.path)  (\(Quantities.bytes(max(0, c.bytesA ?? 0))))")
            case .modified: line("~ \(c.path)  \(c.fields.map(\.name).joined(separator: ", "))")
            }
        }
        return out
    }
}

/// `du --format html`: one self-contained page (inline CSS and JS, no network reference at all)
/// with a zoomable treemap by bytes or nodes and the top lists. The data is one inline JSON
/// object in which every `/` is written `\/` and every `<` as `\u003c`, so node names can neither
/// close the script nor form a URL.
enum DuHTMLPrinter {
    static func render(_ r: DuReport) -> [UInt8] {
        let template = Array(DuPage.template.utf8)
        let marker = Array(DuPage.dataMarker.utf8)
        var at = 0
        while at + marker.count <= template.count && !template[at..<(at + marker.count)].elementsEqual(marker) {
            at += 1
        }
        var page = Array(template[..<min(at, template.count)])
        page.append(contentsOf: scriptSafe(data(r)))
        if at + marker.count <= template.count { page.append(contentsOf: template[(at + marker.count)...]) }
        return page
    }

    /// The page's data: the report's lists and the treemap entries as
    /// `[name, nodes, bytes, ownBytes, otherCount, otherNodes, otherBytes, parent]`.
    static func data(_ r: DuReport) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("snapshot")
        w.string(r.snapshot)
        w.key("zxid")
        w.hex(r.snapshotZxid)
        w.key("prefix")
        w.string(r.prefix)
        w.key("nodes")
        w.int(r.nodes)
        w.key("bytes")
        w.int(r.bytes)
        w.key("maxbuffer")
        w.int(r.juteMaxBuffer)
        w.key("near")
        w.int(r.nearLimitBytes)
        w.key("tree")
        w.beginArray()
        for e in r.treemap.entries {
            w.beginArray()
            w.string(e.name)
            w.int(e.nodes)
            w.int(e.bytes)
            w.int(e.ownBytes)
            w.int(e.otherCount)
            w.int(e.otherNodes)
            w.int(e.otherBytes)
            w.int(e.parent)
            w.endArray()
        }
        w.endArray()
        w.key("subtrees")
        w.beginArray()
        for s in r.subtrees {
            w.beginArray()
            w.string(s.path)
            w.int(s.depth)
            w.int(s.nodes)
            w.int(s.bytes)
            w.int(s.children)
            w.endArray()
        }
        w.endArray()
        w.key("largest")
        w.beginArray()
        for n in r.largest {
            w.beginArray()
            w.string(n.path)
            w.int(n.bytes)
            w.endArray()
        }
        w.endArray()
        w.key("widest")
        w.beginArray()
        for n in r.mostChildren {
            w.beginArray()
            w.string(n.path)
            w.int(n.children)
            w.endArray()
        }
        w.endArray()
        w.key("sessions")
        w.beginArray()
        for s in r.sessions where s.ephemerals > 0 {
            w.beginArray()
            w.hex(s.session)
            w.int(s.ephemerals)
            w.int(s.bytes)
            w.int(s.closeTxnBytes)
            w.endArray()
        }
        w.endArray()
        w.key("nearList")
        w.beginArray()
        for n in r.nearLimit {
            w.beginArray()
            w.string(n.path)
            w.int(n.bytes)
            w.endArray()
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }

    /// JSON that is safe inside `<script>`: `/` → `\/`, `<` → `\u003c` (both only occur inside
    /// strings, where these escapes mean the same characters).
    static func scriptSafe(_ json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count + json.count / 8)
        for b in json {
            switch b {
            case UInt8(ascii: "/"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "/")])
            case UInt8(ascii: "<"): out.append(contentsOf: Array("\\u003c".utf8))
            default: out.append(b)
            }
        }
        return out
    }
}

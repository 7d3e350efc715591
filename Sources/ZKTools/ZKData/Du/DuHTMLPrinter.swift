/// `du --format html`: one self-contained page (inline CSS and JS, no network reference at all)
/// with a zoomable treemap by bytes or nodes and the top lists. The data is `--format json`'s
/// object plus the treemap, inline, with every `/` is written `\/` and every `<` as `\u003c`, so node names can neither
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
        page.append(contentsOf: scriptSafe(DuJSONPrinter.render(r, treemap: true)))
        if at + marker.count <= template.count { page.append(contentsOf: template[(at + marker.count)...]) }
        return page
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

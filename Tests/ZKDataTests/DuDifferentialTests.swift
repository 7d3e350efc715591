import Foundation
internal import TestSupport
import Testing

@testable import ZKData

/// `zkdata du` against what Java's `SnapshotFormatter -d` output implies (goldens captured from
/// Java): totals, subtree totals, the largest and widest nodes, ephemerals per session.
@Suite struct DuDifferentialTests {
    typealias Dump = JavaSnapshotDump

    static let snapshots: [String] = FixturePaths.serverSnapshots

    @Test(arguments: snapshots)
    func totalsMatchJava(_ snapshot: String) throws {
        guard let java = Dump.golden(of: snapshot) else {
            Issue.record("missing Java golden for \(snapshot)")
            return
        }
        let report = try DuOperation(options: DuOptions(depth: 2, top: 5)).run(path: snapshot)
        #expect(report.sealsValid)
        #expect(report.nodes == java.order.count)
        #expect(report.bytes == java.order.reduce(0) { $0 + (java.nodes[$1]?.dataLength ?? 0) })

        // Subtree totals: every node down to depth 2, and nothing else.
        let expectedPaths = java.order.filter { Dump.depth($0) <= 2 }
        #expect(report.subtrees.map(\.path).sorted() == expectedPaths.sorted())
        let children = java.childCounts
        for s in report.subtrees {
            let t = java.subtree(s.path)
            #expect(s.nodes == t.nodes, "\(s.path) nodes")
            #expect(s.bytes == t.bytes, "\(s.path) bytes")
            #expect(s.children == children[s.path], "\(s.path) children")
            #expect(s.depth == Dump.depth(s.path))
        }

        // Largest and widest: the same values as Java's top 5, each path with its Java value.
        let sizes = java.order.map { java.nodes[$0]?.dataLength ?? 0 }.sorted(by: >)
        #expect(report.largest.map(\.bytes) == Array(sizes.prefix(5)))
        for n in report.largest { #expect(java.nodes[n.path]?.dataLength == n.bytes, "\(n.path)") }
        let widths = children.values.sorted(by: >)
        #expect(report.mostChildren.map(\.children) == Array(widths.prefix(5)))
        for n in report.mostChildren { #expect(children[n.path] == n.children, "\(n.path)") }

        // Ephemerals per session of the session table (Java: DataTree.getEphemerals(sid).size()).
        let ours = Dictionary(uniqueKeysWithValues: report.sessions.map { ($0.session, $0) })
        for s in java.sessions {
            #expect(ours[s.id]?.ephemerals ?? 0 == s.ephemerals, "session \(s.id)")
            #expect(ours[s.id]?.timeoutMs.map(Int.init) == s.timeout)
        }
        #expect(report.sessions.filter { $0.timeoutMs != nil }.count == java.sessions.count)
        // Ephemeral bytes and the closeSession estimate from Java's view of the same nodes.
        for s in report.sessions {
            let owned = java.order.filter {
                java.nodes[$0]?.fields["ephemeralOwner"] == String(format: "0x%014llx", s.session)
            }
            #expect(s.ephemerals == owned.count)
            #expect(s.bytes == owned.reduce(0) { $0 + (java.nodes[$1]?.dataLength ?? 0) })
            let pathBytes = owned.reduce(0) { $0 + $1.utf8.count }
            #expect(s.closeTxnBytes == 32 + 4 + 4 * owned.count + pathBytes + (report.hasDigest ? 12 : 0))
        }
    }

    @Test func prefixAndDepth() throws {
        let snapshot = Dump.fixture("standalone", "snapshot.8e")
        guard let java = Dump.golden(of: snapshot) else {
            Issue.record("missing Java golden")
            return
        }
        let report = try DuOperation(options: DuOptions(depth: 1, prefix: "/zookeeper/")).run(path: snapshot)
        let t = java.subtree("/zookeeper")
        #expect(report.nodes == t.nodes)
        #expect(report.bytes == t.bytes)
        #expect(report.subtrees.map(\.path) == ["/zookeeper", "/zookeeper/quota", "/zookeeper/config"])
        #expect(report.subtrees.map(\.depth) == [0, 1, 1])
        let none = try DuOperation(options: DuOptions(prefix: "/no/such")).run(path: snapshot)
        #expect(none.nodes == 0)
        #expect(none.subtrees.isEmpty)
    }

    /// A data directory: the newest valid snapshot, as the server picks it.
    @Test func directoryReadsTheNewestSnapshot() throws {
        let work = WorkDirectory()
        let dir = FixturePaths.fixtures + "/zk-3.8.0/standalone-gz"
        let run = try ToolRunner.run("zkdata", ["du", dir, "--format", "json"], cwd: work.path)
        #expect(run.exit == 0)
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [String: Any]
        #expect((json?["snapshot"] as? String)?.hasSuffix("snapshot.8a.gz") == true)
        let keys = ["nodes", "bytes", "subtrees", "largest", "most_children", "sessions"]
        #expect(keys.allSatisfy { json?[$0] != nil })
        #expect(json?["nodes"] as? Int == Dump.golden(of: dir + "/version-2/snapshot.8a.gz")?.order.count)
        let damaged = try ToolRunner.run("zkdata", ["du", "missing-file"], cwd: work.path)
        #expect(damaged.exit == 2)
    }

    /// A newest snapshot whose seal does not verify is skipped, as the server skips it
    /// (`FileSnap.deserialize`: "CRC corruption in snapshot"), with one warning; given as a file
    /// it is read with a warning and exit 1.
    @Test func damagedNewestSnapshotIsSkippedLikeTheServerDoes() throws {
        let work = WorkDirectory()
        try work.copy(Dump.fixture("standalone", "snapshot.74"), to: "version-2/snapshot.74")
        try work.copy(FixturePaths.fixtures + "/damaged/snap-seal-altered/snapshot.8e", to: "version-2/snapshot.8e")
        let run = try ToolRunner.run("zkdata", ["du", work.path, "--format", "json"], cwd: work.path)
        #expect(run.exit == 0)
        #expect(run.stderrLines.count == 1)
        #expect(run.stderrText.contains("warning: skipping") && run.stderrText.contains("snapshot.8e"))
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [String: Any]
        #expect((json?["snapshot"] as? String)?.hasSuffix("snapshot.74") == true)
        #expect(json?["nodes"] as? Int == Dump.golden(of: Dump.fixture("standalone", "snapshot.74"))?.order.count)
        let file = try ToolRunner.run("zkdata", ["du", "version-2/snapshot.8e"], cwd: work.path)
        #expect(file.exit == 1)
        #expect(file.stderrText.contains("seal"))
        let missingParent = try ToolRunner.run(
            "zkdata",
            ["du", FixturePaths.fixtures + "/damaged/snap-missing-parent/" + "snapshot.8e"],
            cwd: work.path
        )
        #expect(missingParent.exit == 2)
        #expect(missingParent.stderrLines.count == 1)
    }

    /// The treemap stays within its budget and still adds up.
    @Test func treemapIsBoundedAndAddsUp() throws {
        let snapshot = Dump.fixture("standalone", "snapshot.8e")
        let report = try DuOperation(options: DuOptions(treemapBudget: 8)).run(path: snapshot)
        let entries = report.treemap.entries
        #expect(entries.count <= 8)
        #expect(entries.last?.nodes == report.nodes)
        #expect(entries.last?.parent == -1)
        for (i, e) in entries.enumerated() {
            let kids = entries.filter { $0.parent == i }
            #expect(kids.reduce(0) { $0 + $1.nodes } + e.otherNodes + 1 == e.nodes, "\(e.name) nodes")
            #expect(kids.reduce(0) { $0 + $1.bytes } + e.otherBytes + e.ownBytes == e.bytes, "\(e.name) bytes")
        }
    }

    /// The page is self-contained: no URL, no request API, no external resource.
    @Test func htmlPageMakesNoNetworkReference() throws {
        for snapshot in [Dump.fixture("standalone", "snapshot.8e"), Dump.fixture("standalone-gz", "snapshot.75.gz")] {
            let report = try DuOperation(options: DuOptions()).run(path: snapshot)
            let page = String(decoding: DuHTMLPrinter.render(report), as: UTF8.self)
            #expect(page.hasPrefix("<!DOCTYPE html>"))
            for banned in [
                "http:", "https:", "//", "fetch", "XMLHttpRequest", "src=", "href=", "url(", "@import", "<link",
                "<iframe", "WebSocket", "EventSource", "sendBeacon", "import(",
            ] {
                #expect(!page.contains(banned), "\(banned) in the page")
            }
            #expect(page.components(separatedBy: "<script").count == 3)
            #expect(page.contains("\"treemap\":[["))
        }
    }
}

@Suite struct DuTextTests {
    /// `--top` also caps the children listed per subtree; the rest are summed, so every level
    /// still adds up.
    @Test func subtreeListIsCappedPerParentAndAddsUp() throws {
        let snapshot = JavaSnapshotDump.fixture("standalone", "snapshot.8e")
        let report = try DuOperation(options: DuOptions(depth: 2)).run(path: snapshot)
        let rows = DuTextPrinter.visibleRows(report.subtrees, top: 3)
        let level1 = rows.filter { $0.depth == 1 }
        #expect(level1.compactMap(\.subtree).count == 3)
        #expect(level1.reduce(0) { $0 + ($1.subtree?.nodes ?? $1.nodes) } == report.nodes - 1)
        #expect(level1.reduce(0) { $0 + ($1.subtree?.bytes ?? $1.bytes) } == report.bytes)
        #expect(level1.last?.more == 11)
        let app = rows.filter { $0.depth == 2 && ($0.subtree?.path.hasPrefix("/app/") ?? false) }
        #expect(app.map { $0.subtree?.path } == ["/app/bin", "/app/c2", "/app/multi-acl"])
    }
}

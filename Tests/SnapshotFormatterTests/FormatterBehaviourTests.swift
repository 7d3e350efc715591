import Foundation
import TestSupport
import Testing

/// What the goldens cannot show: the seal warning (Java prints nothing), broken pipes, output
/// larger than the tool's buffer, and the launcher script.
@Suite struct FormatterBehaviourTests {
    static let warningPrefix = "zk-snapshot-formatter: warning: "

    /// Every snapshot a real server or ZooKeeper's own writer made (and that Java prints):
    /// exit 0 and nothing on stderr — no false seal warnings.
    static let goodSnapshots =
        FixturePaths.files(under: "zk-3.8.0") { $0.hasPrefix("snapshot.") }
        + FixturePaths.files(under: "crafted") { $0.hasPrefix("snapshot.") }

    @Test(.enabled(if: !goodSnapshots.isEmpty, "no fixture snapshots yet"), arguments: goodSnapshots)
    func sealsOfGoodSnapshotsVerify(_ path: String) throws {
        let work = WorkDirectory()
        for mode in [[], ["-json"]] {
            let result = try FormatterHarness.run(mode + [path], cwd: work.path)
            #expect(result.exit == 0, "\(FixturePaths.relative(path)) \(mode)")
            #expect(result.stderrText == "", "\(FixturePaths.relative(path)) \(mode): \(result.stderrText)")
        }
    }

    /// Damaged files that Java prints without noticing: printed the same, plus one warning.
    static let unverifiedSeals = ["snap-seal-altered", "snap-trunc-before-seal", "snap-gz-bad-trailer"]

    @Test(arguments: unverifiedSeals)
    func damagedSealsWarnOnce(_ name: String) throws {
        let files = FixturePaths.files(under: "damaged/" + name) { _ in true }
        let file = try #require(files.first, "no fixture under Fixtures/damaged/\(name)")
        let work = WorkDirectory()
        let result = try FormatterHarness.run(["-d", file], cwd: work.path)
        #expect(result.exit == 0)
        #expect(result.stderrTextLines.count == 1, "\(result.stderrTextLines)")
        #expect(result.stderrTextLines.first?.hasPrefix(Self.warningPrefix) == true)
        #expect(result.stderrTextLines.first?.contains(file) == true, "the warning names the file")
        #expect(result.stdoutText.hasPrefix("ZNode Details (count="))
        #expect(result.stdoutText.contains("\n----\nLast zxid: 0x"))
    }

    /// A seal that was altered is reported with its offset and both values.
    @Test func alteredSealNamesOffsetAndValues() throws {
        guard let file = FixturePaths.files(under: "damaged/snap-seal-altered", where: { _ in true }).first else {
            return
        }
        let work = WorkDirectory()
        let result = try FormatterHarness.run([file], cwd: work.path)
        let line = result.stderrTextLines.first ?? ""
        #expect(line.contains("seal #1 at byte offset "))
        #expect(line.contains("stored 0x") && line.contains("computed 0x"))
    }

    /// `| head`: Java ignores write errors and exits 0; so must we (no death by SIGPIPE).
    @Test func brokenPipeExitsZero() throws {
        let snapshots = FixturePaths.files(under: "zk-3.8.0") { $0.hasPrefix("snapshot.") }
        let file = try #require(snapshots.max(by: { fileSize($0) < fileSize($1) }), "no snapshot fixtures")
        let work = WorkDirectory()
        for mode in ["", "-d", "-json"] {
            let script = "set -o pipefail; \"$0\" \(mode) \"$1\" | head -c 1 >/dev/null; echo \"status=$?\""
            let result = try FormatterHarness.run(
                ["-c", script, FormatterHarness.binary, file],
                cwd: work.path,
                executable: "/bin/bash"
            )
            #expect(result.stdoutText == "status=0\n", "mode \(mode): \(result.stdoutText) \(result.stderrText)")
        }
    }

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// A 1.5 MB name and 2 MB of data (the jute maximum): lines longer than the output buffer.
    @Test func outputLargerThanTheBuffer() throws {
        let name = String(repeating: "n", count: 1_500_000)
        let data = [UInt8]((0..<2_097_150).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let snapshot = SnapshotBytes.make(nodes: [
            .init(path: ""), .init(path: "/" + name, data: data, mzxid: 0x42),
            .init(path: "/" + name + "/c", data: Array("c".utf8)),
        ])
        let work = WorkDirectory()
        work.write("snapshot.5", snapshot)

        let text = try FormatterHarness.run(["-d", "snapshot.5"], cwd: work.path)
        #expect(text.exit == 0)
        #expect(text.stderrText == "")
        let lines = text.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "ZNode Details (count=4):")
        #expect(lines.contains("/" + name))
        #expect(lines.contains("/" + name + "/c"))
        let encoded = lines.first { $0.hasPrefix("  data = ") && $0.count > 100 }.map { String($0.dropFirst(9)) }
        #expect(encoded.flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) } == data)
        #expect(lines.suffix(2) == ["Last zxid: 0x42", ""])

        let json = try FormatterHarness.run(["-json", "snapshot.5"], cwd: work.path)
        #expect(json.exit == 0)
        #expect(json.stdoutText.hasSuffix(",{\"name\":\"c\",\"asize\":1,\"dsize\":1,\"dev\":0,\"ino\":1003}]]]"))
        #expect(
            json.stdoutText.contains(
                "{\"name\":\"\(name)\",\"asize\":2097150,\"dsize\":2097150,\"dev\":0,\"ino\":1002}"
            )
        )
    }

    /// The launcher consumes a leading `--config <dir>` (as zkEnv.sh does) and passes the
    /// rest through unchanged (the binary comes from `ZK_SNAPSHOT_FORMATTER` here, so that
    /// the test does not start a release build).
    @Test func launcherScript() throws {
        let file = try #require(FixturePaths.files(under: "zk-3.8.0", where: { $0 == "snapshot.0" }).first)
        let work = WorkDirectory()
        try work.copy(file, to: "snapshot.0")
        var env = FormatterHarness.defaultEnvironment
        env["ZK_SNAPSHOT_FORMATTER"] = FormatterHarness.binary
        let script = FixturePaths.root + "/bin/zkSnapShotToolkit.sh"
        let direct = try FormatterHarness.run(["-d", "snapshot.0"], cwd: work.path)
        let viaScript = try FormatterHarness.run(
            [script, "--config", "/nonexistent", "-d", "snapshot.0"],
            cwd: work.path,
            environment: env,
            executable: "/bin/sh"
        )
        #expect(viaScript.exit == 0)
        #expect(viaScript.stdout == direct.stdout)
        let usage = try FormatterHarness.run([script], cwd: work.path, environment: env, executable: "/bin/sh")
        #expect(usage.exit == 2)
        #expect(usage.stderrTextLines.first == "USAGE: SnapshotFormatter [-d|-json] snapshot_file")
    }
}

/// Builds snapshot files byte by byte (jute encoding, running Adler-32 seals).
enum SnapshotBytes {
    struct Node {
        var path: String
        var data: [UInt8]? = []
        var mzxid: Int64 = 0
    }

    static func make(nodes: [Node], sessions: [(Int64, Int32)] = []) -> [UInt8] {
        var b: [UInt8] = Array("ZKSN".utf8)
        int(&b, 2)
        long(&b, -1)
        int(&b, Int32(sessions.count))
        for (id, timeout) in sessions {
            long(&b, id)
            int(&b, timeout)
        }
        int(&b, 0)
        for n in nodes {
            string(&b, Array(n.path.utf8))
            if let data = n.data { string(&b, data) } else { int(&b, -1) }
            long(&b, -1)
            for value in [0, n.mzxid, 0, 0] { long(&b, value) }
            for _ in 0..<3 { int(&b, 0) }
            long(&b, 0)
            long(&b, 0)
        }
        string(&b, Array("/".utf8))
        long(&b, Int64(adler32(b)))
        string(&b, Array("/".utf8))
        return b
    }

    static func int(_ b: inout [UInt8], _ v: Int32) {
        withUnsafeBytes(of: v.bigEndian) { b.append(contentsOf: $0) }
    }

    static func long(_ b: inout [UInt8], _ v: Int64) {
        withUnsafeBytes(of: v.bigEndian) { b.append(contentsOf: $0) }
    }

    static func string(_ b: inout [UInt8], _ s: [UInt8]) {
        int(&b, Int32(s.count))
        b.append(contentsOf: s)
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var s: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            s = (s + a) % 65521
        }
        return s << 16 | a
    }
}

import Foundation
import TestSupport
import Testing

/// How the tool behaves as a process: pipes on both ends, broken pipes, stream interleaving.
/// (Output content is covered by the goldens.)
@Suite struct ComparerProcessTests {
    /// Two plain snapshots of the standalone server, oldest and newest, copied into `work`.
    static func snapshotPair(in work: WorkDirectory) throws -> (left: String, right: String) {
        let plain = FixturePaths.serverSnapshots.filter { $0.contains("/standalone/") }
        let sorted = plain.sorted {
            (UInt64($0.split(separator: ".").last ?? "", radix: 16) ?? 0)
                < (UInt64($1.split(separator: ".").last ?? "", radix: 16) ?? 0)
        }
        let first = try #require(sorted.first, "no standalone snapshots under Fixtures/zk-3.8.0")
        let last = try #require(sorted.last)
        try #require(first != last)
        try work.copy(first, to: "left", mtime: 1_700_000_000)
        try work.copy(last, to: "right", mtime: 1_700_000_000)
        return ("left", "right")
    }

    @Test func keepsGoingAndExitsZeroWhenStdoutIsClosedEarly() throws {
        let work = WorkDirectory()
        let pair = try Self.snapshotPair(in: work)
        let result = try ComparerHarness.shell(
            "($ZKC -l \(pair.left) -r \(pair.right) -b -1 -n -1 -d; echo \"status=$?\" >&2) | head -n 1",
            cwd: work.path
        )
        #expect(String(decoding: result.stdout, as: UTF8.self) == "Successfully parsed options!\n")
        #expect(String(decoding: result.stderr, as: UTF8.self) == "status=0\n")
    }

    @Test func readsInteractiveAnswersFromASlowPipe() throws {
        let work = WorkDirectory()
        let pair = try Self.snapshotPair(in: work)
        let answers = ["", "/zookeeper", "7", "x", "", "", "", "", "", ""]
        let args = ["-l", pair.left, "-r", pair.right, "-b", "0", "-n", "0", "-i"]
        let fromFile = try ComparerHarness.run(
            args,
            cwd: work.path,
            stdin: Array(answers.map { $0 + "\n" }.joined().utf8)
        )
        let script =
            "(" + answers.map { "printf '%s\\n' '\($0)' 2>/dev/null; sleep 0.05" }.joined(separator: "; ") + ") | $ZKC "
            + args.joined(separator: " ")
        let fromPipe = try ComparerHarness.shell(script, cwd: work.path)
        #expect(fromPipe.exit == fromFile.exit)
        #expect(OutputText.normalisingTimes(fromPipe.stdout) == OutputText.normalisingTimes(fromFile.stdout))
        #expect(fromPipe.stderr == fromFile.stderr)
    }

    @Test func promptComesBeforeTheEndOfInputError() throws {
        let work = WorkDirectory()
        let pair = try Self.snapshotPair(in: work)
        let result = try ComparerHarness.shell(
            "$ZKC -l \(pair.left) -r \(pair.right) -b 0 -n 0 -i < /dev/null 2>&1",
            cwd: work.path
        )
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(result.exit == 1)
        #expect(
            text.hasSuffix(
                """
                Current depth is 0
                - Press enter to move to print current depth layer;
                - Type a number to jump to and print all nodes at a given depth;
                - Enter an ABSOLUTE path to print the immediate subtree of a node. Path must start with '/'.
                zk-snapshot-comparer: error: standard input ended before the last depth was compared \
                (Java: java.util.NoSuchElementException: No line found)

                """
            )
        )
    }

    @Test func usageErrorComesAfterTheMessageOnACombinedStream() throws {
        let work = WorkDirectory()
        let result = try ComparerHarness.shell("$ZKC -l x 2>&1", cwd: work.path)
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        #expect(result.exit == 2)
        #expect(lines.first == "Missing required options: r, b, n")
        #expect(lines.dropFirst().first == "usage: java -cp <classPath> org.apache.zookeeper.server.SnapshotComparer")
        #expect(lines.count == 8)
    }

    @Test func neverTouchesItsInputs() throws {
        let work = WorkDirectory()
        let pair = try Self.snapshotPair(in: work)
        let before = try FixturePaths.read(work.path + "/" + pair.left)
        var st = stat()
        _ = stat(work.path + "/" + pair.left, &st)
        _ = try ComparerHarness.run(["-l", pair.left, "-r", pair.right, "-b", "0", "-n", "0"], cwd: work.path)
        var after = stat()
        _ = stat(work.path + "/" + pair.left, &after)
        #expect(try FixturePaths.read(work.path + "/" + pair.left) == before)
        #expect(after.st_mtim.tv_sec == st.st_mtim.tv_sec)
    }
}

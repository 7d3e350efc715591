import Foundation
import TestSupport
import Testing

/// Every tool on every damaged fixture (Fixtures/damaged), on a directory and on a missing
/// file: it ends with exactly the exit code the Java tool ends with there (captured by
/// `Tests/Vectors/ExitCodes/capture.py`), never by a signal, writes at most two lines to stderr
/// (naming the file when it fails), and leaves the input unchanged.
@Suite struct CorruptInputMatrixTests {
    static let cases = DamagedCase.all.values.sorted { $0.name < $1.name }

    /// One way to run a tool on the input; `label` names it in `java-exit-codes.tsv`.
    struct Invocation: Sendable, CustomStringConvertible {
        var tool: String
        var arguments: @Sendable (String) -> [String]
        var label: String
        var description: String { label }
    }

    /// Java's exit code per `"<case>\t<invocation label>"` (README's exit codes, case by case).
    static let javaExitCodes: [String: Int32] = {
        let path = FixturePaths.root + "/Tests/Vectors/ExitCodes/java-exit-codes.tsv"
        let rows = ((try? FixturePaths.read(path)) ?? []).split(separator: 0x0A).dropFirst()
        var codes: [String: Int32] = [:]
        for row in rows {
            let fields = String(decoding: row, as: UTF8.self).split(separator: "\t").map(String.init)
            if fields.count == 3, let code = Int32(fields[2]) { codes[fields[0] + "\t" + fields[1]] = code }
        }
        return codes
    }()

    /// The exit code Java ends with for `invocation` on `input` (a damaged case, `adir`, `missing`).
    static func javaExit(_ input: String, _ invocation: Invocation) throws -> Int32 {
        try #require(
            javaExitCodes[input + "\t" + invocation.label],
            "no Java exit code for \(invocation) on \(input) in Tests/Vectors/ExitCodes/java-exit-codes.tsv"
        )
    }

    static let invocations: [Invocation] = [
        Invocation(tool: "zk-txnlog-toolkit", arguments: { [$0] }, label: "txnlog dump"),
        Invocation(
            tool: "zk-txnlog-toolkit",
            arguments: { ["-r", "-y", $0] },
            label: "txnlog -r -y"
        ),
        Invocation(
            tool: "zk-txnlog-toolkit",
            arguments: { ["-c", "-z", "0x7fffffff", $0] },
            label: "txnlog chop"
        ),
        Invocation(tool: "zk-snapshot-formatter", arguments: { [$0] }, label: "formatter"),
        Invocation(
            tool: "zk-snapshot-formatter",
            arguments: { ["-json", $0] },
            label: "formatter -json"
        ),
        Invocation(
            tool: "zk-snapshot-comparer",
            arguments: { ["-l", $0, "-r", $0, "-b", "0", "-n", "0"] },
            label: "comparer"
        ),
    ]

    @Test(arguments: cases.map(\.name))
    func everyToolHandlesDamagedFile(_ caseName: String) throws {
        let damaged = DamagedCase.named(caseName)
        for invocation in Self.invocations {
            let dir = TemporaryDirectory()
            defer { dir.remove() }
            let name = damaged.path.split(separator: "/").last.map(String.init) ?? "input"
            let input = dir.path + "/" + name
            try FileManager.default.copyItem(atPath: damaged.path, toPath: input)
            let before = try FixturePaths.read(input)
            let result = try ToolRunner.run(invocation.tool, invocation.arguments(name), cwd: dir.path)
            let context = "\(invocation) on \(damaged.name): exit \(result.exit), stderr: \(result.stderrText)"
            #expect(!result.signaled, "\(context)")
            #expect(result.exit == (try Self.javaExit(damaged.name, invocation)), "\(context)")
            #expect(result.stderrLines.count <= 2, "\(context)")
            if result.exit != 0 && !result.stderrLines.isEmpty && !result.stderrText.contains("Recovery") {
                #expect(
                    result.stderrText.contains(name) || result.stderrText.contains("Last transaction was partial"),
                    "\(context)"
                )
            }
            #expect(try FixturePaths.read(input) == before, "input modified: \(context)")
        }
    }

    /// The purge tool on a data directory holding each damaged snapshot and log.
    @Test func purgeOnDamagedDirectory() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let version2 = dir.path + "/data/version-2"
        try FileManager.default.createDirectory(atPath: version2, withIntermediateDirectories: true)
        for (i, c) in Self.cases.enumerated() {
            let name = c.path.split(separator: "/").last.map(String.init) ?? "x"
            // Keep every damaged file, renamed to a distinct zxid with its codec suffix.
            let suffix = name.hasSuffix(".gz") ? ".gz" : name.hasSuffix(".snappy") ? ".snappy" : ""
            let prefix = name.hasPrefix("log.") ? "log." : "snapshot."
            try FileManager.default.copyItem(
                atPath: c.path,
                toPath: version2 + "/" + prefix + String(i + 1, radix: 16) + suffix
            )
        }
        for args in [["data", "-n", "3", "--dry-run"], ["data", "-n", "3", "--verify", "--dry-run"]] {
            let result = try ToolRunner.run("zk-purge-txnlog", args, cwd: dir.path)
            #expect(!result.signaled && result.exit == 0, "\(args): \(result.stderrText)")
        }
    }

    /// A directory, and a file that does not exist, as input.
    @Test func directoriesAndMissingFiles() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path + "/adir", withIntermediateDirectories: true)
        for input in ["adir", "missing"] {
            for invocation in Self.invocations {
                let result = try ToolRunner.run(invocation.tool, invocation.arguments(input), cwd: dir.path)
                let context = "\(invocation) on \(input): exit \(result.exit), stderr: \(result.stderrText)"
                #expect(!result.signaled, "\(context)")
                #expect(result.exit == (try Self.javaExit(input, invocation)), "\(context)")
                #expect(result.stderrLines.count <= 2, "\(context)")
                // The problem is named: on stderr, or (chop, as in Java: "Got exception: …",
                // exit 0) on stdout.
                #expect((result.stderrText + result.stdoutText).contains(input), "\(context)")
            }
        }
    }
}

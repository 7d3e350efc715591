import Foundation
import TestSupport
import Testing

/// Behaviour the goldens cannot show on their own: stream interleaving, closed pipes, the
/// US-ASCII output of the C locale, and robustness on damaged input.
@Suite struct TxnLogBehaviourTests {
    static let tool = TxnLogGoldenTests.tool

    static func golden(_ name: String) -> GoldenCase? {
        TxnLogGoldenTests.cases.first { $0.name == name }
    }

    /// Java flushes on every print, so with `2>&1` each stream's text lands where it was
    /// written: stderr first for parse errors and chop's bad magic, last for the rest.
    @Test(arguments: [
        ("unknown-option", true),
        ("chop-bad-magic", true),
        ("recover-bad-eor", false),
        ("recover-interactive-abort", false),
        ("recover-fixed-exists", false),
    ])
    func interleavesStreamsLikeJava(_ name: String, stderrFirst: Bool) throws {
        let golden = try #require(Self.golden(name), "missing golden \(name)")
        let (result, _) = try golden.run(Self.tool, output: .merged)
        let out = golden.bytes("stdout") ?? []
        let err = golden.bytes("stderr") ?? []
        let expected = stderrFirst ? err + out : out + err
        // Our one added warning line (a failed chop, an aborted recovery) comes last.
        let actual = TxnLogGoldenTests.rules.withoutWarning(result.stdout)
        #expect(actual == expected, "\(name):\n\(lineDiff(expected: expected, actual: actual))")
    }

    /// `tool | head -0`: Java ignores the write errors and finishes with its usual exit code.
    @Test(arguments: ["dump-crafted-txns", "dump-damaged-log-bad-eor", "recover-yes-verbose", "chop-middle-hex"])
    func closedPipeEndsQuietly(_ name: String) throws {
        let golden = try #require(Self.golden(name), "missing golden \(name)")
        let (result, work) = try golden.run(Self.tool, output: .closedPipe)
        #expect(!result.signaled, "\(name): killed by signal \(result.exit - 128)")
        #expect(result.exit == golden.expectedExit)
        #expect(result.stderr == (golden.bytes("stderr") ?? []), "\(name): \(result.stderrText)")
        if golden.bytes("after") != nil {
            #expect(try work.listing() == golden.lines("after"))
        }
    }

    /// Under `LANG=C` Java's stdout is US-ASCII: every non-ASCII character, a surrogate pair
    /// included, prints as one `?`.
    @Test(arguments: ["dump-crafted-txns", "dump-standalone-log.1"])
    func asciiLocalePrintsQuestionMarks(_ name: String) throws {
        let golden = try #require(Self.golden(name), "missing golden \(name)")
        let work = WorkDirectory()
        for file in try golden.setup() {
            try work.copy(FixturePaths.root + "/" + file.source, to: file.destination, mtime: file.mtime)
        }
        let result = try ToolRunner.run(
            Self.tool,
            golden.arguments,
            cwd: work.path,
            environment: ["TZ": "UTC", "LANG": "C"]
        )
        let expected = Self.asciiFolded(golden.bytes("stdout") ?? [])
        #expect(result.exit == golden.expectedExit)
        #expect(result.stdout == expected, "\(name):\n\(lineDiff(expected: expected, actual: result.stdout))")
    }

    /// Each UTF-8 encoded non-ASCII character replaced by `?`.
    static func asciiFolded(_ utf8: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        for b in utf8 {
            if b < 0x80 {
                out.append(b)
            } else if b & 0xC0 != 0x80 {
                out.append(0x3F)
            }
        }
        return out
    }

    /// Damaged copies of a real log never make the tool trap: it ends with Java's exit codes
    /// and at most one line on stderr, and never touches its input.
    @Test func damagedInputNeverTraps() throws {
        let source = try #require(
            FixturePaths.serverLogs.first { $0.contains("/standalone/") } ?? FixturePaths.serverLogs.first,
            "no server txn log fixture"
        )
        let original = try FixturePaths.read(source)
        var generator = SplitMix64(seed: 0x5EED)
        for round in 0..<48 {
            var bytes = original
            switch round % 4 {
            case 0:
                for _ in 0..<(1 + Int(generator.next() % 8)) {
                    let i = Int(generator.next() % UInt64(bytes.count))
                    bytes[i] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
                }
            case 1:
                bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
            case 2:
                let i = 16 + Int(generator.next() % UInt64(max(1, min(bytes.count, 600) - 20)))
                for j in 0..<4 where i + j < bytes.count { bytes[i + j] = UInt8(truncatingIfNeeded: generator.next()) }
            default:
                let i = Int(generator.next() % UInt64(bytes.count))
                bytes.insert(contentsOf: (0..<5).map { _ in UInt8(truncatingIfNeeded: generator.next()) }, at: i)
            }
            let modes: [[String]] = [[], ["-r", "-y", "-v"], ["-c", "-z", "0x7fffffff00000000"]]
            let args = modes[round % modes.count] + ["log.x"]
            let work = WorkDirectory()
            work.write("log.x", bytes)
            let result = try ToolRunner.run(Self.tool, args, cwd: work.path, stdin: [])
            #expect(!result.signaled, "round \(round): killed by a signal")
            #expect([0, 1, 2].contains(result.exit), "round \(round): exit \(result.exit)")
            #expect(
                result.stderr.filter { $0 == 0x0A }.count <= 1,
                "round \(round): stderr has more than one line: \(result.stderrText)"
            )
            #expect(try FixturePaths.read(work.path + "/log.x") == bytes, "round \(round): the input changed")
        }
    }
}

/// A small deterministic generator for the damage test.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// Testing has no static build: bin/install's release build (`--static-swift-stdlib`) builds
// every target, this one too, so the file compiles only where Testing exists.
#if canImport(Testing)
import Foundation
public import Testing
import ZKToolSupport

/// The one rule set every tool's goldens are checked by, against a run of the Java tool
/// captured in a ``GoldenCase``:
///
/// - **exit code**: Java's (``expectedExit`` may adjust it for a documented deliberate difference);
/// - **stdout**: Java's bytes, after the tool's normaliser (timestamps, timing figures); where the
///   case asks for help (`-h`, `--help`), followed by our additions section (`ToolHelp`);
/// - **stderr**: Java's bytes, plus at most one `<tool>: warning: ` line of ours where Java exits 0
///   after something went wrong. Where Java dies with a stack trace: what Java printed before
///   it, then exactly one line `<tool>: error: … (Java: <exception>)` naming the input and
///   quoting Java's exception;
/// - **files**: the work directory afterwards matches the capture's `after` listing; without
///   one, the inputs are there unchanged and nothing else (`checksFilesLeft`).
public struct GoldenCheck: Sendable {
    /// The executable name that starts our error and warning lines (`zk-snapshot-formatter`).
    public var tool: String
    /// Applied to both sides of stdout (and of `2>&1` output) before comparing.
    public var normalize: @Sendable ([UInt8]) -> [UInt8]
    /// The exit code expected for a run, given Java's and our run (default: Java's).
    public var expectedExit: @Sendable (GoldenCase, ToolRunner.Result) -> Int32
    /// Whether to compare the files left behind even when the case has no `after` listing.
    public var checksFilesLeft: Bool
    /// Whether every error line must name an input (false where Java also dies on options or stdin).
    public var errorNamesInput: Bool

    public init(
        tool: String,
        normalize: @escaping @Sendable ([UInt8]) -> [UInt8] = { $0 },
        expectedExit: @escaping @Sendable (GoldenCase, ToolRunner.Result) -> Int32 = { golden, _ in
            golden.expectedExit
        },
        checksFilesLeft: Bool = false,
        errorNamesInput: Bool = true
    ) {
        self.errorNamesInput = errorNamesInput
        self.tool = tool
        self.normalize = normalize
        self.expectedExit = expectedExit
        self.checksFilesLeft = checksFilesLeft
    }

    /// Runs `golden` with `executable` and records an issue for every rule it breaks.
    public func verify(
        _ golden: GoldenCase,
        executable: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let (result, work) = try golden.run(executable)
        let name = golden.name
        #expect(!result.signaled, "\(name): killed by a signal (exit \(result.exit))", sourceLocation: sourceLocation)
        let exit = expectedExit(golden, result)
        #expect(result.exit == exit, "\(name): exit \(result.exit), expected \(exit)", sourceLocation: sourceLocation)

        let expectedStdout = normalize(golden.bytes("stdout") ?? [])
        let stdout = normalize(withoutHelpAdditions(golden, work.masked(result.stdout), sourceLocation: sourceLocation))
        #expect(
            stdout == expectedStdout,
            "\(name): stdout differs\n\(lineDiff(expected: expectedStdout, actual: stdout))",
            sourceLocation: sourceLocation
        )
        checkStderr(golden, work.masked(result.stderr), sourceLocation: sourceLocation)
        try checkFiles(golden, work, sourceLocation: sourceLocation)

        // `2>&1`: Java's output is unbuffered, so stderr lines sit between stdout bytes exactly
        // where Java wrote them; ours must too (stdout is flushed before every stderr line).
        if let merged = golden.bytes("merged"), !golden.expectsStackTrace {
            let (both, bothWork) = try golden.run(executable, output: .merged)
            let actual = normalize(bothWork.masked(both.stdout))
            let expected = normalize(merged)
            #expect(
                actual == expected || withoutWarning(actual) == expected,
                "\(name): 2>&1 output differs\n\(lineDiff(expected: expected, actual: actual))",
                sourceLocation: sourceLocation
            )
        }
    }

    /// stderr: Java's, with at most one warning line added; where Java died, its text before
    /// the exception and one error line quoting it.
    public func checkStderr(_ golden: GoldenCase, _ stderr: [UInt8], sourceLocation: SourceLocation) {
        let name = golden.name
        if golden.expectsStackTrace {
            let before = golden.stderrBeforeException
            #expect(
                stderr.starts(with: before),
                "\(name): stderr before the exception differs: \(String(decoding: stderr, as: UTF8.self).debugDescription)",
                sourceLocation: sourceLocation
            )
            let own = textLines(Array(stderr.dropFirst(before.count)))
            #expect(
                own.count == 1 && own.first?.hasPrefix("\(tool): error: ") == true,
                "\(name): one '\(tool): error:' line instead of Java's stack trace, got \(own)",
                sourceLocation: sourceLocation
            )
            // It names the input: a setup file's name or a non-option argument (a directory, say).
            let names =
                ((try? golden.setup()) ?? []).map { URL(fileURLWithPath: $0.destination).lastPathComponent }
                + golden.arguments.filter { !$0.hasPrefix("-") && !$0.isEmpty }
            if errorNamesInput && !names.isEmpty {
                #expect(
                    names.contains { own.first?.contains($0) == true },
                    "\(name): the error line does not name the file (\(names)): \(own)",
                    sourceLocation: sourceLocation
                )
            }
            if let exception = golden.javaExceptionAsQuoted {
                #expect(
                    own.first?.hasSuffix(" (Java: \(exception))") == true,
                    "\(name): the error line must quote Java's exception '\(exception)': \(own)",
                    sourceLocation: sourceLocation
                )
            }
        } else {
            let expected = golden.bytes("stderr") ?? []
            let warnings = textLines(stderr).filter { $0.hasPrefix("\(tool): warning: ") }
            #expect(warnings.count <= 1, "\(name): more than one warning: \(warnings)", sourceLocation: sourceLocation)
            let rest = withoutWarning(stderr)
            #expect(
                rest == expected,
                "\(name): stderr differs\n\(lineDiff(expected: expected, actual: rest))",
                sourceLocation: sourceLocation
            )
        }
    }

    /// `stdout` without the additions section that follows Java's help text when the case asks
    /// for help (which it must then contain).
    func withoutHelpAdditions(_ golden: GoldenCase, _ stdout: [UInt8], sourceLocation: SourceLocation) -> [UInt8] {
        guard ToolHelp.isRequested(golden.arguments) else { return stdout }
        let marker = Array("\nAdditions in \(tool) (".utf8)
        guard let start = stdout.indices.first(where: { stdout[$0...].starts(with: marker) }) else {
            Issue.record("\(golden.name): no additions section after Java's help text", sourceLocation: sourceLocation)
            return stdout
        }
        return Array(stdout[..<start])
    }

    /// `bytes` without its `<tool>: warning: ` lines.
    public func withoutWarning(_ bytes: [UInt8]) -> [UInt8] {
        let prefix = Array("\(tool): warning: ".utf8)
        var out: [UInt8] = []
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
            if !bytes[start..<end].starts(with: prefix) { out += bytes[start..<end] }
            start = end
        }
        return out
    }

    /// The files left: the `after` listing, or (``checksFilesLeft``) the unchanged inputs.
    func checkFiles(_ golden: GoldenCase, _ work: WorkDirectory, sourceLocation: SourceLocation) throws {
        let name = golden.name
        if golden.bytes("after") != nil {
            let actual = try work.listing()
            let expected = golden.lines("after")
            #expect(
                actual == expected,
                "\(name): files left differ\n  java:  \(expected)\n  swift: \(actual)",
                sourceLocation: sourceLocation
            )
            return
        }
        // FileManager cannot list names that are not UTF-8 (the ISO-8859-1 cases).
        guard checksFilesLeft && !golden.latin1Names else { return }
        var expected: [String] = []
        for file in try golden.setup() {
            let source = FixturePaths.root + "/" + file.source
            let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? Int) ?? -1
            expected.append("\(try WorkDirectory.sha256(source))  \(size)  \(file.destination)")
        }
        func bytewise(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }
        let actual = try work.listing().sorted(by: bytewise)
        #expect(
            actual == expected.sorted(by: bytewise),
            "\(name): the work directory changed\n  before: \(expected)\n  after:  \(actual)",
            sourceLocation: sourceLocation
        )
    }
}

extension GoldenCase {
    /// stderr up to the `Exception in thread "main"` line (what Java printed before dying).
    public var stderrBeforeException: [UInt8] {
        let stderr = bytes("stderr") ?? []
        let marker = Array("Exception in thread \"main\"".utf8)
        var i = 0
        while i + marker.count <= stderr.count {
            if stderr[i..<(i + marker.count)].elementsEqual(marker) { return Array(stderr[..<i]) }
            i += 1
        }
        return stderr
    }
}
#endif

import Foundation
import TestSupport
import Testing

/// The txnlog toolkit's comparison with Java's capture.
extension GoldenCase {
    /// stderr up to the `Exception in thread "main"` line (what Java printed before dying).
    var stderrBeforeException: [UInt8] {
        let stderr = bytes("stderr") ?? []
        let marker = Array("Exception in thread \"main\"".utf8)
        var i = 0
        while i + marker.count <= stderr.count {
            if stderr[i..<(i + marker.count)].elementsEqual(marker) { return Array(stderr[..<i]) }
            i += 1
        }
        return stderr
    }

    /// Runs the case and records an issue for every difference from Java's capture: stdout,
    /// stderr and exit byte for byte, and the files left behind. Where Java died with a stack
    /// trace, the exit code must match and stderr must be one line that names the input file.
    func verify(_ executable: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (result, work) = try run(executable)
        let setup = try setup()
        #expect(!result.signaled, "\(name): killed by a signal (exit \(result.exit))", sourceLocation: sourceLocation)
        #expect(
            result.exit == expectedExit,
            "\(name): exit \(result.exit), Java \(expectedExit)",
            sourceLocation: sourceLocation
        )
        let stdout = bytes("stdout") ?? []
        #expect(
            result.stdout == stdout,
            "\(name): stdout differs\n\(lineDiff(expected: stdout, actual: result.stdout))",
            sourceLocation: sourceLocation
        )
        if expectsStackTrace {
            let prefix = stderrBeforeException
            let ours = result.stderr
            #expect(
                ours.starts(with: prefix),
                "\(name): stderr before the exception differs: \(result.stderrText.debugDescription)",
                sourceLocation: sourceLocation
            )
            let own = Array(ours.dropFirst(prefix.count))
            let ownText = String(decoding: own, as: UTF8.self)
            #expect(
                own.last == 0x0A && own.filter { $0 == 0x0A }.count == 1,
                "\(name): expected one stderr line instead of Java's stack trace, got \(ownText.debugDescription)",
                sourceLocation: sourceLocation
            )
            // The input file: a setup file's name or a non-option argument (a directory, say).
            let names =
                setup.map { URL(fileURLWithPath: $0.destination).lastPathComponent }
                + arguments.filter { !$0.hasPrefix("-") && !$0.isEmpty }
            if !names.isEmpty {
                #expect(
                    names.contains { ownText.contains($0) },
                    "\(name): the error line does not name the file (\(names)): \(ownText.debugDescription)",
                    sourceLocation: sourceLocation
                )
            }
            if let exception = javaExceptionAsQuoted {
                #expect(
                    ownText.hasPrefix("zk-txnlog-toolkit: error: ") && ownText.hasSuffix(" (Java: \(exception))\n"),
                    "\(name): the error line must quote Java's exception '\(exception)': \(ownText.debugDescription)",
                    sourceLocation: sourceLocation
                )
            }
        } else {
            let stderr = bytes("stderr") ?? []
            #expect(
                result.stderr == stderr,
                "\(name): stderr differs\n\(lineDiff(expected: stderr, actual: result.stderr))",
                sourceLocation: sourceLocation
            )
        }
        let actual = try work.listing()
        if bytes("after") != nil {
            let expected = lines("after")
            #expect(
                actual == expected,
                "\(name): files left differ\n  java:  \(expected)\n  swift: \(actual)",
                sourceLocation: sourceLocation
            )
        } else {
            // No capture of the files: the inputs must be there, unchanged, and nothing else.
            var expected: [String] = []
            for file in setup {
                let source = FixturePaths.root + "/" + file.source
                let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? Int) ?? -1
                expected.append("\(try WorkDirectory.sha256(source))  \(size)  \(file.destination)")
            }
            expected.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            #expect(
                actual.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } == expected,
                "\(name): the work directory changed\n  before: \(expected)\n  after:  \(actual)",
                sourceLocation: sourceLocation
            )
        }
    }
}

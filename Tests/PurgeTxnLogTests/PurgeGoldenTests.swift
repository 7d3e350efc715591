import Foundation
import TestSupport
import Testing

/// One case under `Fixtures/goldens/purge/<case>/`, captured from the real Java PurgeTxnLog
/// by `Fixtures/generate/capture.py`.
struct PurgeGoldenCase: CustomTestStringConvertible, Sendable {
    let name: String
    let directory: String

    var testDescription: String { name }

    /// The goldens directory: `$PURGE_GOLDENS_DIR` if set, else `Fixtures/goldens/purge`.
    static var root: String {
        ProcessInfo.processInfo.environment["PURGE_GOLDENS_DIR"] ?? FixturePaths.fixtures + "/goldens/purge"
    }

    static var all: [PurgeGoldenCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().compactMap { name in
            let dir = root + "/" + name
            return FileManager.default.fileExists(atPath: dir + "/cmd")
                ? PurgeGoldenCase(name: name, directory: dir) : nil
        }
    }

    func text(_ file: String) -> String? {
        (try? FixturePaths.read(directory + "/" + file)).map { String(decoding: $0, as: UTF8.self) }
    }

    func bytes(_ file: String) -> [UInt8]? {
        try? FixturePaths.read(directory + "/" + file)
    }

    /// Lines without the final newline (a trailing empty line is dropped).
    func lines(_ file: String) -> [String] {
        guard let text = text(file) else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

@Suite struct PurgeGoldenTests {
    static let cases = PurgeGoldenCase.all

    /// Every purge golden: same stdout, stderr and exit code as Java, and the same files left.
    @Test(
        .enabled(if: !cases.isEmpty, "no purge goldens yet under \(PurgeGoldenCase.root) (capture.py has not run)"),
        arguments: cases
    )
    func golden(_ golden: PurgeGoldenCase) throws {
        let work = ScratchDir()
        let cmd = golden.lines("cmd")
        try #require(cmd.first == "purge", "cmd must start with 'purge'")
        for line in golden.lines("setup") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count == 3, "bad setup line: \(line)")
            try work.copy(FixturePaths.root + "/" + fields[0], to: fields[1], mtime: Int64(fields[2]) ?? 1_700_000_000)
        }
        var env = ["TZ": "UTC", "LANG": "C.UTF-8"]
        for line in golden.lines("env") {
            if let eq = line.firstIndex(of: "=") { env[String(line[..<eq])] = String(line[line.index(after: eq)...]) }
        }
        let result = try PurgeHarness.run(
            Array(cmd.dropFirst()),
            cwd: work.path,
            environment: env,
            stdin: golden.bytes("stdin")
        )
        let token = Array("@WORKDIR@".utf8)
        let stdout = replace(result.stdout, Array(work.path.utf8), with: token)
        let stderr = replace(result.stderr, Array(work.path.utf8), with: token)
        let expectedExit = Int32(golden.text("exit")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? -1

        #expect(String(decoding: stdout, as: UTF8.self) == golden.text("stdout") ?? "", "stdout of \(golden.name)")
        #expect(String(decoding: stderr, as: UTF8.self) == golden.text("stderr") ?? "", "stderr of \(golden.name)")
        #expect(stdout == golden.bytes("stdout") ?? [], "stdout bytes of \(golden.name)")
        #expect(stderr == golden.bytes("stderr") ?? [], "stderr bytes of \(golden.name)")
        // The one deliberate difference: a failed deletion exits 1 (Java exits 0).
        let failedDeletion = String(decoding: stderr, as: UTF8.self).contains("Failed to remove ")
        if failedDeletion && expectedExit == 0 {
            #expect(result.exit == 1, "exit code of \(golden.name) (failed deletion)")
        } else {
            #expect(result.exit == expectedExit, "exit code of \(golden.name)")
        }
        if let after = golden.text("after") {
            #expect(try work.afterListing() == after, "files left by \(golden.name)")
        }
    }

    func replace(_ bytes: [UInt8], _ pattern: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + pattern.count <= bytes.count && bytes[i..<i + pattern.count].elementsEqual(pattern) {
                out += replacement
                i += pattern.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}

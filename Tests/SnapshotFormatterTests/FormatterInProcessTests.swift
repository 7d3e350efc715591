import SnapshotFormatter
import TestSupport
import Testing
import ZKToolSupport

/// The formatter run in-process through `ToolIO` memory streams: the same bytes as Java's
/// capture, without starting a process.
@Suite struct FormatterInProcessTests {
    static func run(_ arguments: [String]) -> (out: [UInt8], err: [UInt8], exit: Int32) {
        let io = ToolIO.memory()
        let exit = SnapshotFormatterTool.run(arguments: arguments.map { Array($0.utf8) }, io: io)
        io.flush()
        return (io.out.written, io.err.written, exit)
    }

    @Test func printsWhatJavaPrints() throws {
        let golden = try #require(GoldenCase.all(tool: "formatter").first { $0.name == "d-standalone-snapshot.40" })
        let (out, err, exit) = Self.run([
            "-d", FixturePaths.root + "/Fixtures/zk-3.8.0/standalone/version-2/snapshot.40",
        ])
        #expect(exit == 0)
        #expect(err.isEmpty)
        #expect(out == golden.bytes("stdout"))
    }

    @Test func usageGoesToStderrWithExitTwo() {
        let (out, err, exit) = Self.run([])
        #expect(exit == 2)
        #expect(out.isEmpty)
        #expect(
            String(decoding: err, as: UTF8.self)
                == "USAGE: SnapshotFormatter [-d|-json] snapshot_file\n"
                + "       -d dump the data for each znode\n"
                + "       -json dump znode info in json format\n"
        )
    }

    /// An empty `.gz` snapshot: Java dies with `java.io.EOFException` (GZIPInputStream.readUShort).
    @Test func emptyGzipSnapshotQuotesJavasException() throws {
        let work = WorkDirectory()
        work.write("snapshot.1.gz", [])
        let (out, err, exit) = Self.run([work.path + "/snapshot.1.gz"])
        #expect(exit == 1)
        #expect(out.isEmpty)
        let line = String(decoding: err, as: UTF8.self)
        #expect(line.hasPrefix("zk-snapshot-formatter: error: \(work.path)/snapshot.1.gz: "))
        #expect(line.hasSuffix(" (Java: java.io.EOFException)\n"))
    }
}

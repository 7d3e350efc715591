import SnapshotComparer
import TestSupport
import Testing
import ZKToolSupport

/// The comparer run in-process through `ToolIO` memory streams, stdin included.
@Suite struct ComparerInProcessTests {
    /// An `-i` session fed from memory: Java's output, timing figures aside, and its one-line
    /// death when stdin ends early.
    @Test func interactiveSessionFromMemory() throws {
        let golden = try #require(GoldenCase.all(tool: "comparer").first { $0.name == "interactive-eof-early" })
        let dir = FixturePaths.root + "/Fixtures/zk-3.8.0/standalone/version-2/"
        let work = WorkDirectory()
        try work.copy(dir + "snapshot.40", to: "snapshot.40")
        try work.copy(dir + "snapshot.8e", to: "snapshot.8e")
        let arguments = golden.arguments.map { $0.hasPrefix("snapshot.") ? work.path + "/" + $0 : $0 }
        let io = ToolIO.memory(stdin: golden.bytes("stdin") ?? [])
        let exit = SnapshotComparerTool.run(arguments: arguments.map { Array($0.utf8) }, io: io)
        io.flush()
        #expect(exit == golden.expectedExit)
        #expect(
            OutputText.normalisingTimes(work.masked(io.out.written))
                == OutputText.normalisingTimes(golden.bytes("stdout") ?? [])
        )
        let err = String(decoding: io.err.written, as: UTF8.self)
        #expect(err.hasPrefix("zk-snapshot-comparer: error: "))
        #expect(err.hasSuffix(" (Java: \(golden.javaExceptionAsQuoted ?? "?"))\n"))
    }
}

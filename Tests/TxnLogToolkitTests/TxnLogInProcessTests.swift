import TestSupport
import Testing
import TxnLogToolkit
import ZKToolSupport

/// The toolkit run in-process through `ToolIO` memory streams (stdin included).
@Suite struct TxnLogInProcessTests {
    static func run(_ arguments: [String], stdin: [UInt8] = []) -> (out: [UInt8], err: [UInt8], exit: Int32) {
        let io = ToolIO.memory(stdin: stdin)
        let exit = TxnLogToolkitTool.run(arguments: arguments.map { Array($0.utf8) }, io: io)
        io.flush()
        return (io.out.written, io.err.written, exit)
    }

    @Test func dumpsWhatJavaDumps() throws {
        let golden = try #require(GoldenCase.all(tool: "txnlog").first { $0.name == "dump-standalone-log.1" })
        let (out, err, exit) = Self.run([FixturePaths.root + "/Fixtures/zk-3.8.0/standalone/version-2/log.1"])
        #expect(exit == 0)
        #expect(err.isEmpty)
        #expect(out == golden.bytes("stdout"))
    }

    /// `-h`: Java's help text, then our additions.
    @Test func helpListsTheAdditionsAfterJavasText() throws {
        let golden = try #require(GoldenCase.all(tool: "txnlog").first { $0.name == "help" })
        let (out, _, exit) = Self.run(["-h"])
        #expect(exit == 0)
        let java = golden.bytes("stdout") ?? []
        #expect(out.starts(with: java))
        #expect(
            String(decoding: out.dropFirst(java.count), as: UTF8.self)
                .hasPrefix("\nAdditions in zk-txnlog-toolkit (not in ZooKeeper 3.8.0's TxnLogToolkit):\n")
        )
    }

    /// A dump that meets a CRC error exits 0 as Java does, with one warning line.
    @Test func crcErrorsExitZeroWithOneWarning() throws {
        let (_, err, exit) = Self.run([FixturePaths.root + "/Fixtures/damaged/log-crc2/log.1e"])
        #expect(exit == 0)
        #expect(
            String(decoding: err, as: UTF8.self) == "zk-txnlog-toolkit: warning: 2 txn entries failed their CRC check\n"
        )
    }
}

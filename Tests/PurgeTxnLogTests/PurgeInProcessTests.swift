import PurgeTxnLog
import TestSupport
import Testing
import ZKToolSupport

/// The purge tool run in-process through `ToolIO` memory streams.
@Suite struct PurgeInProcessTests {
    static func run(_ arguments: [String]) -> (out: String, err: String, exit: Int32) {
        let io = ToolIO.memory()
        let exit = PurgeTxnLog.run(arguments: arguments.map { Array($0.utf8) }, io: io)
        io.flush()
        return (String(decoding: io.out.written, as: UTF8.self), String(decoding: io.err.written, as: UTF8.self), exit)
    }

    @Test func missingDirectoryPrintsJavasMessageAndUsage() {
        let missing = "/nonexistent-zk-purge-dir"
        let (out, err, exit) = Self.run([missing, "-n", "3"])
        #expect(exit == 1)
        #expect(err == "Path '\(missing)' does not exist. \n")
        #expect(out == PurgeTxnLogTests.usage)
    }

    /// A bad `--lock-timeout` is an invalid invocation: exit 2 (README's exit codes).
    @Test func badLockTimeoutExitsTwo() {
        let (out, err, exit) = Self.run(["/tmp", "-n", "3", "--lock-timeout=soon"])
        #expect(exit == 2)
        #expect(out.isEmpty)
        #expect(err == "zk-purge-txnlog: invalid --lock-timeout value 'soon' (expected seconds ≥ 0)\n")
    }

    @Test func helpListsTheAdditions() {
        let (out, _, exit) = Self.run(["--help"])
        #expect(exit == 0)
        #expect(
            out.hasPrefix(
                PurgeTxnLogTests.usage + "\nAdditions in zk-purge-txnlog (not in ZooKeeper 3.8.0's PurgeTxnLog):\n"
            )
        )
        #expect(out.contains("  --dry-run "))
    }
}

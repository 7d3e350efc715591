internal import TestSupport
import Testing
internal import ZKStorage

@testable import ZKData

/// `zkdata repair`: the output is a valid log (read back with the server's rules) holding
/// exactly the entries before the damage, plus with `--salvage` the intact ones after it.
/// (Conformance/doctor_startup.py also dumps repaired logs with Java's TxnLogToolkit.)
@Suite struct RepairTests {
    private func zxids(_ path: String) throws -> [Int64] {
        let check = try TxnLogCheck(path: path)
        #expect(check.stop.isClean, "\(check.stop)")
        return check.runs.flatMap { run in (0..<run.count).map { run.first + Int64($0) } }
    }

    @Test func crcDamageKeepsTheEntriesBeforeIt() throws {
        let input = FixturePaths.fixtures + "/damaged/log-crc1/log.1e"
        let work = WorkDirectory()
        let before = try WorkDirectory.sha256(input)
        let out = work.path + "/log.1e"
        let repair = try LogRepair(input: input, output: out, salvage: false, dryRun: false, preAllocSize: 8192)
        #expect(repair.kept == 32)
        #expect(repair.keptZxids == 0x1e...0x3d)
        #expect(repair.damage?.offset == 3526)
        #expect(try zxids(out) == Array(0x1e...0x3d))
        // Padded as the server pads (16 + preAllocSize).
        #expect(JavaFileSystem.length(out) == 8208)
        #expect(try WorkDirectory.sha256(input) == before)
    }

    @Test func salvageAlsoKeepsTheIntactEntriesAfterTheDamage() throws {
        let input = FixturePaths.fixtures + "/damaged/log-bad-eor/log.1e"
        let work = WorkDirectory()
        let out = work.path + "/log.1e"
        let repair = try LogRepair(input: input, output: out, salvage: true, dryRun: false, preAllocSize: 8192)
        #expect(repair.kept == 3)
        #expect(repair.salvaged == 32)
        #expect(repair.salvagedZxids == 0x22...0x41)
        // 0x21 is the entry with the bad end byte; everything else survives.
        #expect(try zxids(out) == [0x1e, 0x1f, 0x20] + Array(0x22...0x41))
    }

    @Test func dryRunWritesNothingAndOutputsAreNeverOverwritten() throws {
        let input = FixturePaths.fixtures + "/damaged/log-len-minus1/log.1e"
        let work = WorkDirectory()
        let out = work.path + "/log.1e"
        let plan = try LogRepair(input: input, output: out, salvage: true, dryRun: true, preAllocSize: 8192)
        #expect(plan.kept == 3)
        #expect(plan.salvaged == 32)
        #expect(!JavaFileSystem.exists(out))
        #expect(throws: ZKDataError.self) {
            try LogRepair(input: input, output: input, salvage: false, dryRun: false, preAllocSize: 0)
        }
        work.write("exists", [1])
        #expect(throws: ZKDataError.self) {
            try LogRepair(input: input, output: work.path + "/exists", salvage: false, dryRun: false, preAllocSize: 0)
        }
    }
}

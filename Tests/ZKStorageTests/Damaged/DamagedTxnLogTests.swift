import TestSupport
import Testing
import ZKStorage

/// Each damaged copy of `standalone/version-2/log.36` (see Fixtures/damaged/MANIFEST.tsv)
/// yields its own outcome: the kind of problem and the byte offset, with the offsets of the
/// entries taken from the undamaged original.
@Suite struct DamagedTxnLogTests {
    static let base = FixturePaths.fixtures + "/zk-3.8.0/standalone/version-2/log.36"

    /// File offsets of the original's entries.
    static func entryOffsets() throws -> [Int] {
        var reader = try TxnLogReader(path: base)
        var offsets: [Int] = []
        while case .entry(let e) = try reader.next() { offsets.append(e.offset) }
        return offsets
    }

    struct Outcome {
        var entries: [TxnLogEntry.EndOfRecord] = []
        var badChecksumZxids: [Int64] = []
        var badChecksumIndexes: [Int] = []
        var end: TxnLogReader.End?
        var error: ZKStorageError?
    }

    static func read(_ name: String) -> Outcome {
        var outcome = Outcome()
        do {
            var reader = try TxnLogReader(path: FixturePaths.fixtures + "/damaged/\(name)/log.36")
            while true {
                switch try reader.next() {
                case .entry(let e):
                    if !e.checksumMatches {
                        outcome.badChecksumIndexes.append(outcome.entries.count)
                        outcome.badChecksumZxids.append(e.header?.zxid ?? -1)
                    }
                    outcome.entries.append(e.endOfRecord)
                    if e.endOfRecord != .valid { return outcome }
                case .end(let end):
                    outcome.end = end
                    return outcome
                }
            }
        } catch let error as ZKStorageError {
            outcome.error = error
        } catch {
            Issue.record("unexpected error type \(error)")
        }
        return outcome
    }

    @Test func checksumErrorsAreReportedPerEntry() {
        #expect(Self.read("log-crc1").badChecksumZxids == [0x3e])
        #expect(Self.read("log-crc2").badChecksumZxids == [0x3e, 0x3f])
        #expect(Self.read("log-crc-time").badChecksumIndexes == [1])
    }

    @Test func truncationsEndWithTheirOffset() throws {
        let at = try Self.entryOffsets()
        let midCrc = Self.read("log-trunc-mid-crc")
        #expect(midCrc.entries.count == 3)
        #expect(midCrc.end == .truncated(offset: at[3], expected: "8-byte checksum"))
        #expect(Self.read("log-trunc-mid-len").end == .truncated(offset: at[3] + 8, expected: "4-byte length"))
        let midPayload = Self.read("log-trunc-mid-payload")
        guard case .truncated(let offset, _) = midPayload.end else {
            Issue.record("expected a truncated payload, got \(String(describing: midPayload.end))")
            return
        }
        #expect(offset == at[3] + 12)
        let beforeEOR = Self.read("log-trunc-before-eor")
        #expect(beforeEOR.entries.count == 4 && beforeEOR.entries.last == .missing)
        let afterEOR = Self.read("log-trunc-after-eor")
        #expect(afterEOR.entries.count == 4 && afterEOR.end == .endOfFile(offset: at[4]))
        #expect(Self.read("log-header-only").end == .endOfFile(offset: 16))
        #expect(Self.read("log-trunc-mid-header").error?.code == .truncated)
        #expect(Self.read("log-empty").error?.code == .truncated)
    }

    @Test func badEndOfRecordAndLengths() throws {
        let at = try Self.entryOffsets()
        let eor = Self.read("log-bad-eor")
        #expect(eor.entries.count == 4 && eor.entries.last == .wrong(UInt8(ascii: "X")))
        for name in ["log-len-minus1"] {
            let e = Self.read(name).error
            #expect(e?.code == .nullEntry && e?.offset == at[3] + 8)
        }
        for name in ["log-len-minus2", "log-len-int-max", "log-len-2097151"] {
            let e = Self.read(name).error
            #expect(e?.code == .unreasonableLength && e?.offset == at[3] + 8, "\(name)")
        }
        let accepted = Self.read("log-len-2097150")
        #expect(accepted.error == nil && accepted.entries.count == 3)
        guard case .truncated(let offset, _) = accepted.end else {
            Issue.record("expected EOF inside the payload")
            return
        }
        #expect(offset == at[3] + 12)
        #expect(Self.read("log-len-zero").end == .zeroLength(offset: at[3], checksumZero: false))
    }

    @Test func magicAndTypes() throws {
        #expect(Self.read("log-bad-magic").error?.code == .badMagic)
        #expect(Self.read("log-is-snapshot").error?.code == .badMagic)
        let at = try Self.entryOffsets()
        for name in ["log-unknown-type", "log-type-sync", "log-type-check"] {
            var reader = try TxnLogReader(path: FixturePaths.fixtures + "/damaged/\(name)/log.36")
            var decodeError: ZKStorageError?
            var index = 0
            while case .entry(let e) = try reader.next() {
                #expect(e.checksumMatches)
                do { _ = try e.decode() } catch {
                    decodeError = error
                    break
                }
                index += 1
            }
            #expect(index == 3, "\(name)")
            #expect(decodeError?.code == .unsupportedTxnType && decodeError?.offset == at[3] + 12 + 28, "\(name)")
        }
    }

    /// A body cut short inside a valid entry is an EOF while decoding (Java's EOFException);
    /// a digest cut short is just absent.
    @Test func cutBodiesAndDigests() throws {
        for (name, expectError) in [("log-body-cut", true), ("log-digest-cut", false)] {
            var reader = try TxnLogReader(path: FixturePaths.fixtures + "/damaged/\(name)/log.36")
            var outcome: ZKStorageError?
            var digestless = 0
            while case .entry(let e) = try reader.next() {
                #expect(e.checksumMatches)
                do {
                    let txn = try e.decode()
                    if txn.header.zxid == 0x3e && txn.digest == nil { digestless += 1 }
                } catch {
                    outcome = error
                }
            }
            #expect((outcome?.code == .truncated) == expectError, "\(name)")
            if !expectError { #expect(digestless == 1) }
        }
    }
}

import TestSupport
import Testing
import ZKStorage

/// Each damaged copy of a server log (see Fixtures/damaged/MANIFEST.tsv) yields its own
/// outcome: the kind of problem and the byte offset, with the offsets of the entries taken from
/// the undamaged original and the zxids and entry indexes from the manifest.
@Suite struct DamagedTxnLogTests {
    static let base = DamagedCase.named("log-crc1").base

    /// File offsets of the original's entries.
    static func entryOffsets() throws -> [Int] {
        var reader = try TxnLogReader(path: base)
        var offsets: [Int] = []
        while case .entry(let e) = try reader.next() { offsets.append(e.offset) }
        return offsets
    }

    /// The entry index the truncation and length cases damage ("entry N" in the manifest).
    static var damagedEntry: Int { DamagedCase.named("log-trunc-mid-crc").entryIndex ?? -1 }

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
            var reader = try TxnLogReader(path: DamagedCase.named(name).path)
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
        } catch {
            outcome.error = error
        }
        return outcome
    }

    @Test func checksumErrorsAreReportedPerEntry() {
        let one = DamagedCase.named("log-crc1").zxids
        let two = DamagedCase.named("log-crc2").zxids
        #expect(one.count == 1 && two.count == 2)
        #expect(Self.read("log-crc1").badChecksumZxids == one)
        #expect(Self.read("log-crc2").badChecksumZxids == two)
        let index = DamagedCase.named("log-crc-time").entryIndex
        #expect(index != nil && Self.read("log-crc-time").badChecksumIndexes == [index ?? -1])
    }

    @Test func truncationsEndWithTheirOffset() throws {
        let at = try Self.entryOffsets()
        let k = Self.damagedEntry
        let midCrc = Self.read("log-trunc-mid-crc")
        #expect(midCrc.entries.count == k)
        #expect(midCrc.end == .truncated(offset: at[k], expected: "8-byte checksum"))
        #expect(Self.read("log-trunc-mid-len").end == .truncated(offset: at[k] + 8, expected: "4-byte length"))
        let midPayload = Self.read("log-trunc-mid-payload")
        guard case .truncated(let offset, _) = midPayload.end else {
            Issue.record("expected a truncated payload, got \(String(describing: midPayload.end))")
            return
        }
        #expect(offset == at[k] + 12)
        let beforeEOR = Self.read("log-trunc-before-eor")
        #expect(beforeEOR.entries.count == k + 1 && beforeEOR.entries.last == .missing)
        let afterEOR = Self.read("log-trunc-after-eor")
        #expect(afterEOR.entries.count == k + 1 && afterEOR.end == .endOfFile(offset: at[k + 1]))
        #expect(Self.read("log-header-only").end == .endOfFile(offset: 16))
        #expect(Self.read("log-trunc-mid-header").error?.code == .truncated)
        #expect(Self.read("log-empty").error?.code == .truncated)
    }

    @Test func badEndOfRecordAndLengths() throws {
        let at = try Self.entryOffsets()
        let k = Self.damagedEntry
        let eor = Self.read("log-bad-eor")
        #expect(eor.entries.count == k + 1 && eor.entries.last == .wrong(UInt8(ascii: "X")))
        for name in ["log-len-minus1"] {
            let e = Self.read(name).error
            #expect(e?.code == .nullEntry && e?.offset == at[k] + 8)
            #expect(e?.javaException == .nullEntry)
        }
        for (name, length) in [("log-len-minus2", -2), ("log-len-int-max", Int32.max), ("log-len-2097151", 2_097_151)] {
            let e = Self.read(name).error
            #expect(e?.code == .unreasonableLength && e?.offset == at[k] + 8, "\(name)")
            // The exception Java's reader dies with, named by the reader itself.
            #expect(e?.javaException == .unreasonableLength(length), "\(name)")
        }
        let accepted = Self.read("log-len-2097150")
        #expect(accepted.error == nil && accepted.entries.count == k)
        guard case .truncated(let offset, _) = accepted.end else {
            Issue.record("expected EOF inside the payload")
            return
        }
        #expect(offset == at[k] + 12)
        #expect(Self.read("log-len-zero").end == .zeroLength(offset: at[k], checksumZero: false))
    }

    @Test func magicAndTypes() throws {
        #expect(Self.read("log-bad-magic").error?.code == .badMagic)
        #expect(Self.read("log-is-snapshot").error?.code == .badMagic)
        let at = try Self.entryOffsets()
        let k = Self.damagedEntry
        for name in ["log-unknown-type", "log-type-sync", "log-type-check"] {
            var reader = try TxnLogReader(path: DamagedCase.named(name).path)
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
            #expect(index == k, "\(name)")
            #expect(decodeError?.code == .unsupportedTxnType && decodeError?.offset == at[k] + 12 + 28, "\(name)")
        }
    }

    /// A body cut short inside a valid entry is an EOF while decoding (Java's EOFException);
    /// a digest cut short is just absent.
    @Test func cutBodiesAndDigests() throws {
        for (name, expectError) in [("log-body-cut", true), ("log-digest-cut", false)] {
            var reader = try TxnLogReader(path: DamagedCase.named(name).path)
            var outcome: ZKStorageError?
            var digestless = 0
            while case .entry(let e) = try reader.next() {
                #expect(e.checksumMatches)
                do {
                    let txn = try e.decode()
                    if txn.header.zxid == DamagedCase.named(name).zxids.first && txn.digest == nil { digestless += 1 }
                } catch {
                    outcome = error
                }
            }
            #expect((outcome?.code == .truncated) == expectError, "\(name)")
            if !expectError { #expect(digestless == 1) }
        }
    }
}

import TestSupport
import Testing
import ZKStorage

/// Errors say in which stream their offset counts: damage in a gzip or snappy stream at a
/// compressed offset, everything else at an offset of the decoded bytes.
@Suite struct ErrorLocationTests {
    static func readError(_ name: String) -> ZKStorageError? {
        do {
            var reader = try SnapshotReader(path: DamagedCase.named(name).path)
            try reader.readSessions { _, _ in }
            try reader.readACLCache { _, _ in }
            while try reader.nextNode() != nil {}
            _ = try reader.readTail()
            return nil
        } catch let error as ZKStorageError {
            return error
        } catch {
            Issue.record("\(name): not a ZKStorageError: \(error)")
            return nil
        }
    }

    @Test func compressedDamageIsAtACompressedOffset() throws {
        let truncated = DamagedCase.named("snap-gz-truncated")
        let size = try FixturePaths.read(truncated.path).count
        let gz = Self.readError("snap-gz-truncated")
        #expect(gz?.code == .corruptCompressedStream && gz?.location == .compressed(size))
        #expect(gz?.isCompressedOffset == true && gz?.detail == "gzip stream ends early")
        #expect(gz?.description.hasSuffix("gzip stream ends early at compressed byte offset \(size)") == true)
        let snappy = Self.readError("snap-snappy-bad-length")
        #expect(snappy?.code == .corruptCompressedStream && snappy?.isCompressedOffset == true)
        #expect(snappy?.detail.contains("compressed offset") == false)
    }

    @Test func decodedDamageIsAtADecodedOffset() {
        let error = Self.readError("snap-unreasonable-length")
        #expect(error?.code == .unreasonableLength && error?.isCompressedOffset == false)
        if case .decoded(let offset) = error?.location {
            #expect(error?.description.hasSuffix(" at byte offset \(offset)") == true)
        } else {
            Issue.record("expected a decoded offset, got \(String(describing: error?.location))")
        }
    }
}

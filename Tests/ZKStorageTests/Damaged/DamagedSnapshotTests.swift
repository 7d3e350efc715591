import TestSupport
import Testing
import ZKStorage

/// Each damaged snapshot (see Fixtures/damaged/MANIFEST.tsv) yields its own error kind, or,
/// for damage Java ignores, reads with the damage reported in the tail.
@Suite struct DamagedSnapshotTests {
    static func path(_ name: String) -> String { DamagedCase.named(name).path }

    /// Reads the whole snapshot; returns the tail or the error.
    static func read(_ name: String) -> Result<SnapshotTail, ZKStorageError> {
        do {
            var reader = try SnapshotReader(path: path(name))
            _ = try DataTree(reader: &reader, options: .init(keepsData: false))
            return .success(try reader.readTail())
        } catch let error as ZKStorageError {
            return .failure(error)
        } catch {
            return .failure(ZKStorageError(.io, "\(error)"))
        }
    }

    static func code(_ name: String) -> ZKStorageError.Code? {
        if case .failure(let e) = read(name) { return e.code }
        return nil
    }

    @Test func errorsHaveTheirKind() {
        #expect(Self.code("snap-bad-magic") == .badMagic)
        #expect(Self.code("snap-log-as-snapshot") == .badMagic)
        #expect(Self.code("snap-empty") == .truncated)
        #expect(Self.code("snap-trunc-mid-tree") == .truncated)
        #expect(Self.code("snap-trunc-before-seal") == .truncated)
        #expect(Self.code("snap-unreasonable-length") == .unreasonableLength)
        #expect(Self.code("snap-missing-parent") == .malformedRecord)
        #expect(Self.code("snap-acl-null-vector") == .malformedRecord)
        #expect(Self.code("snap-plain-as-gz") == .corruptCompressedStream)
        #expect(Self.code("snap-gz-bad-magic") == .corruptCompressedStream)
        // A flipped deflate byte inflates to different bytes (as in Java, the error then depends
        // on what they decode to) or breaks the deflate stream.
        let badStream = Self.code("snap-gz-bad-stream")
        #expect(badStream != nil && badStream != .io)
        #expect(Self.code("snap-gz-truncated") == .corruptCompressedStream)
        #expect(Self.code("snap-gz-bad-trailer") == .corruptCompressedStream)
        // A flipped byte inside a snappy block can still decompress (raw snappy has no
        // checksum); then the Adler-32 seal catches it.
        switch Self.read("snap-snappy-bad-block") {
        case .success(let tail): #expect(!tail.sealsValid)
        case .failure(let e): #expect(e.code == .corruptCompressedStream || e.code == .truncated)
        }
        #expect(Self.code("snap-snappy-bad-length") == .corruptCompressedStream)
        #expect(Self.code("snap-snappy-truncated") == .corruptCompressedStream)
    }

    @Test func sealDamageIsReportedNotThrown() throws {
        let altered = try Self.read("snap-seal-altered").get()
        #expect(altered.seals.count == 2 && !altered.seals[0].isValid && !altered.sealsValid)
        let garbage = try Self.read("snap-trailing-garbage").get()
        let garbageCase = DamagedCase.named("snap-trailing-garbage")
        let appended = try FixturePaths.read(garbageCase.path).count - FixturePaths.read(garbageCase.base).count
        #expect(garbage.sealsValid && appended > 0 && garbage.trailingBytes == appended)
    }

    @Test func missingParentNamesItsOffset() {
        guard case .failure(let e) = Self.read("snap-missing-parent") else {
            Issue.record("expected an error")
            return
        }
        #expect(e.offset != nil && e.description.contains("/Qpp"))
    }
}

@Suite struct GzipTrailerTests {
    /// Java 3.8 stops at the node terminator and never reads the gzip trailer, so the tree of a
    /// snapshot with a bad trailer loads; reading the tail reports the damage, with either backend.
    @Test(arguments: [GzipBackend.isal, .zlib])
    func badTrailerSurfacesOnlyInTheTail(_ backend: GzipBackend) throws {
        let damaged = DamagedCase.named("snap-gz-bad-trailer")
        var reader = try SnapshotReader(path: damaged.path, gzipBackend: backend)
        let tree = try DataTree(reader: &reader, options: .init(keepsData: false))
        var original = try SnapshotReader(path: damaged.base)
        #expect(tree.nodeCount == (try DataTree(reader: &original, options: .init(keepsData: false))).nodeCount)
        #expect {
            try reader.readTail()
        } throws: { ($0 as? ZKStorageError)?.code == .corruptCompressedStream }
    }
}

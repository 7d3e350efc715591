import Foundation
import TestSupport
import Testing

@testable import ZKStorage

#if canImport(Glibc)
import Glibc
#endif

/// The IO layer on a hostile machine (issue 18), in-process: inputs that shrink under their
/// mapping, non-regular inputs, and what a writer leaves in its directory. The tools' side
/// (full disks, signals, devices, closed descriptors) is `bin/fault-injection`.
@Suite(.serialized) struct HostileMachineTests {
    /// A file of `count` bytes, byte i = i % 251 + 1 (never zero).
    private func patterned(_ dir: TemporaryDirectory, _ count: Int) -> String {
        let path = dir.path + "/input"
        let bytes = (0..<count).map { UInt8($0 % 251 + 1) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return path
    }

    @Test func aMappingThatShrinksReadsZerosAndReportsTheCut() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = patterned(dir, 1 << 20)
        let file = try MappedFile(path: path)
        #expect(file.lostOffset == nil)
        #expect(truncate(path, 10_000) == 0)
        // Pages past the new end would raise SIGBUS: the guard maps zeros over them.
        var nonZero = 0
        for byte in file.bytes where byte != 0 { nonZero += 1 }
        #expect(nonZero == 10_000)
        #expect(file.lostOffset == 10_000)
        #expect(throws: ZKStorageError.self) { try file.checkIntact() }
        do {
            try file.checkIntact()
        } catch {
            #expect(error.offset == 10_000)
            #expect(error.description == "\(path): the file shrank or could not be read at byte offset 10000")
        }
    }

    @Test func aShrinkInsideTheLastPageIsSeenWithoutAFault() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = patterned(dir, 100_000)
        let file = try MappedFile(path: path)
        #expect(truncate(path, 99_900) == 0)
        #expect(file.bytes[99_950] == 0)  // the page stays mapped; its tail reads as zeros
        #expect(file.lostOffset == 99_900)
    }

    /// Every snapshot fixture (plain, gzip, snappy), cut at several points after it was mapped:
    /// the reader ends with the shrink at the cut, never with a parse error of the zeros.
    @Test func aSnapshotCutWhileReadReportsTheShrink() throws {
        let sources = FixturePaths.serverSnapshots.filter { !$0.hasSuffix("snapshot.0") }
        #expect(sources.count >= 3, "snapshot fixtures missing")
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        for source in sources {
            let bytes = try FixturePaths.read(source)
            let name = (source as NSString).lastPathComponent
            for cut in [20, bytes.count / 3, bytes.count / 2, bytes.count - 9] {
                let path = dir.path + "/" + name
                #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
                let file = try MappedFile(path: path)
                #expect(truncate(path, off_t(cut)) == 0)
                do {
                    var reader = try SnapshotReader(file: file, codec: SnapshotCodec(fileName: name))
                    try reader.readSessions { _, _ in }
                    try reader.readACLCache { _, _ in }
                    while try reader.nextNode() != nil {}
                    _ = try reader.readTail()
                    Issue.record("\(name) cut at \(cut): read to the end")
                } catch let error as ZKStorageError {
                    #expect(error.offset == cut, "\(name) cut at \(cut): \(error)")
                    #expect(error.detail == "the file shrank or could not be read", "\(name) cut at \(cut): \(error)")
                }
                unlink(path)
            }
        }
    }

    @Test func nonRegularInputsAreReadOnlyUpToTheirMagic() throws {
        for device in ["/dev/zero", "/dev/urandom"] {
            let file = try MappedFile(path: device)
            #expect(file.count == MappedFile.probeSize, "\(device)")
            #expect(file.lostOffset == nil)
        }
        #expect(StreamedInput.startsWithMagic(UnsafeRawBufferPointer(start: nil, count: 0)) == false)
        for magic: [UInt8] in [Array("ZKLG".utf8), Array("ZKSN".utf8), [0x1F, 0x8B], SnapshotCodec.snappyHeader] {
            #expect(magic.withUnsafeBytes { StreamedInput.startsWithMagic($0) })
        }
    }

    /// Both kinds of temporary file: nothing under the final name before the commit, a
    /// short temporary name only without O_TMPFILE, nothing at all after a drop, a no-clobber
    /// commit that leaves the existing file alone, and a final name of 250 characters.
    @Test func aWriterLeavesOnlyWhatItPublished() throws {
        defer { AtomicFileWriter.allowsUnnamedFiles = true }
        for unnamed in [true, false] {
            AtomicFileWriter.allowsUnnamedFiles = unnamed
            let dir = TemporaryDirectory()
            defer { dir.remove() }
            let final = dir.path + "/" + String(repeating: "f", count: 250)
            do {
                let writer = try AtomicFileWriter(path: final)
                try writer.write([1, 2, 3])
                let pending = try FileManager.default.contentsOfDirectory(atPath: dir.path)
                if unnamed {
                    #expect(pending.isEmpty)
                } else {
                    #expect(
                        pending.count == 1 && pending[0].hasPrefix(".zk") && pending[0].utf8.count < 32,
                        "\(pending)"
                    )
                }
                try writer.commit(extendingTo: 5)
            }
            #expect(try FixturePaths.read(final) == [1, 2, 3, 0, 0])
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 1)
            // Replacing it, then a writer dropped before its commit.
            do {
                let writer = try AtomicFileWriter(path: final)
                try writer.write([9])
                try writer.commit()
            }
            do {
                let dropped = try AtomicFileWriter(path: dir.path + "/dropped")
                try dropped.write([7])
            }
            #expect(try FixturePaths.read(final) == [9])
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 1)
            // No clobber.
            let refused = try AtomicFileWriter(path: final, overwrite: false)
            try refused.write([5])
            #expect(throws: ZKStorageError.self) { try refused.commit() }
            #expect(try FixturePaths.read(final) == [9])
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 1)
            // After a failure every call throws, naming the final file.
            do {
                try refused.write([1])
                Issue.record("a write after a failed commit succeeded")
            } catch {
                #expect(error.file == final)
                #expect(error.errno == EEXIST)
            }
        }
    }
}

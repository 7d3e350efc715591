internal import Glibc

/// Which snapshots ZooKeeper will consider (`SnapStream.isValidSnapshot`,
/// `FileSnap.findNValidSnapshots`), plus a full verification that ZooKeeper's cheap check
/// does not do.
public enum SnapshotValidity {
    /// `SnapStream.isValidSnapshot(file)`: a cheap check of the name and a few bytes.
    ///
    /// - The name (last path component) must parse: `zxid(name, "snapshot") != -1`.
    /// - The codec comes from the name's last dot-separated component (``SnapshotCodec``):
    ///   - plain: the file is at least 10 bytes long and its **last 5 bytes** are
    ///     `00 00 00 01 2F` (int 1 + `/`, the end of a seal);
    ///   - gz: the first 2 bytes are `1F 8B`;
    ///   - snappy: the first 8 bytes are snappy-java's magic `82 'SNAPPY' 00`.
    ///
    /// A file that cannot be opened or read (a directory, no permission, vanished) is not
    /// valid; Java logs and skips it too. Checksums and content are not looked at.
    public static func isValidSnapshot(path: String) -> Bool {
        let name = JavaFileSystem.name(path)
        guard DataFileName.zxid(name, prefix: DataFileName.snapshotPrefix) != DataFileName.unparsable else {
            return false
        }
        // O_NONBLOCK: a FIFO named like a snapshot must not hang us (Java would hang).
        let fd = JavaFileSystem.withCString(osPath: JavaFileSystem.osPath(path)) {
            open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        }
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR else { return false }
        switch SnapshotCodec(fileName: name) {
        case .gzip:
            return readPrefix(fd, count: 2) == [0x1F, 0x8B]
        case .snappy:
            return readPrefix(fd, count: 8) == Array(SnapshotCodec.snappyHeader.prefix(8))
        case .plain:
            let length = Int64(st.st_size)
            guard length >= 10 else { return false }
            var tail = [UInt8](repeating: 0, count: 5)
            var got = 0
            while got < 5 {
                let n = tail.withUnsafeMutableBytes { buffer in
                    pread(fd, buffer.baseAddress! + got, 5 - got, off_t(length - 5 + Int64(got)))
                }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                got += n
            }
            return got == 5 && tail == [0, 0, 0, 1, UInt8(ascii: "/")]
        }
    }

    /// Java's `FileInputStream.read(buf, 0, count)`: one read from the start, which must fill
    /// the buffer.
    private static func readPrefix(_ fd: Int32, count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, count, 0) }
            if n < 0 && errno == EINTR { continue }
            return n == count ? buffer : nil
        }
    }

    /// `FileSnap.findNValidSnapshots(n)`: sort `names` newest first (descending snapshot zxid,
    /// stable, so every name that does not parse comes last) and keep the first `n` for which
    /// `isValid` is true. `isValid` is called lazily, newest first, and not after the `n`th hit.
    ///
    /// Returns the kept names, newest first.
    public static func findNValidSnapshots(
        _ names: [String],
        count n: Int,
        isValid: (String) -> Bool
    ) -> [String] {
        var found: [String] = []
        guard n > 0 else { return found }
        for name in DataDirSort.sorted(names, prefix: DataFileName.snapshotPrefix, ascending: false) {
            if isValid(name) {
                found.append(name)
                if found.count == n { break }
            }
        }
        return found
    }

    /// A stricter check than ZooKeeper's: the snapshot passes ``isValidSnapshot(path:)``,
    /// decodes completely (header, sessions, ACL cache, every node up to the `/` terminator,
    /// tail) and every Adler-32 seal verifies.
    ///
    /// - Returns: the tail on success.
    /// - Throws: `ZKStorageError` describing the first problem (a seal mismatch is
    ///   `.checksumMismatch`; a file that fails the cheap check is `.malformedRecord`).
    @discardableResult
    public static func verify(path: String) throws(ZKStorageError) -> SnapshotTail {
        guard isValidSnapshot(path: path) else {
            throw ZKStorageError(
                .malformedRecord,
                file: path,
                "not a valid snapshot name, or its first or last bytes are not those of a complete snapshot"
            )
        }
        do {
            let normalized = JavaFileSystem.normalize(path)
            var reader = try SnapshotReader(
                file: MappedFile(pathBytes: JavaFileSystem.osPath(normalized), name: normalized),
                codec: SnapshotCodec(fileName: normalized)
            )
            try reader.readSessions { _, _ in }
            try reader.readACLCache { _, _ in }
            while try reader.nextNode() != nil {}
            let tail = try reader.readTail()
            if let bad = tail.seals.first(where: { !$0.isValid }) {
                throw ZKStorageError(
                    .checksumMismatch,
                    file: path,
                    offset: bad.offset,
                    "snapshot seal mismatch: stored 0x\(String(UInt64(bitPattern: bad.stored), radix: 16)),"
                        + " computed 0x\(String(bad.computed, radix: 16))"
                )
            }
            if !tail.sealsValid {
                throw ZKStorageError(.truncated, file: path, "snapshot has no checksum seal")
            }
            return tail
        } catch let error as ZKStorageError {
            throw error.inFile(path)
        } catch {
            throw ZKStorageError(.malformedRecord, file: path, "\(error)")
        }
    }
}

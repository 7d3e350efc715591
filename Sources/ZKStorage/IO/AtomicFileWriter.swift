internal import Glibc

/// Writes a new file under a temporary name in the same directory, then fsyncs and renames it
/// into place, so an interrupted run never leaves a half-written file under the final name.
///
/// Output is buffered (1 MiB). `commit()` publishes the file; an object dropped without
/// `commit()` removes its temporary file.
public final class AtomicFileWriter {
    public let path: String
    public let temporaryPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let bufferLimit = 1 << 20
    /// Bytes handed to `write` so far (the logical file position).
    public private(set) var position: Int = 0
    private var committed = false

    /// Creates the temporary file.
    ///
    /// - Parameter overwrite: when false, `commit()` fails if `path` exists by then (no clobber).
    public init(path: String, overwrite: Bool = true) throws(ZKStorageError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var attempt = 0
        while true {
            let candidate = "\(dir).\(name).tmp-\(getpid())-\(attempt)"
            let f = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if f >= 0 {
                fd = f
                temporaryPath = candidate
                break
            }
            if errno != EEXIST || attempt > 100 {
                throw ZKStorageError.io(candidate, "cannot create temporary file")
            }
            attempt += 1
        }
        self.overwrite = overwrite
        buffer.reserveCapacity(bufferLimit)
    }

    private let overwrite: Bool

    public func write(_ bytes: UnsafeRawBufferPointer) throws(ZKStorageError) {
        position += bytes.count
        if buffer.count + bytes.count > bufferLimit { try flush() }
        if bytes.count >= bufferLimit {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    public func write(_ bytes: [UInt8]) throws(ZKStorageError) {
        var result: Result<Void, ZKStorageError> = .success(())
        bytes.withUnsafeBytes { raw in
            do throws(ZKStorageError) { try write(raw) } catch { result = .failure(error) }
        }
        try result.get()
    }

    private func flush() throws(ZKStorageError) {
        guard !buffer.isEmpty else { return }
        var result: Result<Void, ZKStorageError> = .success(())
        buffer.withUnsafeBytes { raw in
            do throws(ZKStorageError) { try writeAll(raw) } catch { result = .failure(error) }
        }
        buffer.removeAll(keepingCapacity: true)
        try result.get()
    }

    /// Bytes of the file already handed to the kernel for write-back.
    private var writtenBack = 0
    private var flushedBytes = 0

    private func writeAll(_ raw: UnsafeRawBufferPointer) throws(ZKStorageError) {
        defer {
            flushedBytes += raw.count
            // Start write-back of what is written so far (Linux's POSIX_FADV_DONTNEED starts it
            // without waiting, and keeps the page cache small), so the
            // fsync in commit() finds most of a large file already on its way to disk.
            if flushedBytes - writtenBack >= 8 << 20 {
                _ = posix_fadvise(fd, off_t(writtenBack), off_t(flushedBytes - writtenBack), POSIX_FADV_DONTNEED)
                writtenBack = flushedBytes
            }
        }
        var done = 0
        while done < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw ZKStorageError.io(temporaryPath, "cannot write")
            }
            done += n
        }
    }

    /// Flushes, extends the file with zeros to `size` if given (a sparse hole, like ZooKeeper's
    /// preallocation), fsyncs, and renames it to `path`.
    public func commit(extendingTo size: Int? = nil) throws(ZKStorageError) {
        try flush()
        if let size, size > position {
            guard ftruncate(fd, off_t(size)) == 0 else { throw ZKStorageError.io(temporaryPath, "cannot extend") }
        }
        guard fsync(fd) == 0 else { throw ZKStorageError.io(temporaryPath, "cannot fsync") }
        close(fd)
        fd = -1
        if !overwrite {
            // link(2) fails with EEXIST instead of replacing an existing file.
            if link(temporaryPath, path) != 0 {
                let error = ZKStorageError.io(path, "cannot create")
                unlink(temporaryPath)
                throw error
            }
            unlink(temporaryPath)
        } else if rename(temporaryPath, path) != 0 {
            let error = ZKStorageError.io(path, "cannot rename \(temporaryPath) to")
            unlink(temporaryPath)
            throw error
        }
        committed = true
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let dfd = open(dir.isEmpty ? "/" : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }

    /// Removes the temporary file without publishing anything.
    public func abandon() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if !committed { unlink(temporaryPath) }
        committed = true
    }

    deinit { abandon() }
}

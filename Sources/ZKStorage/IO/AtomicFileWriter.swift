internal import CZKIO
internal import Glibc

/// Writes a new file that appears under its final name only once it is complete and on disk.
///
/// What is guaranteed:
/// - **Nothing half-written is published.** The bytes go to a file without a name
///   (`O_TMPFILE`) that ``commit(extendingTo:)`` fsyncs and then links under `path`
///   (`linkat`); a file that already exists under `path` is replaced by linking under a short
///   temporary name and renaming that over it. The file system frees an unnamed file as soon as
///   its descriptor closes, so no crash, `SIGKILL` included, can leave one behind.
/// - **Where `O_TMPFILE` is not supported** (or `/proc/self/fd` is missing), the bytes go to a
///   short temporary name in the same directory, `.zk<pid>-<n>.tmp` (never near `NAME_MAX`,
///   whatever the final name's length), which is removed on every failure and by a
///   `SIGINT`/`SIGTERM`/`SIGHUP` handler before the signal is re-raised (`CZKIO`). Only a
///   `SIGKILL` can leave it.
/// - **A failure abandons the file.** The first failed `write`, `ftruncate`, `fsync` or link
///   (`ENOSPC`, `EIO`, `EFAULT`, ...) removes the temporary file at once and every later call
///   throws that error; the error names the *final* file and the cause, and nothing appears
///   under `path`.
/// - **Never on descriptors 0-2.** If stdin, stdout or stderr were closed, the file's
///   descriptor is moved above 2 and the low one reopened on `/dev/null`, so text printed to a
///   closed stdout can never land in the file.
///
/// Output is buffered (1 MiB). An object dropped without `commit()` discards its file.
public final class AtomicFileWriter {
    /// The final name.
    public let path: String
    private var fd: Int32
    /// The temporary name, when the file has one (no `O_TMPFILE`), with its cleanup slot.
    private var temporary: (name: String, slot: Int32)?
    private var buffer: [UInt8] = []
    private let bufferLimit = 1 << 20
    /// Bytes handed to `write` so far (the logical file position).
    public private(set) var position: Int = 0
    private let overwrite: Bool
    /// Published, or abandoned.
    private var finished = false
    /// The error that abandoned the file; thrown again by every later call.
    private var failure: ZKStorageError?

    /// Creates the (unnamed or temporary) file in `path`'s directory.
    ///
    /// - Parameter overwrite: when false, `commit()` fails if `path` exists by then (no clobber).
    /// - Throws: `.io` naming `path`, with the `errno` of the failed `open`.
    public init(path: String, overwrite: Bool = true) throws(ZKStorageError) {
        self.path = path
        self.overwrite = overwrite
        let directory = AtomicFileWriter.directory(of: path)
        let unnamed = AtomicFileWriter.allowsUnnamedFiles ? zk_open_unnamed(directory, 0o644) : -1
        if unnamed >= 0 {
            fd = zk_above_stdio(unnamed)
            guard fd >= 0 else { throw ZKStorageError.io(path, "cannot create") }
        } else {
            let (descriptor, name, slot) = try AtomicFileWriter.createTemporary(near: path)
            temporary = (name, slot)
            fd = descriptor
        }
        buffer.reserveCapacity(bufferLimit)
    }

    /// False makes every writer use a temporary name, as on a file system without `O_TMPFILE`:
    /// set by tests, or by `ZK_NAMED_TEMPORARY_FILES=1` in the environment (the fault-injection
    /// suite, `bin/fault-injection`, tests the signal cleanup that way).
    nonisolated(unsafe) static var allowsUnnamedFiles = getenv("ZK_NAMED_TEMPORARY_FILES") == nil

    /// `path`'s directory, "." for a bare name.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// A short name in `path`'s directory that no other file has: `.zk<pid>-<n>.tmp`.
    /// The name is registered for signal cleanup before the file is created.
    private static func createTemporary(near path: String) throws(ZKStorageError) -> (Int32, String, Int32) {
        let prefix = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        var attempt = 0
        while true {
            let name = "\(prefix).zk\(getpid())-\(attempt).tmp"
            let slot = zk_cleanup_register(name)
            let f = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if f >= 0 {
                let descriptor = zk_above_stdio(f)
                if descriptor < 0 {
                    let error = ZKStorageError.io(path, "cannot create")
                    unlink(name)
                    zk_cleanup_unregister(slot)
                    throw error
                }
                return (descriptor, name, slot)
            }
            let error = ZKStorageError.io(path, "cannot create")
            zk_cleanup_unregister(slot)
            if error.errno != EEXIST || attempt > 100 { throw error }
            attempt += 1
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(ZKStorageError) {
        if let failure { throw failure }
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
        guard let base = raw.baseAddress else { return }
        var done = 0
        while done < raw.count {
            let n = Glibc.write(fd, base + done, raw.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw abandoning("write failed, file not published")
            }
            done += n
        }
        flushedBytes += raw.count
        // Start write-back of what is written so far (Linux's POSIX_FADV_DONTNEED starts it
        // without waiting, and keeps the page cache small), so the fsync in commit() finds most
        // of a large file already on its way to disk.
        if flushedBytes - writtenBack >= 8 << 20 {
            _ = posix_fadvise(fd, off_t(writtenBack), off_t(flushedBytes - writtenBack), POSIX_FADV_DONTNEED)
            writtenBack = flushedBytes
        }
    }

    /// The current `errno` as an error naming `path`, after discarding the file.
    private func abandoning(_ what: String) -> ZKStorageError {
        let error = ZKStorageError.io(path, what)
        abandon()
        failure = error
        return error
    }

    /// Flushes, extends the file with zeros to `size` if given (a sparse hole, like ZooKeeper's
    /// preallocation), fsyncs, and publishes it under `path`.
    ///
    /// - Throws: `.io` naming `path`; the file is then discarded and nothing is published.
    public func commit(extendingTo size: Int? = nil) throws(ZKStorageError) {
        if let failure { throw failure }
        guard !finished else { throw ZKStorageError(.io, file: path, "already published or discarded") }
        try flush()
        if let size, size > position {
            guard ftruncate(fd, off_t(size)) == 0 else { throw abandoning("cannot extend, file not published") }
        }
        guard fsync(fd) == 0 else { throw abandoning("fsync failed, file not published") }
        try publish()
        finished = true
        close(fd)
        fd = -1
        let directory = open(AtomicFileWriter.directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// Gives the finished file its final name.
    private func publish() throws(ZKStorageError) {
        if let temporary {
            if overwrite {
                guard rename(temporary.name, path) == 0 else { throw abandoning("cannot rename into place") }
            } else {
                // link(2) fails with EEXIST instead of replacing an existing file.
                guard link(temporary.name, path) == 0 else { throw abandoning("cannot create") }
                unlink(temporary.name)
            }
            zk_cleanup_unregister(temporary.slot)
            self.temporary = nil
            return
        }
        if zk_link_unnamed(fd, path) == 0 { return }
        guard errno == EEXIST, overwrite else { throw abandoning("cannot create") }
        // Replace the existing file: link under a short name, then rename that over it.
        let prefix = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        var attempt = 0
        while true {
            let name = "\(prefix).zk\(getpid())-\(attempt).tmp"
            let slot = zk_cleanup_register(name)
            if zk_link_unnamed(fd, name) == 0 {
                let renamed = rename(name, path) == 0
                let error = renamed ? nil : ZKStorageError.io(path, "cannot rename into place")
                if !renamed { unlink(name) }
                zk_cleanup_unregister(slot)
                if let error {
                    abandon()
                    failure = error
                    throw error
                }
                return
            }
            let error = ZKStorageError.io(path, "cannot create")
            zk_cleanup_unregister(slot)
            if error.errno != EEXIST || attempt > 100 {
                abandon()
                failure = error
                throw error
            }
            attempt += 1
        }
    }

    /// Discards the file without publishing anything (closes it; removes a temporary name).
    public func abandon() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if let temporary {
            unlink(temporary.name)
            zk_cleanup_unregister(temporary.slot)
            self.temporary = nil
        }
        finished = true
    }

    deinit { abandon() }
}

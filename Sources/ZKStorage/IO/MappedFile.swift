internal import CZKIO
internal import Glibc

/// A whole file mapped read-only (`mmap` with `PROT_READ`, `MAP_PRIVATE`), or read into memory
/// when it cannot be mapped (an empty file, a pipe). The input file is never modified.
///
/// **A file that shrinks while it is read** (a follower's TRUNC sync truncating the current log,
/// a failing disk, NFS) would raise `SIGBUS` on the next access to a lost page. Every mapping is
/// registered with the `SIGBUS` guard of `CZKIO`: its handler (C, async-signal-safe: a table
/// lookup, one `mmap`, one atomic store) maps anonymous zero pages over the rest of the mapping
/// (`MAP_FIXED | MAP_ANONYMOUS`) from the faulting page on, records that page's offset, and
/// returns, so the access is retried and reads zeros. No `sigsetjmp`/`siglongjmp` crosses Swift
/// frames. Readers then ask ``lostOffset`` (or ``checkIntact()``) before they trust what they
/// read or publish anything made from it; the error is `the file shrank or could not be read
/// at byte offset N` (N: the file's new size, or the first page that could not be read).
/// Zeros end a txn log and make a snapshot's stream end early, so a reader reaches its check
/// soon. A fault outside every registered mapping is left to the previous `SIGBUS` action.
///
/// **Inputs that are not regular files** (a FIFO, `/dev/zero`, a block device given by mistake)
/// are read incrementally: first up to ``probeSize`` bytes; unless they start with the magic of
/// a ZooKeeper data file (`ZKLG`, `ZKSN`, gzip, snappy-java) reading stops there and the reader
/// rejects those bytes as Java does (on the magic number, at once). Block and character devices
/// that do start with a magic are refused with one line; a FIFO is read on up to
/// ``streamLimit`` bytes.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    private let base: UnsafeMutableRawPointer?
    private let length: Int
    private let isMapped: Bool
    /// The open file behind a mapping (for ``read(into:at:)``), or -1.
    private let descriptor: Int32
    /// The mapping's slot in the `SIGBUS` guard, or -1.
    private let guardSlot: Int32

    /// The file's bytes; valid as long as this object lives.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: length) }

    public var count: Int { length }

    /// Bytes read from a non-regular input before its magic number is checked.
    public static let probeSize = 1 << 16
    /// The most bytes read from a non-regular input (a FIFO) whose magic number is valid.
    public static let streamLimit = 1 << 30

    /// Opens and maps `path` (its bytes in the file-name encoding, see `JavaFileSystem`).
    /// - Throws: `.io` when the file cannot be opened, is a directory, is a device holding a
    ///   ZooKeeper file, is a FIFO longer than ``streamLimit``, or cannot be read.
    public convenience init(path: String) throws(ZKStorageError) {
        try self.init(pathBytes: Array(path.utf8), name: path)
    }

    /// Opens and maps the file whose name the OS knows as `pathBytes` (any bytes but NUL, e.g.
    /// a Latin-1 name); `name` is the ``path`` errors and messages show.
    /// - Throws: as ``init(path:)``.
    public init(pathBytes: [UInt8], name path: String) throws(ZKStorageError) {
        self.path = path
        let fd = zk_above_stdio(JavaFileSystem.withCString(osPath: pathBytes) { open($0, O_RDONLY | O_CLOEXEC) })
        guard fd >= 0 else { throw ZKStorageError.io(path, "cannot open file") }
        var keepOpen = false
        defer { if !keepOpen { close(fd) } }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ZKStorageError.io(path, "cannot stat file") }
        let kind = st.st_mode & S_IFMT
        if kind == S_IFDIR {
            throw ZKStorageError(.io, file: path, "is a directory, expected a file", errno: EISDIR)
        }
        let size = Int(st.st_size)
        if kind == S_IFREG && size > 0 {
            let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
            if let p, p != MAP_FAILED {
                _ = madvise(p, size, MADV_SEQUENTIAL)
                base = p
                length = size
                isMapped = true
                descriptor = fd
                guardSlot = zk_guard_register(p, size)
                keepOpen = true
                return
            }
        }
        // Empty files, pipes, devices and anything mmap refuses: read it, bounded.
        let input = try StreamedInput(fd: fd, path: path, kind: kind)
        base = input.buffer
        length = input.count
        isMapped = false
        descriptor = -1
        guardSlot = -1
    }

    /// Copies `bytes` into an owned buffer.
    init(copying bytes: [UInt8], name: String) {
        path = name
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { src in
            if let b = src.baseAddress { p.copyMemory(from: b, byteCount: src.count) }
        }
        base = p
        length = bytes.count
        isMapped = false
        descriptor = -1
        guardSlot = -1
    }

    /// Bytes before this offset have been handed back to the kernel.
    private var releasedUpTo = 0

    /// Tells the kernel the pages before `offset` are not needed any more (`madvise`
    /// `MADV_DONTNEED`), so a sequential pass over a huge file keeps a flat resident set.
    /// The bytes stay readable: a read-only private mapping refaults them from the file.
    /// Cheap to call often; it acts once at least 8 MiB more can be released. Not synchronised:
    /// only one thread may call it for a given file (the reader, or the writer that copies
    /// from the mapping when the reader leaves release to it).
    public func release(before offset: Int) {
        guard isMapped, let base else { return }
        let page = 1 << 16
        let end = min(offset, length) & ~(page - 1)
        guard end - releasedUpTo >= 8 << 20 else { return }
        _ = madvise(base + releasedUpTo, end - releasedUpTo, MADV_DONTNEED)
        releasedUpTo = end
    }

    /// True for a mapped file, which ``read(into:at:)`` can read a second time.
    public var canReadAgain: Bool { descriptor >= 0 }

    /// Reads the file's bytes at `offset` into `buffer` with `pread`, without touching the
    /// mapping (so without growing the resident set): a second pass by another thread.
    /// Returns the byte count read (short only at the end of the file), nil on an error or
    /// when the file is not mapped.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int? {
        guard descriptor >= 0, let start = buffer.baseAddress else { return nil }
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, start + done, buffer.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// The offset of the first byte that could not be read because the file shrank (or a page
    /// could not be read) while it was mapped; nil while every byte read was the file's.
    ///
    /// Also set when the file is now shorter than the mapping without a fault: the bytes of its
    /// last page past the new end read as zeros without any `SIGBUS`. (`fstat`, so not for hot
    /// loops: readers ask at their end and on errors.)
    public var lostOffset: Int? {
        guard isMapped else { return nil }
        let fault = zk_guard_lost_offset(guardSlot)
        let shrunk = shrunkSize()
        guard fault >= 0 else { return shrunk }
        return min(Int(fault), shrunk ?? Int(fault))
    }

    /// The file's size now, if it is smaller than the mapping (it shrank); nil otherwise.
    private func shrunkSize() -> Int? {
        guard let size = currentSize(), size < length else { return nil }
        return size
    }

    private func currentSize() -> Int? {
        guard descriptor >= 0 else { return nil }
        var st = stat()
        guard fstat(descriptor, &st) == 0 else { return nil }
        return Int(st.st_size)
    }

    /// Throws `the file shrank or could not be read at byte offset N` if ``lostOffset`` is set.
    public func checkIntact() throws(ZKStorageError) {
        if let lost = lostOffset { throw ZKStorageError.inputLost(path, at: lost) }
    }

    deinit {
        zk_guard_unregister(guardSlot)
        if descriptor >= 0 { close(descriptor) }
        if isMapped {
            if let base { munmap(base, length) }
        } else {
            base?.deallocate()
        }
    }
}

extension ZKStorageError {
    /// The input shrank (or could not be read) at `offset` while it was read.
    public static func inputLost(_ path: String, at offset: Int) -> ZKStorageError {
        ZKStorageError(.io, file: path, offset: offset, "the file shrank or could not be read", errno: EIO)
    }

    /// An `.io` error with the current `errno` and its text.
    static func io(_ path: String, _ what: String) -> ZKStorageError {
        let e = Glibc.errno
        let text = strerror(e).map { String(cString: $0) } ?? "errno \(e)"
        return ZKStorageError(.io, file: path, "\(what): \(text)", errno: e)
    }
}

extension MappedFile {
    /// Wraps bytes already in memory (tests, fuzzing, stdin).
    public convenience init(bytes: [UInt8], name: String = "<memory>") {
        self.init(copying: bytes, name: name)
    }
}

internal import Glibc

/// A whole file mapped read-only (`mmap` with `PROT_READ`, `MAP_PRIVATE`), or read into memory
/// when it cannot be mapped (an empty file, a pipe). The input file is never modified.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    private let base: UnsafeMutableRawPointer?
    private let length: Int
    private let isMapped: Bool
    /// The open file behind a mapping (for ``read(into:at:)``), or -1.
    private let descriptor: Int32

    /// The file's bytes; valid as long as this object lives.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: length) }

    public var count: Int { length }

    /// Opens and maps `path` (its UTF-8 bytes name the file).
    /// - Throws: `.io` when the file cannot be opened, is a directory, or cannot be read.
    public convenience init(path: String) throws(ZKStorageError) {
        try self.init(pathBytes: Array(path.utf8), name: path)
    }

    /// Opens and maps the file whose name the OS knows as `pathBytes` (any bytes but NUL, e.g.
    /// a Latin-1 name); `name` is the ``path`` errors and messages show.
    /// - Throws: `.io` when the file cannot be opened, is a directory, or cannot be read.
    public init(pathBytes: [UInt8], name path: String) throws(ZKStorageError) {
        self.path = path
        let fd = JavaFileSystem.withCString(osPath: pathBytes) { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw ZKStorageError.io(path, "cannot open file") }
        var keepOpen = false
        defer { if !keepOpen { close(fd) } }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ZKStorageError.io(path, "cannot stat file") }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw ZKStorageError(.io, file: path, "is a directory, expected a file", errno: EISDIR)
        }
        let size = Int(st.st_size)
        if (st.st_mode & S_IFMT) == S_IFREG && size > 0 {
            let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
            if let p, p != MAP_FAILED {
                _ = madvise(p, size, MADV_SEQUENTIAL)
                base = p
                length = size
                isMapped = true
                descriptor = fd
                keepOpen = true
                return
            }
        }
        // Empty files, pipes and anything mmap refuses: read it all.
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: max(size, 65536), alignment: 16)
        var capacity = max(size, 65536)
        var used = 0
        while true {
            if used == capacity {
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: buffer, byteCount: used)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = Glibc.read(fd, buffer + used, capacity - used)
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                buffer.deallocate()
                throw ZKStorageError(.io, file: path, "cannot read file", errno: e)
            }
            if n == 0 { break }
            used += n
        }
        base = buffer
        length = used
        isMapped = false
        descriptor = -1
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

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if isMapped {
            if let base { munmap(base, length) }
        } else {
            base?.deallocate()
        }
    }
}

extension ZKStorageError {
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

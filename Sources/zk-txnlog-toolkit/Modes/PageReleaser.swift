internal import Glibc
internal import ZKStorage

/// Keeps memory flat while streaming a large mapped log: pages behind the read position are
/// dropped from this process (`madvise(MADV_DONTNEED)`), so resident memory does not grow with
/// the file. The mapping is read-only and private, so the pages are simply re-read from the file
/// if touched again; nothing is lost.
///
/// `MappedFile` does not say whether it mapped the file or read it into memory (pipes, empty
/// files, or a failed `mmap`); on read memory `MADV_DONTNEED` would zero the data. Pages are
/// therefore released only for a regular file whose bytes start on a page boundary, which
/// `mmap` guarantees and the read fallback's heap allocation does not.
struct PageReleaser {
    private let base: UnsafeRawPointer?
    private let count: Int
    private let pageSize: Int
    private var released = 0
    /// Release in steps of this many bytes.
    private let step = 8 << 20

    init(file: MappedFile) {
        let size = Int(sysconf(Int32(_SC_PAGESIZE)))
        pageSize = size > 0 ? size : 4096
        var st = stat()
        let isRegular = stat(file.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
        let start = file.bytes.baseAddress
        if isRegular, let start, Int(bitPattern: start) % pageSize == 0 {
            base = start
        } else {
            base = nil
        }
        count = file.count
    }

    /// Drops the pages wholly before `offset` once enough have accumulated.
    mutating func release(before offset: Int) {
        guard let base, offset - released >= step else { return }
        let end = min(offset, count) / pageSize * pageSize
        guard end > released else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + released), end - released, MADV_DONTNEED)
        released = end
    }
}

internal import CZKIO
internal import Glibc

/// A growable array of plain values (`BitwiseCopyable`), with `Array`'s value semantics (copies
/// share the storage until one of them is changed), for the columns of a ``NodeStore``.
///
/// **Why not `Array`.** A replay or a printer reads the columns at random: each access to a
/// column of millions of nodes is a cache miss, and with 4 KiB pages a TLB miss too (a page
/// walk, twice as long under a hypervisor). A column of 2 MiB or more is therefore kept in a
/// mapping of its own, 2 MiB aligned and advised for transparent huge pages
/// (`MADV_HUGEPAGE`), which `malloc` does not give. It grows by `mremap` onto a new aligned
/// range: its pages move, nothing is copied. Smaller columns live in `malloc` memory.
///
/// Indexes are checked (a bad one traps, as with `Array`); ids come from the store, never
/// from input data.
public struct Column<Element: BitwiseCopyable>: @unchecked Sendable {
    @usableFromInline var storage: ColumnStorage<Element>

    /// An empty column.
    public init() { storage = ColumnStorage(capacity: 0) }

    /// `count` copies of `value`.
    public init(repeating value: Element, count: Int) {
        storage = ColumnStorage(capacity: count)
        storage.base.initialize(repeating: value, count: count)
        storage.count = count
    }

    /// The number of elements.
    @inlinable
    public var count: Int { storage.count }

    @inlinable
    public var isEmpty: Bool { storage.count == 0 }

    /// Elements that fit before the column grows.
    public var capacity: Int { storage.capacity }

    @inlinable
    public subscript(i: Int) -> Element {
        @inline(__always)
        unsafeAddress {
            precondition(i >= 0 && i < storage.count, "Column index out of range")
            return UnsafePointer(storage.base + i)
        }
        @inline(__always)
        unsafeMutableAddress {
            makeUnique()
            precondition(i >= 0 && i < storage.count, "Column index out of range")
            return storage.base + i
        }
    }

    /// The elements in `range`, valid while this column (or a copy sharing its storage) is
    /// neither changed nor freed.
    @inlinable
    public subscript(range: Range<Int>) -> UnsafeBufferPointer<Element> {
        precondition(range.lowerBound >= 0 && range.upperBound <= storage.count, "Column range out of range")
        return UnsafeBufferPointer(start: storage.base + range.lowerBound, count: range.count)
    }

    /// Appends `value`.
    @inlinable @inline(__always)
    public mutating func append(_ value: Element) {
        makeUnique()
        let n = storage.count
        if n == storage.capacity { storage.grow(toAtLeast: n &+ 1) }
        (storage.base + n).initialize(to: value)
        storage.count = n &+ 1
    }

    /// Appends the elements of `buffer`.
    @inlinable
    public mutating func append(contentsOf buffer: UnsafeBufferPointer<Element>) {
        guard let source = buffer.baseAddress, buffer.count > 0 else { return }
        makeUnique()
        let n = storage.count
        let (total, overflow) = n.addingReportingOverflow(buffer.count)
        precondition(!overflow, "Column size overflow")
        if total > storage.capacity { storage.grow(toAtLeast: total) }
        (storage.base + n).update(from: source, count: buffer.count)
        storage.count = total
    }

    /// Appends `count` copies of `value`.
    public mutating func append(repeating value: Element, count: Int) {
        guard count > 0 else { return }
        makeUnique()
        let n = storage.count
        let (total, overflow) = n.addingReportingOverflow(count)
        precondition(!overflow, "Column size overflow")
        if total > storage.capacity { storage.grow(toAtLeast: total) }
        (storage.base + n).initialize(repeating: value, count: count)
        storage.count = total
    }

    /// Makes room for `n` elements in all.
    public mutating func reserveCapacity(_ n: Int) {
        makeUnique()
        if n > storage.capacity { storage.grow(toAtLeast: n) }
    }

    @inlinable
    public func withUnsafeBufferPointer<R, E: Error>(
        _ body: (UnsafeBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws(E) -> R
    ) throws(E) -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
    }

    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(UnsafeBufferPointer(start: storage.base, count: storage.count)))
    }

    @inlinable
    public mutating func withUnsafeMutableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        makeUnique()
        return try body(
            UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
        )
    }

    /// A copy of the storage when it is shared (value semantics).
    @inlinable @inline(__always)
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }
}

extension Column where Element == UInt8 {
    /// Appends the bytes of `buffer`.
    @inlinable
    public mutating func append(contentsOf buffer: UnsafeRawBufferPointer) {
        append(contentsOf: buffer.bindMemory(to: UInt8.self))
    }

    /// Appends `bytes`.
    public mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
    }
}

/// The memory of a ``Column``: `malloc` below ``hugeSize``, an aligned mapping advised for huge
/// pages from there on.
@usableFromInline
final class ColumnStorage<Element: BitwiseCopyable> {
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int
    /// The mapping's length in bytes; 0 for `malloc` memory.
    private var mappedBytes = 0

    /// A transparent huge page.
    static var hugeSize: Int { 2 << 20 }

    init(capacity: Int) {
        self.capacity = 0
        base = UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!
        if capacity > 0 { grow(toAtLeast: capacity) }
    }

    deinit { release(base, mappedBytes: mappedBytes) }

    /// A copy of the elements, with the same capacity.
    @usableFromInline
    func copy() -> ColumnStorage {
        let copy = ColumnStorage(capacity: capacity)
        copy.base.update(from: base, count: count)
        copy.count = count
        return copy
    }

    /// Grows to hold `needed` elements: at least double.
    @usableFromInline
    func grow(toAtLeast needed: Int) {
        let stride = MemoryLayout<Element>.stride
        let (bytes, overflow) = max(needed, capacity &* 2, 16).multipliedReportingOverflow(by: stride)
        precondition(!overflow, "Column size overflow")
        if bytes < Self.hugeSize {
            let memory: UnsafeMutableRawPointer?
            if mappedBytes == 0 && capacity > 0 {
                memory = realloc(UnsafeMutableRawPointer(base), bytes)
            } else {
                memory = malloc(bytes)
            }
            guard let memory else { fatalError("out of memory") }
            base = memory.bindMemory(to: Element.self, capacity: bytes / stride)
            capacity = bytes / stride
            return
        }
        let length = (bytes + Self.hugeSize - 1) & ~(Self.hugeSize - 1)
        guard let target = Self.alignedReservation(length) else { fatalError("out of memory") }
        if mappedBytes > 0 {
            // The old pages move to the new range (MREMAP_FIXED replaces the reservation there).
            let moved = zk_mremap_to(UnsafeMutableRawPointer(base), mappedBytes, length, target)
            guard moved == target else { fatalError("out of memory") }
        } else {
            _ = madvise(target, length, Int32(MADV_HUGEPAGE))
            let bytesUsed = count &* stride
            if bytesUsed > 0 { target.copyMemory(from: UnsafeRawPointer(base), byteCount: bytesUsed) }
            if capacity > 0 { free(UnsafeMutableRawPointer(base)) }
        }
        base = target.bindMemory(to: Element.self, capacity: length / stride)
        capacity = length / stride
        mappedBytes = length
    }

    /// `length` bytes of fresh, zeroed, readable and writable memory at a 2 MiB boundary,
    /// advised for huge pages.
    private static func alignedReservation(_ length: Int) -> UnsafeMutableRawPointer? {
        let span = length + hugeSize
        guard let raw = mmap(nil, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), raw != MAP_FAILED
        else { return nil }
        let address = UInt(bitPattern: raw)
        let aligned = (address + UInt(hugeSize) - 1) & ~UInt(hugeSize - 1)
        let head = Int(aligned - address)
        if head > 0 { munmap(raw, head) }
        let tail = span - head - length
        if tail > 0 { munmap(raw + head + length, tail) }
        let start = raw + head
        _ = madvise(start, length, Int32(MADV_HUGEPAGE))
        return start
    }

    private func release(_ base: UnsafeMutablePointer<Element>, mappedBytes: Int) {
        if mappedBytes > 0 {
            munmap(UnsafeMutableRawPointer(base), mappedBytes)
        } else if capacity > 0 {
            free(UnsafeMutableRawPointer(base))
        }
    }
}

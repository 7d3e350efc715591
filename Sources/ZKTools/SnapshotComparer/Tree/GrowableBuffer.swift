internal import Glibc

/// A growable array of plain values in one `malloc` block.
///
/// Grown with `realloc`, which glibc satisfies with `mremap` for large blocks: no copy and no
/// moment with two copies alive, which keeps the peak RSS of a million-node load low.
/// Indices are trusted (they come from this tool's own bookkeeping, never from input data).
final class GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = GrowableBuffer.allocate(self.capacity)
    }

    deinit {
        free(base)
    }

    private static func allocate(_ n: Int) -> UnsafeMutablePointer<Element> {
        guard let p = malloc(n * MemoryLayout<Element>.stride) else { outOfMemory() }
        return p.bindMemory(to: Element.self, capacity: n)
    }

    /// Makes room for at least `extra` more elements.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity = newCapacity * 2 }
        guard let p = realloc(base, newCapacity * MemoryLayout<Element>.stride) else { outOfMemory() }
        base = p.bindMemory(to: Element.self, capacity: newCapacity)
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ value: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    @inline(__always)
    subscript(_ i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }

    /// Gives the unused capacity back (after loading).
    func shrinkToFit() {
        guard count < capacity, let p = realloc(base, max(count, 16) * MemoryLayout<Element>.stride) else { return }
        base = p.bindMemory(to: Element.self, capacity: max(count, 16))
        capacity = max(count, 16)
    }
}

extension GrowableBuffer where Element == UInt8 {
    /// Appends bytes; returns the offset they start at.
    @inline(__always)
    func append(bytes: UnsafeRawBufferPointer) -> Int {
        let start = count
        reserve(bytes.count)
        if let src = bytes.baseAddress, bytes.count > 0 {
            UnsafeMutableRawPointer(base + count).copyMemory(from: src, byteCount: bytes.count)
        }
        count += bytes.count
        return start
    }

    /// A view of `length` bytes at `start`; valid until the next append.
    @inline(__always)
    func view(_ start: Int, _ length: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + start, count: length)
    }
}

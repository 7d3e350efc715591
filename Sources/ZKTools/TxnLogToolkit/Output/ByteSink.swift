internal import Glibc

/// A growable byte buffer that the txn lines are rendered into, then handed to a file descriptor.
///
/// Rendering appends straight into owned memory (no `String`, no Foundation). A line is rendered
/// completely before anything of it can be written, so a line whose decoding fails can be taken
/// back with ``truncate(to:)``, as Java prints nothing of a txn it cannot decode.
struct ByteSink: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 18) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    var last: UInt8? { count > 0 ? base[count &- 1] : nil }

    mutating func removeAll() { count = 0 }

    /// Drops everything after the first `mark` bytes.
    mutating func truncate(to mark: Int) {
        if mark >= 0 && mark < count { count = mark }
    }

    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count &+ extra > capacity { grow(count &+ extra) }
    }

    private mutating func grow(_ needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity = newCapacity &* 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(count &+ 1) }
        base[count] = byte
        count &+= 1
    }

    mutating func append(_ raw: UnsafeRawBufferPointer) {
        guard let src = raw.baseAddress, raw.count > 0 else { return }
        reserve(raw.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: src, byteCount: raw.count)
        count &+= raw.count
    }

    mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(_ array: [UInt8]) {
        array.withUnsafeBytes { append($0) }
    }

    /// Appends a Swift string's UTF-8 bytes (used only for messages, never per record).
    mutating func append(string: String) {
        var s = string
        s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }
}

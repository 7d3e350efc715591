/// ZooKeeper's txn-log preallocation rule (`persistence/FilePadding.java`).
///
/// Before each append, if `position + 4096 >= currentSize`, the file grows to
/// `currentSize + preAllocSize` (or, when `position` has already passed `currentSize`, to
/// `position` rounded to a multiple of `preAllocSize` as Java computes it), by writing one zero
/// byte at the new end. A new log is therefore 16 + 64 MiB right after its first append.
public struct FilePadding: Sendable {
    /// ZooKeeper's default: 64 MiB (`zookeeper.preAllocSize` is in KiB).
    public static let defaultPreAllocSize = 64 * 1024 * 1024

    public var preAllocSize: Int
    /// The last padded size.
    public private(set) var currentSize: Int

    public init(preAllocSize: Int = FilePadding.defaultPreAllocSize, currentSize: Int = FileHeader.byteCount) {
        self.preAllocSize = preAllocSize
        self.currentSize = currentSize
    }

    /// Applies the rule for an append at `position`; returns the new size if the file grows.
    public mutating func pad(position: Int) -> Int? {
        guard preAllocSize > 0, position &+ 4096 >= currentSize else { return nil }
        let newSize: Int
        if position > currentSize {
            newSize = position &+ preAllocSize &- ((position &+ preAllocSize) % preAllocSize)
        } else {
            newSize = currentSize &+ preAllocSize
        }
        currentSize = newSize
        return newSize
    }
}

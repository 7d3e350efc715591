/// The parent nodes of recent creates and setData by parent path (Java's `getNode(parentPath)`,
/// with the `"/"` alias): a replay looks the same parents up again and again, and each lookup
/// from scratch walks every component of the path.
///
/// Direct-mapped (``size`` entries, slot from an FNV-1a hash of the path). An entry holds the
/// path's bytes and is valid for its generation: a delete starts a new one (``forgetAll()``),
/// as the freed id may be reused. Nothing else changes which node a path names during a
/// replay, so a valid entry is exactly what a fresh lookup would find.
struct ParentCache {
    static let size = 4096
    private var nodes = [Int32](repeating: -1, count: size)
    private var generations = [UInt32](repeating: 0, count: size)
    private var paths = [[UInt8]](repeating: [], count: size)
    private var generation: UInt32 = 1

    /// `tree.node(atPath: parentPath)`, from the cache when it holds the path.
    ///
    /// - Parameter slot: ``slot(_:)`` of the path, when it was worked out ahead.
    @inline(__always)
    mutating func node(atPath parentPath: UnsafeRawBufferPointer, slot known: Int? = nil, in tree: DataTree) -> Int32? {
        let slot = known ?? Self.slot(parentPath)
        if generations[slot] == generation {
            if paths[slot].withUnsafeBytes({ bytesEqual($0, parentPath) }) { return nodes[slot] }
        }
        guard let node = tree.node(atPath: parentPath) else { return nil }
        nodes[slot] = node
        generations[slot] = generation
        paths[slot].removeAll(keepingCapacity: true)
        paths[slot].append(contentsOf: parentPath)
        return node
    }

    /// The node cached in `slot`, unchecked against a path: a guess, for prefetching only.
    @inline(__always)
    func guess(slot: Int) -> Int32? {
        generations[slot] == generation ? nodes[slot] : nil
    }

    /// Invalidates every entry (after a delete).
    mutating func forgetAll() {
        generation &+= 1
        if generation == 0 {
            // Wrapped: entries from 2^32 generations ago would look valid again.
            for i in 0..<Self.size { generations[i] = 0 }
            generation = 1
        }
    }

    /// The slot of a path (pure: any thread may work it out).
    @inline(__always)
    static func slot(_ bytes: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29)) & (size - 1)
    }
}

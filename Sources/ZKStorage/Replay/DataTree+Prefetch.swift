internal import CZKIO

/// Prefetching for the loops that visit nodes in an order unrelated to their ids (a replay's
/// txns, the snapshot's pre-order): each of a node's columns is a separate cache miss, and
/// asked for together those misses overlap instead of coming one after the other.
///
/// Each column is reached through `store.<column>` (one array at a time): a call on `store`
/// itself with a closure inside copies the whole ``NodeStore`` (a retain per column).
extension DataTree {
    /// Asks the cache for the node's entries in the columns a replay or a snapshot writer reads
    /// and writes: parent (unless `parent` is false: a snapshot writer does not read it), name
    /// offset, data length and offset, stat, ACL reference.
    @inline(__always)
    func prefetchColumns(_ node: Int32, parent: Bool = true) {
        let i = Int(node)
        if parent { store.parentColumn.withUnsafeBufferPointer { Self.prefetch($0, i) } }
        store.nameStart.withUnsafeBufferPointer { Self.prefetch($0, i) }
        store.dataLengthColumn.withUnsafeBufferPointer { Self.prefetch($0, i) }
        if options.keepsStats {
            store.stats.withUnsafeBufferPointer { (b: UnsafeBufferPointer<StatPersisted>) in
                Self.prefetch(b, i)
                zk_prefetch(b.baseAddress.map { UnsafeRawPointer($0 + i) + (MemoryLayout<StatPersisted>.size - 1) })
            }
        }
        if options.keepsData { store.dataStart.withUnsafeBufferPointer { Self.prefetch($0, i) } }
        if options.keepsACLs { store.aclRefs.withUnsafeBufferPointer { Self.prefetch($0, i) } }
    }

    /// Asks the cache for the first bytes of the node's name and data (their offsets are read:
    /// call it once ``prefetchColumns(_:)`` has had time to bring them).
    @inline(__always)
    func prefetchBytes(_ node: Int32) {
        let i = Int(node)
        let nameOffset = store.nameStart[i]
        store.names.withUnsafeBytes { zk_prefetch($0.baseAddress.map { $0 + nameOffset }) }
        guard options.keepsData else { return }
        let start = store.dataStart[i]
        // The last byte too: data of up to 128 bytes is then fully asked for.
        let last = max(Int(store.dataLengthColumn[i]) - 1, 0)
        if start >= 0, let mapped = store.mappedData {
            zk_prefetch(mapped.bytes.baseAddress.map { $0 + start })
            zk_prefetch(mapped.bytes.baseAddress.map { $0 + start + last })
        } else {
            store.dataArena.withUnsafeBytes {
                zk_prefetch($0.baseAddress.map { $0 + (start >= 0 ? start : ~start) })
                zk_prefetch($0.baseAddress.map { $0 + (start >= 0 ? start : ~start) + last })
            }
        }
    }

    @inline(__always)
    static func prefetch<T>(_ column: UnsafeBufferPointer<T>, _ i: Int) {
        zk_prefetch(column.baseAddress.map { UnsafeRawPointer($0 + i) })
    }

    /// ``child(of:named:)`` that prefetches each candidate (columns and bytes) before comparing
    /// its parent and name: the lookup of the node a replayed txn changes.
    func childPrefetching(of parent: Int32, named name: UnsafeRawBufferPointer, nameHash: Int32) -> Int32? {
        guard store.indexed else { return child(of: parent, named: name) }
        let hash = ChildIndex.hash(parent: parent, nameHash: nameHash)
        let index = store.index
        return store.names.withUnsafeBytes { arena in
            index.find(hash: hash) { n in
                prefetchColumns(n)
                prefetchBytes(n)
                guard store.parentColumn[Int(n)] == parent else { return false }
                let range = store.nameRange(n)
                guard range.count == name.count else { return false }
                guard let a = arena.baseAddress, let b = name.baseAddress, !range.isEmpty else { return true }
                return memcmpEqual(a + range.lowerBound, b, range.count)
            }
        }
    }
}

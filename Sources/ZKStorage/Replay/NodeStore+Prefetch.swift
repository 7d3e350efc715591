internal import CZKIO

/// Prefetching for the loops that visit nodes in an order unrelated to their ids (a replay's
/// txns, the snapshot's pre-order): each of a node's columns is a separate cache miss, and
/// asked for together those misses overlap instead of coming one after the other.
extension NodeStore {
    /// Asks the cache for the node's entries in the columns a replay or a snapshot writer reads
    /// and writes: parent, name offset, data length and offset, stat, ACL reference.
    @inline(__always)
    func prefetchColumns(_ node: Int32) {
        let i = Int(node)
        parentColumn.withUnsafeBufferPointer { Self.prefetch($0, i) }
        nameStart.withUnsafeBufferPointer { Self.prefetch($0, i) }
        dataLengthColumn.withUnsafeBufferPointer { Self.prefetch($0, i) }
        if keepsStats {
            stats.withUnsafeBufferPointer { b in
                Self.prefetch(b, i)
                zk_prefetch(b.baseAddress.map { UnsafeRawPointer($0 + i) + (MemoryLayout<StatPersisted>.size - 1) })
            }
        }
        if keepsData { dataStart.withUnsafeBufferPointer { Self.prefetch($0, i) } }
        if keepsACLs { aclRefs.withUnsafeBufferPointer { Self.prefetch($0, i) } }
    }

    /// Asks the cache for the first bytes of the node's name and data (their offsets are read:
    /// call it once ``prefetchColumns(_:)`` has had time to bring them).
    @inline(__always)
    func prefetchBytes(_ node: Int32) {
        let i = Int(node)
        let nameOffset = nameStart[i]
        names.withUnsafeBytes { zk_prefetch($0.baseAddress.map { $0 + nameOffset }) }
        guard keepsData else { return }
        let start = dataStart[i]
        if start >= 0, let mappedData {
            zk_prefetch(mappedData.bytes.baseAddress.map { $0 + start })
        } else {
            dataArena.withUnsafeBytes { zk_prefetch($0.baseAddress.map { $0 + (start >= 0 ? start : ~start) }) }
        }
    }

    @inline(__always)
    static func prefetch<T>(_ column: UnsafeBufferPointer<T>, _ i: Int) {
        zk_prefetch(column.baseAddress.map { UnsafeRawPointer($0 + i) })
    }

    /// ``child(of:named:)`` that prefetches each candidate (columns and bytes) before comparing
    /// its parent and name: the lookup of the node a replayed txn changes.
    @inline(__always)
    func childPrefetching(of parent: Int32, named name: UnsafeRawBufferPointer) -> Int32? {
        guard indexed else { return child(of: parent, named: name) }
        let hash = ChildIndex.hash(parent: parent, nameHash: JavaString.hashCode(canonical: name))
        return names.withUnsafeBytes { arena in
            index.find(hash: hash) { n in
                prefetchColumns(n)
                prefetchBytes(n)
                return parentColumn[Int(n)] == parent && nameEquals(n, name, arena)
            }
        }
    }
}

extension DataTree {
    /// ``child(of:named:)`` for a node the caller is about to change
    /// (``NodeStore/childPrefetching(of:named:)``).
    func childPrefetching(of parent: Int32, named name: UnsafeRawBufferPointer) -> Int32? {
        store.childPrefetching(of: parent, named: name)
    }

    /// ``NodeStore/prefetchColumns(_:)``.
    func prefetchColumns(_ node: Int32) { store.prefetchColumns(node) }

    /// ``NodeStore/prefetchBytes(_:)``.
    func prefetchBytes(_ node: Int32) { store.prefetchBytes(node) }
}

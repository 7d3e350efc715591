extension DataTree {
    /// Writes the tree as `FileSnap.serialize` does, through ``SnapshotWriter`` (codec from the
    /// name; temporary name, fsync, rename):
    ///
    ///     FileHeader ("ZKSN", 2, dbid -1)
    ///     int32 count, (int64 session id, int32 timeout)*   new HashMap<>(sessions) order
    ///     int32 count, (int64 ref, vector<ACL>)*            the ACL cache
    ///     (string path, buffer data, int64 acl, StatPersisted)*   pre-order from the root "",
    ///                                                      children in their HashSet order
    ///     string "/"                                       terminator
    ///     int64 Adler-32, string "/"                       seal 1
    ///     int64 zxid, int32 version, int64 digest          ZxidDigest (when `digest` is given)
    ///     int64 Adler-32, string "/"                       seal 2
    ///
    /// Node data is the data as it is now (quota statistics included, as Java writes them).
    public func writeSnapshot(to path: String, digest: SnapshotDigest?) throws(ZKStorageError) {
        let writer = try SnapshotWriter(path: path)
        do throws(ZKStorageError) {
            try writer.writeHeader()
            let sessions = sessionsInJavaOrder
            let copyOrder = JavaHashOrder.longMapCopyOrder(sessions.map(\.id))
            try writer.writeSessions(copyOrder.map { sessions[$0] })
            let refs = aclCache.acls.keys.sorted()
            let aclCapacity = JavaHashOrder.capacity(afterPuts: refs.count, initialCapacity: 16)
            let aclOrder = JavaHashOrder.longMapOrder(refs, initialCapacity: aclCapacity)
            try writer.writeACLCache(aclOrder.map { (ref: refs[$0], acls: aclCache.acls[refs[$0]] ?? []) })
            try writeNodes(writer)
            try writer.writeTerminatorAndSeal()
            if let digest { try writer.writeDigest(digest) }
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// How many nodes ahead ``forEachNodeInSnapshotOrder(_:)`` asks for the bytes of a node
    /// (its columns twice as far ahead).
    static let prefetchDistance = 8

    /// `serializeNode` from the root, iteratively.
    private func writeNodes(_ writer: SnapshotWriter) throws(ZKStorageError) {
        var result: Result<Void, ZKStorageError> = .success(())
        forEachNodeInSnapshotOrder { node, p in
            let stat = self.stat(node)
            let ref = aclRef(node)
            result = withNodeData(node) { d in
                Result { () throws(ZKStorageError) in try writer.writeNode(path: p, data: d, aclRef: ref, stat: stat) }
            }
            if case .failure = result { return false }
            return true
        }
        try result.get()
    }

    /// Visits every node reachable from the root in the order `DataTree.serializeNode` writes
    /// them: pre-order, each node's children in their `HashSet` order, with the node's path as
    /// Java builds it (`""` for the root, then `"/name"`…). `body` returns false to stop.
    ///
    /// The order (``SnapshotOrder``) is worked out on a second thread, a run of nodes ahead of
    /// `body`, which gets each node on the caller's thread.
    public func forEachNodeInSnapshotOrder(_ body: (Int32, UnsafeRawBufferPointer) -> Bool) {
        guard root >= 0 else { return }
        // One copy of the columns for the walk (a call on `store` with a closure copies it).
        let nodes = store
        var path: [UInt8] = []
        let visit = { (run: [SnapshotOrder.Step]) -> Bool in
            let distance = Self.prefetchDistance
            for k in run.indices {
                // The nodes visited a few steps from now lie at random in the columns: their
                // columns (then the name and data they point to) are asked for ahead.
                if k + 2 * distance < run.count { self.prefetchColumns(run[k + 2 * distance].node, parent: false) }
                if k + distance < run.count { self.prefetchBytes(run[k + distance].node) }
                let step = run[k]
                path.removeSubrange(step.parentPathLength...)
                if step.node != self.root {
                    path.append(UInt8(ascii: "/"))
                    nodes.withName(step.node) { path.append(contentsOf: $0) }
                }
                guard path.withUnsafeBytes({ body(step.node, $0) }) else { return false }
            }
            return true
        }
        SnapshotOrder.walk(nodes, from: root, visit)
    }
}

/// The pre-order `DataTree.serializeNode` writes, children in their `HashSet` order, handed to
/// a visitor in runs; worked out on a second thread when one can be started.
enum SnapshotOrder {
    /// A node, and the length of its parent's path (the visitor keeps the path).
    struct Step {
        var node: Int32
        var parentPathLength: Int
    }

    static let runLength = 4096

    /// Calls `visit` with every run of steps, in order, until it returns false.
    static func walk(_ nodes: NodeStore, from root: Int32, _ visit: ([Step]) -> Bool) {
        let queue = BoundedQueue<[Step]>(capacity: 64)
        guard
            let job = BackgroundJob.started({
                produce(nodes, from: root) { queue.put($0) }
                queue.close()
            })
        else {
            produce(nodes, from: root, visit)
            return
        }
        defer {
            queue.close()
            job.join()
        }
        while let run = queue.take() {
            guard visit(run) else { return }
        }
    }

    /// Walks the tree, handing over runs of steps to `emit` until it returns false.
    private static func produce(_ nodes: NodeStore, from root: Int32, _ emit: ([Step]) -> Bool) {
        // Gathered in sequential passes where the child sets allow it: the pre-order visits
        // nodes at random, and a child set's sibling links are one cache miss after another.
        let lists = ChildLists(nodes)
        var stack: [(node: Int32, pathLength: Int)] = [(root, 0)]
        var kids: [Int32] = []
        var hashes: [Int32] = []
        var run: [Step] = []
        run.reserveCapacity(runLength)
        while let (node, pathLength) = stack.popLast() {
            run.append(Step(node: node, parentPathLength: pathLength))
            if run.count == runLength {
                guard emit(run) else { return }
                run.removeAll(keepingCapacity: true)
            }
            // A path is at most the names on the way down, all held in memory: no overflow.
            if let lists {
                lists.childrenInJavaOrder(of: node, in: nodes, into: &kids, hashes: &hashes)
            } else {
                nodes.childrenInJavaOrder(of: node, into: &kids, hashes: &hashes)
            }
            let length =
                node == root ? pathLength : pathLength + 1 + (lists?.nameLength(node) ?? nodes.nameRange(node).count)
            for child in kids.reversed() { stack.append((child, length)) }
        }
        if !run.isEmpty { _ = emit(run) }
    }
}

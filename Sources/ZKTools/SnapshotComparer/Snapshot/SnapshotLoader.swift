internal import Glibc
import ZKStorage
internal import ZKToolSupport

/// Loads a snapshot the way `SnapshotComparer.getSnapshot` does (`SnapStream.getInputStream`,
/// `FileSnap.deserialize`, `DataTree.deserialize` with `setupQuota`), keeping only what the
/// comparer looks at: paths and data sizes. Seals and digest are never read, as in Java.
enum SnapshotLoader {
    /// Loads `file`; returns the tree and the seconds spent deserialising (the figure Java
    /// prints in `Deserialized snapshot in <name> in <s> seconds`).
    ///
    /// - Throws: the exception Java would die with (`java.io.FileNotFoundException`,
    ///   `java.io.EOFException`, `java.io.IOException: Unreasonable length = N`, ...), with
    ///   the file, the problem and its byte offset.
    static func load(_ file: JavaFile, charset: JavaPlatformCharset) throws(JavaThrowable) -> (SnapshotTree, Double) {
        let mapped: MappedFile
        do {
            mapped = try file.map()
        } catch {
            throw fileNotFound(file, error)
        }
        let codec = SnapshotCodec(fileName: file.name)
        let started = MonotonicClock.now()
        let tree: SnapshotTree
        do {
            tree = try read(mapped, codec: codec, file: file)
        } catch let error as JavaThrowable {
            throw error
        } catch let error as ZKStorageError {
            throw StorageErrorMapping.javaException(for: error, file: file.argument)
        } catch {
            throw JavaThrowable("java.io.IOException", file: file.argument, problem: "\(error)")
        }
        try QuotaStats.recompute(tree, file: file.argument)
        return (tree, MonotonicClock.seconds(since: started))
    }

    /// `new FileInputStream(file)` failing: `<path> (<strerror>)`, the path as `File` normalised it.
    private static func fileNotFound(_ file: JavaFile, _ error: ZKStorageError) -> JavaThrowable {
        let reason: String
        if let code = error.errno, let text = strerror(code) {
            reason = String(cString: text)
        } else {
            reason = error.detail
        }
        return JavaThrowable(
            "java.io.FileNotFoundException",
            message: Array(file.path.utf8) + Array(" (\(reason))".utf8),
            file: file.argument,
            problem: "cannot open: \(reason)"
        )
    }

    /// ISA-L, several times faster than zlib on large gz snapshots; on damaged deflate data
    /// both end in the same Java-compatible error and exit code (see the damaged goldens).
    static let gzipBackend = GzipBackend.isal

    private static func read(_ mapped: MappedFile, codec: SnapshotCodec, file: JavaFile) throws -> SnapshotTree {
        let tree = SnapshotTree()
        // The two snapshots already load on the two cores at once: no decoding thread of its own.
        var reader = try SnapshotReader(
            file: mapped,
            codec: codec,
            checkMagic: false,
            gzipBackend: gzipBackend,
            readAhead: false
        )
        let magic = reader.header.magic
        if magic != FileHeader.snapshotMagic {
            throw JavaThrowable(
                "java.io.IOException",
                "mismatching magic headers \(magic) !=  \(FileHeader.snapshotMagic)",
                file: file.argument,
                problem: "not a snapshot: magic number \(magic), expected \(FileHeader.snapshotMagic) (\"ZKSN\")",
                location: "byte offset 0"
            )
        }
        try reader.readSessions { _, _ in }
        try reader.readACLCache { _, _ in }
        var released = 0
        var batch = PendingBatch()
        while true {
            let next: SnapshotNodeRecord?
            do {
                next = try reader.nextNode()
            } catch {
                // Records before the bad one come first: one of them may lack its parent.
                try batch.flush(into: tree, file: file)
                throw error
            }
            guard let record = next else { break }
            let size = Int32(truncatingIfNeeded: record.data?.count ?? 0)
            let start: Int
            let length: Int
            if isASCII(record.path) {
                start = tree.appendLabel(record.path)
                length = record.path.count
            } else {
                let decoded = Array(JavaUTF8.decode(record.path).utf8)
                start = decoded.withUnsafeBytes { tree.appendLabel($0) }
                length = decoded.count
            }
            batch.add(start: start, length: length, size: size, offset: record.offset)
            if batch.isFull { try batch.flush(into: tree, file: file) }
            if codec == .plain && reader.offset - released >= 1 << 23 {
                released = releaseConsumedPages(mapped, upTo: reader.offset)
            }
        }
        try batch.flush(into: tree, file: file)
        return tree
    }

    /// Records parsed but not yet put. Putting a node costs a random access into the label
    /// index; touching the slots of a whole batch first lets those cache misses overlap.
    private struct PendingBatch {
        private static let capacity = 64
        private var starts: [Int] = []
        private var lengths: [Int] = []
        private var sizes: [Int32] = []
        private var offsets: [Int] = []
        private var hashes: [UInt64] = []

        init() {
            starts.reserveCapacity(PendingBatch.capacity)
            lengths.reserveCapacity(PendingBatch.capacity)
            sizes.reserveCapacity(PendingBatch.capacity)
            offsets.reserveCapacity(PendingBatch.capacity)
            hashes.reserveCapacity(PendingBatch.capacity)
        }

        var isFull: Bool { starts.count >= PendingBatch.capacity }

        mutating func add(start: Int, length: Int, size: Int32, offset: Int) {
            starts.append(start)
            lengths.append(length)
            sizes.append(size)
            offsets.append(offset)
        }

        mutating func flush(into tree: SnapshotTree, file: JavaFile) throws(JavaThrowable) {
            var touched: UInt64 = 0
            for i in starts.indices {
                let hash = LabelIndex.hash(tree.labels.view(starts[i], lengths[i]))
                hashes.append(hash)
                touched ^= tree.touch(hash)
            }
            tree.touchedSlots ^= touched
            for i in starts.indices {
                do {
                    try tree.put(labelAt: starts[i], length: lengths[i], size: sizes[i], hash: hashes[i])
                } catch {
                    let parent = String(decoding: error.parentPath, as: UTF8.self)
                    let path = String(decoding: error.path, as: UTF8.self)
                    throw JavaThrowable(
                        "java.io.IOException",
                        message: Array("Invalid Datatree, unable to find parent ".utf8) + error.parentPath
                            + Array(" of path ".utf8) + error.path,
                        file: file.argument,
                        problem: "node \"\(path)\" has no parent: no node \"\(parent)\" comes before it",
                        location: "byte offset \(offsets[i])"
                    )
                }
            }
            starts.removeAll(keepingCapacity: true)
            lengths.removeAll(keepingCapacity: true)
            sizes.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
            hashes.removeAll(keepingCapacity: true)
        }
    }

    /// Plain snapshots are mapped; pages already parsed are never read again, so give them back
    /// (a private read-only mapping: the file is untouched). Keeps RSS at the size of the tree.
    private static func releaseConsumedPages(_ mapped: MappedFile, upTo offset: Int) -> Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0, let base = mapped.bytes.baseAddress else { return offset }
        let address = Int(bitPattern: base)
        let end = (address + offset) / page * page
        let start = (address + page - 1) / page * page
        if end > start {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, Int32(MADV_DONTNEED))
        }
        return offset
    }

    @inline(__always)
    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let p = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            if p.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if p.load(fromByteOffset: i, as: UInt8.self) >= 0x80 { return false }
            i += 1
        }
        return true
    }
}

/// Wall-clock intervals for the two timing lines.
enum MonotonicClock {
    static func now() -> timespec {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t
    }

    static func seconds(since start: timespec) -> Double {
        let end = now()
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }
}

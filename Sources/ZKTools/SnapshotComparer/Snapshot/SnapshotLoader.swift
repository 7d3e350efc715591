internal import Glibc
import ZKStorage
internal import ZKToolSupport

/// Loads a snapshot the way `SnapshotComparer.getSnapshot` does (`SnapStream.getInputStream`,
/// `FileSnap.deserialize`, `DataTree.deserialize` with `setupQuota`) through ``DataTreeLoader``,
/// keeping only what the comparer looks at: names and data sizes. Seals and digest are never
/// read, as in Java.
enum SnapshotLoader {
    /// Loads `file`; returns the tree and the seconds spent deserialising (the figure Java
    /// prints in `Deserialized snapshot in <name> in <s> seconds`).
    ///
    /// - Throws: the exception Java would die with (`java.io.FileNotFoundException`,
    ///   `java.io.EOFException`, `java.io.IOException: Unreasonable length = N`, ...), with
    ///   the file, the problem and its byte offset.
    static func load(_ file: JavaFile, charset: JavaPlatformCharset) throws(ToolError) -> (SnapshotTree, Double) {
        let mapped: MappedFile
        do {
            mapped = try file.map()
        } catch  where error.errno == nil {
            // A device or an over-long FIFO, refused before it was read (Java would read it).
            throw StorageErrorMapping.javaException(for: error, file: file.argument)
        } catch {
            throw fileNotFound(file, error)
        }
        let codec = SnapshotCodec(fileName: file.name)
        let started = MonotonicClock.now()
        let tree: SnapshotTree
        do {
            tree = try read(mapped, codec: codec, file: file)
            try mapped.checkIntact()
        } catch  where mapped.lostOffset != nil {
            // Zeros where the file shrank while it was read are no damage of its own.
            let lost = ZKStorageError.inputLost(mapped.path, at: mapped.lostOffset ?? 0)
            throw StorageErrorMapping.javaException(for: lost, file: file.argument)
        } catch let error as ToolError {
            throw error
        } catch let error as ZKStorageError {
            throw StorageErrorMapping.javaException(for: error, file: file.argument)
        } catch {
            throw ToolError("java.io.IOException", file: file.argument, problem: "\(error)")
        }
        do {
            try tree.tree.setupQuota()
        } catch {
            throw ToolError(
                "java.lang.IllegalArgumentException",
                "Invalid path: ",
                file: file.argument,
                problem: "the quota node \"\(String(decoding: error.limitsPath, as: UTF8.self))\" limits the empty path"
            )
        }
        return (tree, MonotonicClock.seconds(since: started))
    }

    /// `new FileInputStream(file)` failing: `<path> (<strerror>)`, the path as `File` normalised it.
    private static func fileNotFound(_ file: JavaFile, _ error: ZKStorageError) -> ToolError {
        let reason: String
        if let code = error.errno, let text = strerror(code) {
            reason = String(cString: text)
        } else {
            reason = error.detail
        }
        return ToolError(
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
            throw ToolError(
                "java.io.IOException",
                "mismatching magic headers \(magic) !=  \(FileHeader.snapshotMagic)",
                file: file.argument,
                problem: "not a snapshot: magic number \(magic), expected \(FileHeader.snapshotMagic) (\"ZKSN\")",
                location: "byte offset 0"
            )
        }
        var loader = DataTreeLoader(options: .structure)
        loader.decodedSizeHint = DataTreeLoader.decodedSizeHint(file: mapped, codec: codec)
        if codec == .plain {
            // Pages already parsed are never read again: give them back.
            loader.progressStep = 1 << 23
            loader.progress = { releaseConsumedPages(mapped, upTo: $0) }
        }
        return SnapshotTree(try loader.load(&reader).tree)
    }

    /// Plain snapshots are mapped; pages already parsed are never read again, so give them back
    /// (a private read-only mapping: the file is untouched). Keeps RSS at the size of the tree.
    private static func releaseConsumedPages(_ mapped: MappedFile, upTo offset: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0, let base = mapped.bytes.baseAddress else { return }
        let address = Int(bitPattern: base)
        let end = (address + offset) / page * page
        let start = (address + page - 1) / page * page
        if end > start {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, Int32(MADV_DONTNEED))
        }
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

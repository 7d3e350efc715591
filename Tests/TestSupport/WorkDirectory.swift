import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under /tmp (its real path, as `getcwd` reports it), removed with its
/// contents when the object goes away.
public final class WorkDirectory {
    public let path: String

    public init(prefix: String = "zk-tests") {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        let raw = made.map { String(cString: $0) } ?? "/tmp"
        path = URL(fileURLWithPath: raw).resolvingSymlinksInPath().path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `bytes` to `relative` (creating parent directories) and sets its mtime. Plain
    /// `open`/`write`, like the golden generator's `shutil.copyfile`, so that directory
    /// entries are created in the same order (readdir order decides some tools' output order).
    public func write(_ relative: String, _ bytes: [UInt8], mtime: Int64 = 1_700_000_000) {
        let full = path + "/" + relative
        if let slash = full.lastIndex(of: "/") { mkdirs(String(full[..<slash])) }
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        precondition(fd >= 0, "cannot create \(full)")
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                precondition(n > 0, "cannot write \(full)")
                offset += n
            }
        }
        close(fd)
        setMtime(relative, mtime)
    }

    /// Writes `bytes` to the file the OS names `osPath` (relative, any bytes but NUL: a Latin-1
    /// name, say), creating directories, and sets its mtime.
    public func write(osPath relative: [UInt8], _ bytes: [UInt8], mtime: Int64 = 1_700_000_000) throws {
        func cString(_ bytes: [UInt8]) -> [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }
        let full = Array(path.utf8) + [UInt8(ascii: "/")] + relative
        for (i, b) in full.enumerated() where b == UInt8(ascii: "/") && i > 0 {
            _ = mkdir(cString(Array(full[..<i])), 0o755)
        }
        let fd = open(cString(full), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw HarnessError("cannot create \(String(decoding: full, as: UTF8.self))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw HarnessError("cannot write \(String(decoding: full, as: UTF8.self))") }
            offset += n
        }
        let t = timespec(tv_sec: Int(mtime), tv_nsec: 0)
        _ = utimensat(AT_FDCWD, cString(full), [t, t], 0)
    }

    /// Copies `source` (absolute) to `relative`, creating directories, and sets its mtime.
    public func copy(_ source: String, to relative: String, mtime: Int64 = 1_700_000_000) throws {
        write(relative, try FixturePaths.read(source), mtime: mtime)
    }

    public func setMtime(_ relative: String, _ mtime: Int64) {
        let t = timespec(tv_sec: Int(mtime), tv_nsec: 0)
        let times = [t, t]
        _ = utimensat(AT_FDCWD, path + "/" + relative, times, 0)
    }

    public func mkdirs(_ full: String) {
        try? FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
    }

    public func exists(_ relative: String) -> Bool {
        var st = stat()
        return lstat(path + "/" + relative, &st) == 0
    }

    /// Names in a directory, in readdir order.
    public func list(_ relative: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path + "/" + relative)) ?? []
    }

    /// `bytes` with every occurrence of this directory's path replaced by `@WORKDIR@` (the
    /// goldens' placeholder for the capture's work directory).
    public func masked(_ bytes: [UInt8]) -> [UInt8] {
        bytes.replacing(Array(path.utf8), with: Array("@WORKDIR@".utf8))
    }

    /// Every regular file below the directory as `"<sha256>  <size>  <relative path>"`, sorted
    /// bytewise by path: the golden `after` format.
    public func listing() throws -> [String] {
        var rows: [(key: [UInt8], line: String)] = []
        func walk(_ relative: String) throws {
            let full = relative.isEmpty ? path : path + "/" + relative
            for name in (try? FileManager.default.contentsOfDirectory(atPath: full)) ?? [] {
                let rel = relative.isEmpty ? name : relative + "/" + name
                var st = stat()
                guard lstat(path + "/" + rel, &st) == 0 else { continue }
                if (st.st_mode & S_IFMT) == S_IFDIR {
                    try walk(rel)
                } else if (st.st_mode & S_IFMT) == S_IFREG {
                    rows.append((Array(rel.utf8), "\(try Self.sha256(path + "/" + rel))  \(st.st_size)  \(rel)"))
                }
            }
        }
        try walk("")
        rows.sort { $0.key.lexicographicallyPrecedes($1.key) }
        return rows.map(\.line)
    }

    /// `listing()` as the text of an `after` file (one LF-terminated line per file).
    public func afterListing() throws -> String {
        try listing().map { $0 + "\n" }.joined()
    }

    /// The file's SHA-256 in hex, from `sha256sum` (some files are 64 MiB).
    public static func sha256(_ file: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let hash = text.split(separator: " ").first, hash.count == 64 else {
            throw HarnessError("sha256sum failed for \(file)")
        }
        return String(hash)
    }
}

internal import Glibc
internal import Synchronization

/// The parts of `java.io.File` (OpenJDK 17, `UnixFileSystem`) that decide what PurgeTxnLog
/// prints and touches.
///
/// Path text: runs of `/` collapse to one and a trailing `/` is dropped, but `.` and `..` stay:
///
/// ```
/// JavaFileSystem.normalize("./D/")        == "./D"
/// JavaFileSystem.normalize("/tmp//x//")   == "/tmp/x"
/// JavaFileSystem.child("./D/", "version-2") == "./D/version-2"
/// JavaFileSystem.absolutePath("D", cwd: "/w") == "/w/D"
/// ```
///
/// The file operations hand the OS the path string encoded as the JVM does (`sun.jnu.encoding`:
/// UTF-8 unless a tool installs its platform charset with ``setFileNameEncoder(_:)``, as
/// ZKToolSupport's `ToolMain` does), or take the OS bytes themselves (the `osPath:` forms), and
/// report failure the way Java's boolean-returning methods do.
public enum JavaFileSystem {
    private static let encoder = Mutex<(@Sendable (String) -> [UInt8])?>(nil)

    /// Installs how path strings become the bytes the OS sees (the JVM's `sun.jnu.encoding`),
    /// for the whole process. Without it, UTF-8.
    public static func setFileNameEncoder(_ encode: @escaping @Sendable (String) -> [UInt8]) {
        encoder.withLock { $0 = encode }
    }

    /// The bytes the OS sees for the normalised `path`.
    public static func osPath(_ path: String) -> [UInt8] {
        let p = normalize(path)
        // Every platform charset the JVM picks here (UTF-8, ISO-8859-1, US-ASCII) encodes ASCII
        // as itself: only other paths go through the installed encoder.
        if p.utf8.allSatisfy({ $0 < 0x80 }) { return Array(p.utf8) }
        return encoder.withLock { $0 }?(p) ?? Array(p.utf8)
    }

    /// Calls `body` with `osPath` as a C string (NUL-terminated).
    public static func withCString<R>(osPath: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        var cString = osPath.map { CChar(bitPattern: $0) }
        cString.append(0)
        return cString.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return "".withCString(body) }
            return body(base)
        }
    }

    /// `stat` on the OS bytes of a path; nil when it fails (or for the empty path).
    static func status(osPath: [UInt8]) -> stat? {
        guard !osPath.isEmpty else { return nil }
        var st = stat()
        return withCString(osPath: osPath) { stat($0, &st) } == 0 ? st : nil
    }

    /// `exists()` on the OS bytes of a path.
    public static func exists(osPath: [UInt8]) -> Bool { status(osPath: osPath) != nil }

    /// `isDirectory()` on the OS bytes of a path.
    public static func isDirectory(osPath: [UInt8]) -> Bool {
        status(osPath: osPath).map { ($0.st_mode & S_IFMT) == S_IFDIR } ?? false
    }

    /// `access(2)` with `mode` (`R_OK`, `W_OK`) on the OS bytes of a path (`canRead()`, `canWrite()`).
    public static func access(osPath: [UInt8], _ mode: Int32) -> Bool {
        !osPath.isEmpty && withCString(osPath: osPath) { Glibc.access($0, mode) } == 0
    }

    /// `lastModified()` on the OS bytes of a path.
    public static func lastModified(osPath: [UInt8]) -> Int64 {
        guard let st = status(osPath: osPath) else { return 0 }
        return Int64(st.st_mtim.tv_sec) * 1000 + Int64(st.st_mtim.tv_nsec) / 1_000_000
    }

    /// `UnixFileSystem.normalize`: collapse `//` and drop a trailing `/` (but keep `/` itself).
    public static func normalize(_ path: String) -> String {
        String(decoding: normalize(bytes: Array(path.utf8)), as: UTF8.self)
    }

    /// ``normalize(_:)`` on the path's bytes (any bytes; `/` is the only one that matters).
    public static func normalize(bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            if b == UInt8(ascii: "/") && out.last == UInt8(ascii: "/") { continue }
            out.append(b)
        }
        if out.count > 1 && out.last == UInt8(ascii: "/") { out.removeLast() }
        return out
    }

    /// `new File(new File(parent), child).getPath()` for a simple child name.
    public static func child(_ parent: String, _ name: String) -> String {
        let p = normalize(parent)
        if p.isEmpty { return "/" + name }
        if p == "/" { return "/" + name }
        return p + "/" + name
    }

    /// `getName()`: the part after the last `/` of the normalised path.
    public static func name(_ path: String) -> String {
        let p = normalize(path)
        guard let slash = p.utf8.lastIndex(of: UInt8(ascii: "/")) else { return p }
        return String(p[p.utf8.index(after: slash)...])
    }

    /// `getAbsolutePath()`: the normalised path if absolute, else `<cwd>/<path>` (just `<cwd>`
    /// for an empty path). Nothing is resolved.
    public static func absolutePath(_ path: String, cwd: String) -> String {
        let p = normalize(path)
        if p.utf8.first == UInt8(ascii: "/") { return p }
        if p.isEmpty { return cwd }
        if cwd == "/" { return "/" + p }
        return cwd + "/" + p
    }

    /// The process's working directory (Java's `user.dir`), or nil if it cannot be read.
    public static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `exists()`: `stat` succeeds (symbolic links are followed). The empty path never exists.
    public static func exists(_ path: String) -> Bool { exists(osPath: osPath(path)) }

    /// `isDirectory()`: `stat` succeeds and the target is a directory.
    public static func isDirectory(_ path: String) -> Bool { isDirectory(osPath: osPath(path)) }

    /// `canWrite()`: `access(path, W_OK)`.
    public static func canWrite(_ path: String) -> Bool { access(osPath: osPath(path), W_OK) }

    /// `mkdirs()`: creates the directory and any missing parents (mode 0777 before the umask).
    /// Returns false if it already existed or could not be created, as Java does.
    public static func mkdirs(_ path: String) -> Bool {
        let p = normalize(path)
        guard !p.isEmpty, !exists(p) else { return false }
        if withCString(osPath: osPath(p), { mkdir($0, 0o777) }) == 0 { return true }
        let parentEnd = p.utf8.lastIndex(of: UInt8(ascii: "/"))
        guard let parentEnd, parentEnd != p.utf8.startIndex else { return false }
        let parent = String(p[..<parentEnd])
        guard mkdirs(parent) || exists(parent) else { return false }
        return withCString(osPath: osPath(p)) { mkdir($0, 0o777) } == 0
    }

    /// `lastModified()`: the modification time in milliseconds since the epoch (`st_mtim`,
    /// truncated to milliseconds), or 0 when the file cannot be `stat`ed.
    public static func lastModified(_ path: String) -> Int64 { lastModified(osPath: osPath(path)) }

    /// `length()`: the size in bytes, or 0 when the file cannot be `stat`ed.
    public static func length(_ path: String) -> Int64 {
        guard let st = status(osPath: osPath(path)) else { return 0 }
        return Int64(st.st_size)
    }

    /// `delete()`: C `remove`, so a file or an **empty** directory. Returns false on failure,
    /// with the `errno` in the second element.
    public static func delete(_ path: String) -> (deleted: Bool, errno: Int32) {
        if withCString(osPath: osPath(path), { remove($0) }) == 0 { return (true, 0) }
        return (false, errno)
    }

    /// `list()`: the names in a directory in `readdir` order, without `.` and `..`; nil when
    /// the path is not a readable directory (Java's `listFiles()` returns null then).
    ///
    /// Names are decoded as Java decodes file names under a UTF-8 locale (malformed bytes
    /// become U+FFFD by Java's rules); names are ASCII in a data directory. Java then cannot
    /// reach such a file through its name (stat and delete fail), and neither can a caller of
    /// this API: that is Java's behaviour.
    public static func list(_ path: String) -> [String]? {
        let p = normalize(path)
        guard !p.isEmpty, let dir = withCString(osPath: osPath(p), { opendir($0) }) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else { break }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let bytes = raw.prefix { $0 != 0 }
                return JavaUTF8.decode(UnsafeRawBufferPointer(rebasing: bytes))
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return names
    }
}

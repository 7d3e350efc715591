internal import Glibc

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
/// The file operations use the path string exactly as Java does (its UTF-8 encoding), and
/// report failure the way Java's boolean-returning methods do.
public enum JavaFileSystem {
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
    public static func exists(_ path: String) -> Bool {
        let p = normalize(path)
        guard !p.isEmpty else { return false }
        var st = stat()
        return stat(p, &st) == 0
    }

    /// `isDirectory()`: `stat` succeeds and the target is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        let p = normalize(path)
        guard !p.isEmpty else { return false }
        var st = stat()
        return stat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// `canWrite()`: `access(path, W_OK)`.
    public static func canWrite(_ path: String) -> Bool {
        let p = normalize(path)
        guard !p.isEmpty else { return false }
        return access(p, W_OK) == 0
    }

    /// `mkdirs()`: creates the directory and any missing parents (mode 0777 before the umask).
    /// Returns false if it already existed or could not be created, as Java does.
    public static func mkdirs(_ path: String) -> Bool {
        let p = normalize(path)
        guard !p.isEmpty, !exists(p) else { return false }
        if mkdir(p, 0o777) == 0 { return true }
        let parentEnd = p.utf8.lastIndex(of: UInt8(ascii: "/"))
        guard let parentEnd, parentEnd != p.utf8.startIndex else { return false }
        let parent = String(p[..<parentEnd])
        guard mkdirs(parent) || exists(parent) else { return false }
        return mkdir(p, 0o777) == 0
    }

    /// `lastModified()`: the modification time in milliseconds since the epoch (`st_mtim`,
    /// truncated to milliseconds), or 0 when the file cannot be `stat`ed.
    public static func lastModified(_ path: String) -> Int64 {
        var st = stat()
        guard stat(normalize(path), &st) == 0 else { return 0 }
        return Int64(st.st_mtim.tv_sec) * 1000 + Int64(st.st_mtim.tv_nsec) / 1_000_000
    }

    /// `length()`: the size in bytes, or 0 when the file cannot be `stat`ed.
    public static func length(_ path: String) -> Int64 {
        var st = stat()
        guard stat(normalize(path), &st) == 0 else { return 0 }
        return Int64(st.st_size)
    }

    /// `delete()`: C `remove`, so a file or an **empty** directory. Returns false on failure,
    /// with the `errno` in the second element.
    public static func delete(_ path: String) -> (deleted: Bool, errno: Int32) {
        if remove(normalize(path)) == 0 { return (true, 0) }
        return (false, errno)
    }

    /// `list()`: the names in a directory in `readdir` order, without `.` and `..`; nil when
    /// the path is not a readable directory (Java's `listFiles()` returns null then).
    ///
    /// Names are decoded as Java decodes file names under a UTF-8 locale (malformed bytes
    /// become U+FFFD by Java's rules). Java then cannot reach such a file through its name
    /// (stat and delete fail), and neither can a caller of this API: that is Java's behaviour.
    public static func list(_ path: String) -> [String]? {
        let p = normalize(path)
        guard !p.isEmpty, let dir = opendir(p) else { return nil }
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

internal import Glibc
internal import ZKStorage

/// The parts of `java.io.File` the tool's messages and checks depend on.
///
/// The path text is normalised as Java does (runs of `/` collapse, a trailing `/` is dropped;
/// `.` and `..` stay), and that text is what every message prints.
struct JavaFile {
    /// `File.toString()`.
    let path: String

    init(_ given: String) {
        path = JavaFile.normalize(given)
    }

    /// `new File(parent, child)`.
    init(parent: JavaFile?, child: String) {
        guard let parent else {
            self.init(child)
            return
        }
        self.init(parent.path == "/" ? "/" + child : parent.path + "/" + child)
    }

    /// `UnixFileSystem.normalize`.
    static func normalize(_ s: String) -> String { JavaFileSystem.normalize(s) }

    /// `File.getName()`: the text after the last `/`.
    var name: String {
        guard let slash = path.utf8.lastIndex(of: 0x2F) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    /// `File.getParentFile()`: nil for a name without `/`.
    var parent: JavaFile? {
        guard let slash = path.utf8.lastIndex(of: 0x2F) else { return nil }
        if slash == path.utf8.startIndex {
            return path.utf8.count > 1 ? JavaFile("/") : nil
        }
        return JavaFile(String(path[..<slash]))
    }

    /// `File.exists()` (follows symbolic links; "" does not exist).
    var exists: Bool {
        guard !path.isEmpty else { return false }
        var st = stat()
        return stat(path, &st) == 0
    }

    var isDirectory: Bool {
        var st = stat()
        return !path.isEmpty && stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// `File.canRead()`.
    var canRead: Bool { !path.isEmpty && access(path, R_OK) == 0 }

    var canWrite: Bool { !path.isEmpty && access(path, W_OK) == 0 }

    /// The reason text Java puts in a `FileNotFoundException` (`<path> (<reason>)`).
    static func reason(errno e: Int32) -> String {
        strerror(e).map { String(cString: $0) } ?? "errno \(e)"
    }
}

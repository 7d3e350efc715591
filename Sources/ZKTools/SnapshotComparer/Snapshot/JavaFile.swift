internal import ZKStorage

/// `java.io.File` as the comparer uses it: the path string normalised by `UnixFileSystem`
/// (runs of `/` collapse, a trailing `/` goes; `.` and `..` stay) and `getName()`.
struct JavaFile {
    /// `getPath()`, a Java string in UTF-8 form.
    let path: [UInt8]
    /// The path as given (for messages).
    let argument: [UInt8]

    init(_ pathname: [UInt8]) {
        argument = pathname
        path = JavaFileSystem.normalize(bytes: pathname)
    }

    /// `getName()`: what follows the last `/`.
    var name: [UInt8] {
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return Array(path[(slash + 1)...])
    }
}

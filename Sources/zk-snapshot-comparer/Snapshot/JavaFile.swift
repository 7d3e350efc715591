/// `java.io.File` as the comparer uses it: the path string normalised by `UnixFileSystem`
/// (runs of `/` collapse, a trailing `/` goes; `.` and `..` stay) and `getName()`.
struct JavaFile {
    /// `getPath()`, a Java string in UTF-8 form.
    let path: [UInt8]
    /// The path as given (for messages).
    let argument: [UInt8]

    init(_ pathname: [UInt8]) {
        argument = pathname
        var out: [UInt8] = []
        out.reserveCapacity(pathname.count)
        for b in pathname {
            if b == UInt8(ascii: "/") && out.last == UInt8(ascii: "/") { continue }
            out.append(b)
        }
        if out.count > 1 && out.last == UInt8(ascii: "/") { out.removeLast() }
        path = out
    }

    /// `getName()`: what follows the last `/`.
    var name: [UInt8] {
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return Array(path[(slash + 1)...])
    }
}

internal import Glibc
public import ZKStorage

/// `java.io.File` as the tools use it: the path string Java holds, and the bytes the OS sees.
///
/// Java decodes a command-line argument with the platform charset (`sun.jnu.encoding`) into a
/// string, normalises it (`UnixFileSystem.normalize`: runs of `/` collapse, a trailing `/` is
/// dropped; `.` and `..` stay), prints that string in messages, and encodes it with the same
/// charset whenever it asks the OS about the file. So under `en_US.ISO-8859-1` the argument
/// `snap\xE9.1c` is the string `snapé.1c` and the OS is asked for `snap\xE9.1c` again; under
/// UTF-8 a malformed argument becomes U+FFFD and names no file, as in Java.
public struct JavaFile: Sendable {
    /// `getPath()`: the normalised Java string.
    public let path: String
    /// The bytes the OS sees for ``path``.
    public let bytes: [UInt8]
    /// The charset that turned the argument into ``path`` and ``path`` into ``bytes``.
    public let charset: JavaPlatformCharset
    /// The pathname as given, not normalised (what the tools' own messages name).
    public let given: String

    /// `new File(pathname)`.
    public init(_ pathname: String, charset: JavaPlatformCharset) {
        given = pathname
        path = JavaFileSystem.normalize(pathname)
        bytes = charset.encodeFileName(path)
        self.charset = charset
    }

    /// `new File(args[i])`: the raw argument as the JVM decodes it.
    public init(argument: [UInt8], charset: JavaPlatformCharset) {
        self.init(charset.decodeArgument(argument), charset: charset)
    }

    /// `new File(parent, child)`.
    public init(parent: JavaFile?, child: String, charset: JavaPlatformCharset) {
        guard let parent else {
            self.init(child, charset: charset)
            return
        }
        self.init(parent.path == "/" ? "/" + child : parent.path + "/" + child, charset: charset)
    }

    /// `getName()`: the text after the last `/`.
    public var name: String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    /// `getParentFile()`: nil for a name without `/`.
    public var parent: JavaFile? {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        if slash == path.utf8.startIndex {
            return path.utf8.count > 1 ? JavaFile("/", charset: charset) : nil
        }
        return JavaFile(String(path[..<slash]), charset: charset)
    }

    /// `getAbsolutePath()`: the path itself if absolute, else `user.dir + "/" + path`
    /// (`user.dir` alone for an empty path). Not canonicalised.
    public var absolutePath: String {
        JavaFileSystem.absolutePath(path, cwd: JavaFileSystem.currentDirectory() ?? "")
    }

    /// `exists()` (follows symbolic links; "" does not exist).
    public var exists: Bool { JavaFileSystem.exists(osPath: bytes) }

    /// `isDirectory()`.
    public var isDirectory: Bool { JavaFileSystem.isDirectory(osPath: bytes) }

    /// `canRead()`.
    public var canRead: Bool { JavaFileSystem.access(osPath: bytes, R_OK) }

    /// `canWrite()`.
    public var canWrite: Bool { JavaFileSystem.access(osPath: bytes, W_OK) }

    /// Maps the file (`new FileInputStream(file)` read whole); errors name ``path``.
    public func map() throws(ZKStorageError) -> MappedFile {
        try MappedFile(pathBytes: bytes, name: path)
    }

    /// The reason text Java puts in a `FileNotFoundException` (`<path> (<reason>)`): `strerror`.
    public static func reason(errno e: Int32) -> String {
        strerror(e).map { String(cString: $0) } ?? "errno \(e)"
    }
}

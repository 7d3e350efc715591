internal import Glibc
internal import ZKStorage
internal import ZKToolSupport

/// `SnapshotFormatter.main`'s argument loop: `-d` and `-json` (exact, repeatable) until the
/// first other token, which is the file; anything after the file, or no file, is a usage error.
struct Invocation {
    var dumpData = false
    var dumpJSON = false
    /// The file argument as given (raw bytes).
    var file: [UInt8]

    static let usage = [
        "USAGE: SnapshotFormatter [-d|-json] snapshot_file",
        "       -d dump the data for each znode",
        "       -json dump znode info in json format",
    ]

    /// nil for a usage error.
    init?(arguments: [[UInt8]]) {
        var file: [UInt8]?
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            if a == Array("-d".utf8) {
                dumpData = true
            } else if a == Array("-json".utf8) {
                dumpJSON = true
            } else {
                file = a
                break
            }
        }
        guard let file, i == arguments.count else { return nil }
        self.file = file
    }

    /// The process arguments as raw bytes (no UTF-8 repair).
    static func rawArguments() -> [[UInt8]] {
        let argc = Int(CommandLine.argc)
        var result: [[UInt8]] = []
        for k in 1..<max(argc, 1) {
            guard let p = CommandLine.unsafeArgv[k] else { continue }
            result.append(Array(UnsafeRawBufferPointer(start: p, count: strlen(p))))
        }
        return result
    }
}

/// `java.io.File` as the tool uses it: the path string Java builds from the argument.
struct SnapshotFileArgument {
    /// The normalised path (runs of `/` collapsed, no trailing `/`), in the bytes Java passes
    /// to the OS: the argument decoded with the platform charset and encoded back.
    let path: [UInt8]

    init(argument: [UInt8], charset: JavaPlatformCharset) {
        path = JavaFileSystem.normalize(bytes: charset.encode(charset.decodeArgument(argument)))
    }

    var pathString: String { String(decoding: path, as: UTF8.self) }

    /// `getName()`: the text after the last `/`.
    var name: [UInt8] {
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return Array(path[(slash + 1)...])
    }

    /// `getAbsolutePath()`: the path itself if absolute, else `user.dir + "/" + path`
    /// (`user.dir` alone for an empty path). Not canonicalised.
    var absolutePath: [UInt8] {
        if path.first == UInt8(ascii: "/") { return path }
        var cwd = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&cwd, cwd.count) != nil else { return path }
        var result = cwd.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        if !path.isEmpty {
            if result.last != UInt8(ascii: "/") { result.append(UInt8(ascii: "/")) }
            result.append(contentsOf: path)
        }
        return result
    }

    /// `ZKUtil.validateFileInput`: the error text, or nil when the file can be read.
    func validationError() -> [UInt8]? {
        let absolute = absolutePath
        var st = stat()
        let found = !path.isEmpty && withCString { stat($0, &st) } == 0
        if !found {
            return Array("File '".utf8) + absolute + Array("' does not exist.".utf8)
        }
        if withCString({ access($0, R_OK) }) != 0 {
            return Array("Read permission is denied on the file '".utf8) + absolute + Array("'".utf8)
        }
        if st.st_mode & S_IFMT == S_IFDIR {
            return Array("'".utf8) + absolute + Array("' is a directory. it must be a file.".utf8)
        }
        return nil
    }

    private func withCString<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
        (path.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return body("") }
            return body(base)
        }
    }

    /// `Util.getZxidFromName(getName(), "snapshot")`: the name split at `.` (trailing empty parts
    /// dropped) must have at least two parts, the first `snapshot`; the second is parsed with
    /// `Long.parseLong(part, 16)`. -1 otherwise.
    var fileNameZxid: Int64 {
        var parts = String(decoding: name, as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
        while let last = parts.last, last.isEmpty { parts.removeLast() }
        guard parts.count >= 2, parts[0] == "snapshot" else { return -1 }
        return JavaNumber.parseLong(String(parts[1]), radix: 16) ?? -1
    }
}

import ZKStorage

#if canImport(Glibc)
import Glibc
#endif

/// Locates the repository's `Fixtures/` folder from this source file's path, so tests read the
/// committed data in place (no resource copying).
public enum FixturePaths {
    /// The repository root.
    public static let root: String = {
        var path = #filePath
        // Tests/TestSupport/Fixtures.swift -> repository root
        for _ in 0..<3 {
            if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
        }
        return path
    }()

    public static var fixtures: String { root + "/Fixtures" }

    /// Every regular file below `Fixtures/<relativeDir>` whose name passes `filter`, sorted.
    public static func files(under relativeDir: String, where filter: (String) -> Bool) -> [String] {
        var result: [String] = []
        walk(fixtures + "/" + relativeDir) { path in
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if filter(name) { result.append(path) }
        }
        return result.sorted()
    }

    /// Txn logs written by the real server (`Fixtures/zk-3.8.0/**/log.*`).
    public static var serverLogs: [String] {
        files(under: "zk-3.8.0") { $0.hasPrefix("log.") }
    }

    /// Snapshots written by the real server, all codecs (`Fixtures/zk-3.8.0/**/snapshot.*`).
    public static var serverSnapshots: [String] {
        files(under: "zk-3.8.0") { $0.hasPrefix("snapshot.") }
    }

    static func walk(_ dir: String, _ visit: (String) -> Void) {
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        var entries: [(String, Bool)] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            entries.append((name, e.pointee.d_type == DT_DIR))
        }
        for (name, isDir) in entries {
            let path = dir + "/" + name
            if isDir { walk(path, visit) } else { visit(path) }
        }
    }

    /// The file's bytes.
    public static func read(_ path: String) throws -> [UInt8] {
        let file = try MappedFile(path: path)
        return withExtendedLifetime(file) { Array(file.bytes) }
    }

    /// The path relative to the repository root (for messages).
    public static func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}

/// A fresh temporary directory, removed by `remove()`.
public struct TemporaryDirectory {
    public let path: String

    public init() {
        var template = Array("/tmp/zk-tests-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = p.map { String(cString: $0) } ?? "/tmp"
    }

    public func remove() {
        FixturePaths.walk(path) { unlink($0) }
        rmdir(path)
    }
}

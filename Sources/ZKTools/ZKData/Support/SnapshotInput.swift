internal import ZKStorage
internal import ZKToolSupport

/// A verb's snapshot argument: one snapshot file (any codec), or a data directory whose snapshot
/// the server would load.
///
/// For a directory the candidates are ZooKeeper's own (`FileSnap.deserialize`): the newest 100
/// snapshots that pass `SnapStream.isValidSnapshot`, newest first; the server loads the first one
/// that reads completely with verified seals, and so does ``read(_:)``.
struct SnapshotInput {
    /// The snapshot files to try, in order.
    var candidates: [String]
    /// True when the argument was a directory (a candidate that fails is skipped, as the server
    /// skips it).
    var isDirectory: Bool

    /// `FileSnap.deserialize` looks at up to this many valid snapshots.
    static let serverCandidateLimit = 100

    /// `argument` nil means the directory of `--config` (or the current directory).
    init(argument: String?, dataDir: DataDirOptions) throws(ZKDataError) {
        if let argument, !JavaFileSystem.isDirectory(argument) {
            candidates = [argument]
            isDirectory = false
        } else {
            let contents = try dataDir.contents(dir: argument)
            let paths = Dictionary(contents.snapshots.map { ($0.name, $0.path) }, uniquingKeysWith: { a, _ in a })
            let names = SnapshotValidity.findNValidSnapshots(
                contents.snapshots.map(\.name),
                count: Self.serverCandidateLimit,
                isValid: { SnapshotValidity.isValidSnapshot(path: paths[$0] ?? $0) }
            )
            guard !names.isEmpty else {
                throw ZKDataError("\(contents.snapDirectory): no valid snapshot (snapshot.* with a complete ending)")
            }
            candidates = names.compactMap { paths[$0] }
            isDirectory = true
        }
    }

    /// Runs `body` on the first candidate it completes on. For a directory, a candidate that
    /// throws a storage error is reported on stderr (`verb: warning: skipping …`) and the next is
    /// tried; the last error is thrown when none completes.
    func read<Result>(verb: String, _ body: (String) throws -> Result) throws -> Result {
        var lastError: (any Error)?
        for path in candidates {
            do {
                return try body(path)
            } catch let error as ZKStorageError where isDirectory {
                Console.errorLine(
                    "zkdata \(verb): warning: skipping \(path): \(ToolError.escapingControls(error.description))"
                )
                lastError = error
            }
        }
        throw lastError ?? ZKDataError("no snapshot to read")
    }
}

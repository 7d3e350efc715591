/// The `version-2` convention (`FileTxnSnapLog`): the configured `dataDir` and `dataLogDir`
/// are parents; the files live in `<dir>/version-2`.
///
/// ```
/// <dataLogDir>/version-2/log.<hex>                  txn logs
/// <dataDir>/version-2/snapshot.<hex>[.gz|.snappy]   snapshots, epoch files
/// ```
public struct DataDirLayout: Sendable, Equatable {
    /// The name of the directory that holds the files: `"version-" + FileTxnSnapLog.VERSION`.
    public static let versionDirectoryName = "version-2"

    /// The `version-2` directory of the txn logs, as Java's `File.getPath()` prints it
    /// (for example `./D/version-2` for the argument `./D/`).
    public let logDirectory: String
    /// The `version-2` directory of the snapshots, printed the same way.
    public let snapDirectory: String

    /// The layout for the configured parents (the same path twice for a single directory).
    public init(dataLogDir: String, snapDir: String) {
        logDirectory = JavaFileSystem.child(dataLogDir, Self.versionDirectoryName)
        snapDirectory = JavaFileSystem.child(snapDir, Self.versionDirectoryName)
    }

    /// True when the two `version-2` paths are equal **as strings**. ZooKeeper compares
    /// `getPath()`, so `A` and `A/` are the same directory but `A` and `./A` are not.
    public var isSingleDirectory: Bool { logDirectory.utf8.elementsEqual(snapDirectory.utf8) }

    /// Java's `getPath()` of a file in the log directory.
    public func logFilePath(_ name: String) -> String { logDirectory + "/" + name }

    /// Java's `getPath()` of a file in the snapshot directory.
    public func snapFilePath(_ name: String) -> String { snapDirectory + "/" + name }

    /// Why ``prepare(autocreate:)`` refused the directories, in the order the checks run.
    /// Each case corresponds to one exception of `FileTxnSnapLog`'s constructor.
    public enum Problem: Error, Equatable, Sendable {
        /// `version-2` is missing and autocreation is off (`zookeeper.datadir.autocreate=false`).
        case missing(Role, path: String)
        /// `version-2` is missing and `mkdirs` failed (for example, the parent is a file).
        case unableToCreate(Role, path: String)
        /// `access(W_OK)` failed.
        case cannotWrite(Role, path: String)
        /// The directories differ and the log directory holds a `snapshot.*` file.
        case logDirectoryHasSnapshots
        /// The directories differ and the snapshot directory holds a `log.*` file.
        case snapDirectoryHasLogs
    }

    /// Which of the two directories a ``Problem`` concerns (Java says "data" for the log one).
    public enum Role: Sendable, Equatable {
        case log
        case snap
    }

    /// `new FileTxnSnapLog(dataLogDir, snapDir)`'s checks: create each missing `version-2`
    /// (log first), check both are writable, and, when they differ as strings, that neither
    /// holds the other's files (ZOOKEEPER-2967). Creates directories; deletes nothing.
    ///
    /// With `create: false` nothing is created: a missing `version-2` whose parent is a
    /// writable directory passes (it would be created), otherwise it is `.unableToCreate`.
    public func prepare(autocreate: Bool = true, create: Bool = true) -> Problem? {
        for (role, path) in [(Role.log, logDirectory), (Role.snap, snapDirectory)] {
            if !JavaFileSystem.exists(path) {
                if !autocreate { return .missing(role, path: path) }
                if !create {
                    let trimmed = String(path.dropLast(Self.versionDirectoryName.count + 1))
                    let parent = trimmed.isEmpty ? "/" : trimmed
                    let parentOK = JavaFileSystem.isDirectory(parent) && JavaFileSystem.canWrite(parent)
                    if !parentOK { return .unableToCreate(role, path: path) }
                    continue
                }
                if !JavaFileSystem.mkdirs(path) && !JavaFileSystem.exists(path) {
                    return .unableToCreate(role, path: path)
                }
            }
            if !JavaFileSystem.canWrite(path) { return .cannotWrite(role, path: path) }
        }
        if !isSingleDirectory {
            if (JavaFileSystem.list(logDirectory) ?? []).contains(where: DataFileName.isSnapshotFileName) {
                return .logDirectoryHasSnapshots
            }
            if (JavaFileSystem.list(snapDirectory) ?? []).contains(where: DataFileName.isLogFileName) {
                return .snapDirectoryHasLogs
            }
        }
        return nil
    }
}

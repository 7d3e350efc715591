/// The ZooKeeper files of a `version-2` directory pair, sorted by the zxid in their names, as
/// the server sees them (`FileTxnLog.getLogFiles`, `FileSnap.findNValidSnapshots`): what
/// `zkdata`'s verbs start from. Reads only directory listings.
public struct DataDirContents: Sendable, Equatable {
    /// A `log.<hex>` or `snapshot.<hex>[.gz|.snappy]` file.
    public struct File: Sendable, Equatable {
        /// The file's path (directory + "/" + name).
        public var path: String
        /// The file's name.
        public var name: String
        /// The zxid in the name.
        public var zxid: Int64
        /// The codec the name implies (snapshots only; `.plain` for logs).
        public var codec: SnapshotCodec
    }

    /// The `version-2` directory of the snapshots (and epoch files).
    public var snapDirectory: String
    /// The `version-2` directory of the txn logs (the same as ``snapDirectory`` unless the
    /// server has a separate `dataLogDir`).
    public var logDirectory: String
    /// Txn logs, oldest first.
    public var logs: [File]
    /// Snapshots, oldest first (`.tmp` and unparsable names excluded).
    public var snapshots: [File]
    /// Names in either directory that start with `log.`/`snapshot.` but whose zxid does not
    /// parse (the server ignores or mis-sorts them).
    public var unparsable: [String]

    /// Lists both directories. Nil when either cannot be listed.
    public init?(snapDirectory: String, logDirectory: String) {
        guard let snapNames = JavaFileSystem.list(snapDirectory),
            let logNames = logDirectory == snapDirectory ? snapNames : JavaFileSystem.list(logDirectory)
        else { return nil }
        self.snapDirectory = snapDirectory
        self.logDirectory = logDirectory
        var logs: [File] = []
        var snapshots: [File] = []
        var unparsable: [String] = []
        for name in logNames where DataFileName.isLogFileName(name) {
            if let zxid = DataFileName.parsedZxid(name, prefix: DataFileName.logPrefix) {
                logs.append(File(path: logDirectory + "/" + name, name: name, zxid: zxid, codec: .plain))
            } else {
                unparsable.append(name)
            }
        }
        for name in snapNames where DataFileName.isSnapshotFileName(name) && !name.hasSuffix(".tmp") {
            if let zxid = DataFileName.parsedZxid(name, prefix: DataFileName.snapshotPrefix) {
                let codec = SnapshotCodec(fileName: name)
                snapshots.append(File(path: snapDirectory + "/" + name, name: name, zxid: zxid, codec: codec))
            } else {
                unparsable.append(name)
            }
        }
        self.logs = logs.sorted { ($0.zxid, $0.name) < ($1.zxid, $1.name) }
        self.snapshots = snapshots.sorted { ($0.zxid, $0.name) < ($1.zxid, $1.name) }
        self.unparsable = unparsable.sorted()
    }
}

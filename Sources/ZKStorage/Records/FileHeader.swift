/// `FileHeader` (module org.apache.zookeeper.server.persistence): the first 16 bytes of every
/// txn log and (uncompressed) snapshot.
///
///     offset 0  int32 magic    "ZKLG" 0x5A4B4C47 (txn log) or "ZKSN" 0x5A4B534E (snapshot)
///     offset 4  int32 version  2
///     offset 8  int64 dbid     0 (txn log) or -1 (snapshot)
public struct FileHeader: JuteRecord, Hashable {
    public static let byteCount = 16
    public static let txnLogMagic: Int32 = 0x5A4B_4C47
    public static let snapshotMagic: Int32 = 0x5A4B_534E

    public var magic: Int32
    public var version: Int32
    public var dbid: Int64

    public init(magic: Int32, version: Int32 = 2, dbid: Int64) {
        self.magic = magic
        self.version = version
        self.dbid = dbid
    }

    /// The header ZooKeeper writes on a new txn log.
    public static let txnLog = FileHeader(magic: txnLogMagic, dbid: 0)
    /// The header ZooKeeper writes on a snapshot.
    public static let snapshot = FileHeader(magic: snapshotMagic, dbid: -1)

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        magic = try d.readInt("FileHeader.magic")
        version = try d.readInt("FileHeader.version")
        dbid = try d.readLong("FileHeader.dbid")
    }

    public func encode(to w: inout ByteWriter) {
        w.writeInt32(magic)
        w.writeInt32(version)
        w.writeInt64(dbid)
    }
}

/// `TxnHeader`: the first 32 bytes of every txn payload.
///
///     offset  0  int64 clientId   session id
///     offset  8  int32 cxid       client's request id
///     offset 12  int64 zxid
///     offset 20  int64 time       wall-clock ms since the epoch
///     offset 28  int32 type       an ``OpCode``
public struct TxnHeader: JuteRecord, Hashable {
    public static let byteCount = 32

    public var clientId: Int64
    public var cxid: Int32
    public var zxid: Int64
    public var time: Int64
    public var type: Int32

    public init(clientId: Int64, cxid: Int32, zxid: Int64, time: Int64, type: Int32) {
        self.clientId = clientId
        self.cxid = cxid
        self.zxid = zxid
        self.time = time
        self.type = type
    }

    @inlinable
    public init?(cursor c: inout ByteCursor) {
        guard c.remaining >= Self.byteCount, let clientId = c.readInt64(), let cxid = c.readInt32(),
            let zxid = c.readInt64(), let time = c.readInt64(), let type = c.readInt32()
        else { return nil }
        self.init(clientId: clientId, cxid: cxid, zxid: zxid, time: time, type: type)
    }

    /// Reads the header field by field, so that a short payload fails where Java's does.
    @inlinable
    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        if let h = TxnHeader(cursor: &d.cursor) {
            self = h
            return
        }
        let start = d.cursor.position
        do throws(ZKStorageError) {
            _ = try d.readLong("TxnHeader.clientId")
            _ = try d.readInt("TxnHeader.cxid")
            _ = try d.readLong("TxnHeader.zxid")
            _ = try d.readLong("TxnHeader.time")
            _ = try d.readInt("TxnHeader.type")
        } catch {
            d.cursor.position = start
            throw error
        }
        // Unreachable: a payload with 32 bytes left reads through the fast path.
        d.cursor.position = start
        throw d.eof("TxnHeader")
    }

    public func encode(to w: inout ByteWriter) {
        w.writeInt64(clientId)
        w.writeInt32(cxid)
        w.writeInt64(zxid)
        w.writeInt64(time)
        w.writeInt32(type)
    }
}

/// `TxnDigest`: the data-tree digest after a txn, appended to its payload since 3.6.0.
///
///     int32 version (2) | int64 treeDigest
public struct TxnDigest: JuteRecord, Hashable {
    public static let byteCount = 12

    public var version: Int32
    public var treeDigest: Int64

    public init(version: Int32 = 2, treeDigest: Int64) {
        self.version = version
        self.treeDigest = treeDigest
    }

    @inlinable
    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        let start = d.cursor.position
        do throws(ZKStorageError) {
            version = try d.readInt("TxnDigest.version")
            treeDigest = try d.readLong("TxnDigest.treeDigest")
        } catch {
            d.cursor.position = start
            throw error
        }
    }

    public func encode(to w: inout ByteWriter) {
        w.writeInt32(version)
        w.writeInt64(treeDigest)
    }
}

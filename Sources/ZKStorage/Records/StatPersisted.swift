/// `StatPersisted`: the stat stored with every znode in a snapshot. Fixed 60 bytes.
///
///     offset  0  int64 czxid           offset 32  int32 version
///     offset  8  int64 mzxid           offset 36  int32 cversion
///     offset 16  int64 ctime (ms)      offset 40  int32 aversion
///     offset 24  int64 mtime (ms)      offset 44  int64 ephemeralOwner
///                                      offset 52  int64 pzxid
public struct StatPersisted: BitwiseCopyable, JuteRecord, Hashable {
    public static let byteCount = 60

    public var czxid: Int64
    public var mzxid: Int64
    public var ctime: Int64
    public var mtime: Int64
    public var version: Int32
    public var cversion: Int32
    public var aversion: Int32
    public var ephemeralOwner: Int64
    public var pzxid: Int64

    public init(
        czxid: Int64 = 0,
        mzxid: Int64 = 0,
        ctime: Int64 = 0,
        mtime: Int64 = 0,
        version: Int32 = 0,
        cversion: Int32 = 0,
        aversion: Int32 = 0,
        ephemeralOwner: Int64 = 0,
        pzxid: Int64 = 0
    ) {
        self.czxid = czxid
        self.mzxid = mzxid
        self.ctime = ctime
        self.mtime = mtime
        self.version = version
        self.cversion = cversion
        self.aversion = aversion
        self.ephemeralOwner = ephemeralOwner
        self.pzxid = pzxid
    }

    /// Reads the 60 bytes behind one bounds check.
    @inlinable
    public init?(cursor c: inout ByteCursor) {
        guard c.remaining >= Self.byteCount, let czxid = c.readInt64(), let mzxid = c.readInt64(),
            let ctime = c.readInt64(), let mtime = c.readInt64(), let version = c.readInt32(),
            let cversion = c.readInt32(), let aversion = c.readInt32(), let owner = c.readInt64(),
            let pzxid = c.readInt64()
        else { return nil }
        self.init(
            czxid: czxid,
            mzxid: mzxid,
            ctime: ctime,
            mtime: mtime,
            version: version,
            cversion: cversion,
            aversion: aversion,
            ephemeralOwner: owner,
            pzxid: pzxid
        )
    }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        guard let s = StatPersisted(cursor: &d.cursor) else { throw d.eof("StatPersisted") }
        self = s
    }

    public func encode(to w: inout ByteWriter) {
        w.append(count: Self.byteCount) { p in
            var at = 0
            encode(into: p, at: &at)
        }
    }

    /// Writes the ``byteCount`` bytes at `p + at` and moves `at` past them (a record filled in
    /// one piece, ``ByteWriter/append(count:fill:)``).
    @inlinable @inline(__always)
    public func encode(into p: UnsafeMutableRawPointer, at: inout Int) {
        p.storeBigEndian(czxid, at: &at)
        p.storeBigEndian(mzxid, at: &at)
        p.storeBigEndian(ctime, at: &at)
        p.storeBigEndian(mtime, at: &at)
        p.storeBigEndian(version, at: &at)
        p.storeBigEndian(cversion, at: &at)
        p.storeBigEndian(aversion, at: &at)
        p.storeBigEndian(ephemeralOwner, at: &at)
        p.storeBigEndian(pzxid, at: &at)
    }
}

/// What `ephemeralOwner` says about a node (`server/EphemeralType.java`).
public enum EphemeralType: Sendable, Equatable {
    case persistent
    case container
    /// A TTL node (extended types); the TTL in milliseconds.
    case ttl(Int64)
    /// An ephemeral node owned by this session.
    case ephemeral(sessionId: Int64)

    public init(ephemeralOwner owner: Int64) {
        if owner == 0 {
            self = .persistent
        } else if owner == Int64.min {
            self = .container
        } else if UInt64(bitPattern: owner) >> 56 == 0xFF {
            self = .ttl(owner & 0x00FF_FFFF_FFFF_FFFF)
        } else {
            self = .ephemeral(sessionId: owner)
        }
    }
}

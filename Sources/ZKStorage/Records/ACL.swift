/// `Id` (zookeeper.jute, module org.apache.zookeeper.data): who an ACL applies to.
///
///     ustring scheme | ustring id
public struct Id: JuteRecord, Hashable {
    public var scheme: JuteString?
    public var id: JuteString?

    public init(scheme: JuteString?, id: JuteString?) {
        self.scheme = scheme
        self.id = id
    }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        scheme = try d.readString("Id.scheme")
        id = try d.readString("Id.id")
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(scheme)
        w.writeString(id)
    }
}

/// `ACL`: a permission mask for an `Id`.
///
///     int32 perms (READ=1 WRITE=2 CREATE=4 DELETE=8 ADMIN=16) | Id
public struct ACL: JuteRecord, Hashable {
    public var perms: Int32
    public var id: Id

    public init(perms: Int32, id: Id) {
        self.perms = perms
        self.id = id
    }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        perms = try d.readInt("ACL.perms")
        id = try Id(from: &d)
    }

    public func encode(to w: inout ByteWriter) {
        w.writeInt32(perms)
        id.encode(to: &w)
    }

    /// `ZooDefs.Ids.OPEN_ACL_UNSAFE`'s element: all permissions for world:anyone.
    public static let openUnsafe = ACL(perms: 31, id: Id(scheme: JuteString("world"), id: JuteString("anyone")))
}

/// `Id` (zookeeper.jute, module org.apache.zookeeper.data): who an ACL applies to.
///
///     ustring scheme | ustring id
public struct Id: JuteEncodable, Hashable {
    public var scheme: JuteString?
    public var id: JuteString?

    public init(scheme: JuteString?, id: JuteString?) {
        self.scheme = scheme
        self.id = id
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
        self.init(try d.readACL())
    }

    /// Copies a borrowed ACL.
    public init(_ view: ACLView) {
        self.init(perms: view.perms, id: Id(scheme: view.scheme.map(JuteString.init), id: view.id.map(JuteString.init)))
    }

    public func encode(to w: inout ByteWriter) {
        w.writeInt32(perms)
        id.encode(to: &w)
    }

    /// `ZooDefs.Ids.OPEN_ACL_UNSAFE`'s element: all permissions for world:anyone.
    public static let openUnsafe = ACL(perms: 31, id: Id(scheme: JuteString("world"), id: JuteString("anyone")))
}

/// An `ACL` borrowed from the bytes it was read from (valid as long as they are).
public struct ACLView {
    public var perms: Int32
    /// `Id.scheme` (nil for null).
    public var scheme: UnsafeRawBufferPointer?
    /// `Id.id` (nil for null).
    public var id: UnsafeRawBufferPointer?

    @inlinable
    public init(perms: Int32, scheme: UnsafeRawBufferPointer?, id: UnsafeRawBufferPointer?) {
        self.perms = perms
        self.scheme = scheme
        self.id = id
    }
}

/// A `vector<ACL>` as a view.
public typealias JuteACLList = JuteVector<ACLView>

extension ACLView: JuteVectorElement {
    @inlinable
    public static func read(from decoder: inout JuteDecoder) throws(ZKStorageError) -> ACLView {
        try decoder.readACL()
    }
}

extension JuteDecoder {
    /// Reads one `ACL` (`int32 perms | ustring scheme | ustring id`) as a view: the one reader of
    /// the ACL layout. On failure the cursor does not move.
    @inlinable
    public mutating func readACL() throws(ZKStorageError) -> ACLView {
        let start = cursor.position
        do throws(ZKStorageError) {
            let perms = try readInt("ACL.perms")
            let scheme = try readBufferView("Id.scheme")
            let id = try readBufferView("Id.id")
            return ACLView(perms: perms, scheme: scheme, id: id)
        } catch {
            cursor.position = start
            throw error
        }
    }
}

// The txn body records of zookeeper.jute (module org.apache.zookeeper.txn), each a plain
// concatenation of its fields in declaration order.

/// `CreateTxn` (create, create2), or `CreateTxnV0` when `parentCVersion` is absent.
///
///     ustring path | buffer data | vector<ACL> acl | bool ephemeral | int32 parentCVersion
///
/// `CreateTxnV0` (pre-3.3) lacks `parentCVersion`; readers convert it with `parentCVersion = -1`.
public struct CreateTxn: JuteEncodable, Hashable {
    public var path: JuteString?
    public var data: [UInt8]?
    public var acl: [ACL]?
    public var ephemeral: Bool
    public var parentCVersion: Int32
    /// True when this was read as (and will be written as) a `CreateTxnV0`.
    public var isV0: Bool

    public init(
        path: JuteString?,
        data: [UInt8]?,
        acl: [ACL]?,
        ephemeral: Bool,
        parentCVersion: Int32,
        isV0: Bool = false
    ) {
        self.path = path
        self.data = data
        self.acl = acl
        self.ephemeral = ephemeral
        self.parentCVersion = parentCVersion
        self.isV0 = isV0
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(path)
        w.writeBuffer(data)
        w.writeACLList(acl)
        w.writeBool(ephemeral)
        if !isV0 { w.writeInt32(parentCVersion) }
    }
}

/// `CreateContainerTxn`: `ustring path | buffer data | vector<ACL> acl | int32 parentCVersion`.
public struct CreateContainerTxn: JuteEncodable, Hashable {
    public var path: JuteString?
    public var data: [UInt8]?
    public var acl: [ACL]?
    public var parentCVersion: Int32

    public init(path: JuteString?, data: [UInt8]?, acl: [ACL]?, parentCVersion: Int32) {
        self.path = path
        self.data = data
        self.acl = acl
        self.parentCVersion = parentCVersion
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(path)
        w.writeBuffer(data)
        w.writeACLList(acl)
        w.writeInt32(parentCVersion)
    }
}

/// `CreateTTLTxn`: `ustring path | buffer data | vector<ACL> acl | int32 parentCVersion | int64 ttl`.
public struct CreateTTLTxn: JuteEncodable, Hashable {
    public var path: JuteString?
    public var data: [UInt8]?
    public var acl: [ACL]?
    public var parentCVersion: Int32
    public var ttl: Int64

    public init(path: JuteString?, data: [UInt8]?, acl: [ACL]?, parentCVersion: Int32, ttl: Int64) {
        self.path = path
        self.data = data
        self.acl = acl
        self.parentCVersion = parentCVersion
        self.ttl = ttl
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(path)
        w.writeBuffer(data)
        w.writeACLList(acl)
        w.writeInt32(parentCVersion)
        w.writeInt64(ttl)
    }
}

/// `DeleteTxn` (delete, deleteContainer): `ustring path`.
public struct DeleteTxn: JuteEncodable, Hashable {
    public var path: JuteString?

    public init(path: JuteString?) { self.path = path }

    public func encode(to w: inout ByteWriter) { w.writeString(path) }
}

/// `SetDataTxn` (setData, reconfig): `ustring path | buffer data | int32 version`.
public struct SetDataTxn: JuteEncodable, Hashable {
    public var path: JuteString?
    public var data: [UInt8]?
    public var version: Int32

    public init(path: JuteString?, data: [UInt8]?, version: Int32) {
        self.path = path
        self.data = data
        self.version = version
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(path)
        w.writeBuffer(data)
        w.writeInt32(version)
    }
}

/// `CheckVersionTxn` (only inside a multi): `ustring path | int32 version`.
public struct CheckVersionTxn: JuteEncodable, Hashable {
    public var path: JuteString?
    public var version: Int32

    public init(path: JuteString?, version: Int32) {
        self.path = path
        self.version = version
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(path)
        w.writeInt32(version)
    }
}

/// `SetACLTxn`: `ustring path | vector<ACL> acl | int32 version`.
public struct SetACLTxn: JuteEncodable, Hashable {
    public var path: JuteString?
    public var acl: [ACL]?
    public var version: Int32

    public init(path: JuteString?, acl: [ACL]?, version: Int32) {
        self.path = path
        self.acl = acl
        self.version = version
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(path)
        w.writeACLList(acl)
        w.writeInt32(version)
    }
}

/// `SetMaxChildrenTxn`: `ustring path | int32 max`. Defined by jute, never logged by any server.
public struct SetMaxChildrenTxn: JuteEncodable, Hashable {
    public var path: JuteString?
    public var max: Int32

    public init(path: JuteString?, max: Int32) {
        self.path = path
        self.max = max
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(path)
        w.writeInt32(max)
    }
}

/// `CreateSessionTxn`: `int32 timeOut` (ms).
public struct CreateSessionTxn: JuteEncodable, Hashable {
    public var timeOut: Int32

    public init(timeOut: Int32) { self.timeOut = timeOut }

    public func encode(to w: inout ByteWriter) { w.writeInt32(timeOut) }
}

/// `CloseSessionTxn` (since 3.6.0): `vector<ustring> paths2Delete`, the session's ephemerals.
public struct CloseSessionTxn: JuteEncodable, Hashable {
    public var paths2Delete: [JuteString?]?

    public init(paths2Delete: [JuteString?]?) { self.paths2Delete = paths2Delete }

    public func encode(to w: inout ByteWriter) {
        w.writeVectorCount(paths2Delete?.count)
        for p in paths2Delete ?? [] { w.writeString(p) }
    }
}

/// `ErrorTxn`: `int32 err`, a KeeperException code (e.g. -110 NODEEXISTS).
public struct ErrorTxn: JuteEncodable, Hashable {
    public var err: Int32

    public init(err: Int32) { self.err = err }

    public func encode(to w: inout ByteWriter) { w.writeInt32(err) }
}

/// `Txn`, one operation inside a `MultiTxn`: `int32 type | buffer data` (the serialized sub-record).
public struct SubTxn: JuteEncodable, Hashable {
    public var type: Int32
    public var data: [UInt8]?

    public init(type: Int32, data: [UInt8]?) {
        self.type = type
        self.data = data
    }

    public func encode(to w: inout ByteWriter) {
        w.writeInt32(type)
        w.writeBuffer(data)
    }

    /// Decodes `data` as the record this sub-txn type carries inside a multi
    /// (``TxnRecordType/inMulti(_:)``).
    ///
    /// - Throws: `.unsupportedTxnType` for a type a multi cannot hold, `.truncated` when the
    ///   record ends early.
    public func decodeRecord(limits: JuteLimits = .default) throws(ZKStorageError) -> TxnBody {
        var builder = TxnBodyBuilder()
        try withBytes(data ?? []) { (raw) throws(ZKStorageError) in
            try TxnDecoder.decodeSubTxn(type: type, data: raw, limits: limits, visitor: &builder)
        }
        return builder.body
    }
}

/// `MultiTxn`: `vector<Txn> txns`.
public struct MultiTxn: JuteEncodable, Hashable {
    public var txns: [SubTxn]?

    public init(txns: [SubTxn]?) { self.txns = txns }

    public func encode(to w: inout ByteWriter) {
        w.writeVectorCount(txns?.count)
        for t in txns ?? [] { t.encode(to: &w) }
    }
}

// The txn body records of zookeeper.jute (module org.apache.zookeeper.txn), each a plain
// concatenation of its fields in declaration order.

/// `CreateTxn` (create, create2), or `CreateTxnV0` when `parentCVersion` is absent.
///
///     ustring path | buffer data | vector<ACL> acl | bool ephemeral | int32 parentCVersion
///
/// `CreateTxnV0` (pre-3.3) lacks `parentCVersion`; readers convert it with `parentCVersion = -1`.
public struct CreateTxn: JuteRecord, Hashable {
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

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        path = try d.readString("CreateTxn.path")
        data = try d.readBuffer("CreateTxn.data")
        acl = try d.readACLList()
        ephemeral = try d.readBool("CreateTxn.ephemeral")
        parentCVersion = try d.readInt("CreateTxn.parentCVersion")
        isV0 = false
    }

    /// Reads a `CreateTxnV0` and converts it as `SerializeUtils.deserializeTxn` does.
    public init(v0 d: inout JuteDecoder) throws(ZKStorageError) {
        path = try d.readString("CreateTxnV0.path")
        data = try d.readBuffer("CreateTxnV0.data")
        acl = try d.readACLList()
        ephemeral = try d.readBool("CreateTxnV0.ephemeral")
        parentCVersion = -1
        isV0 = true
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
public struct CreateContainerTxn: JuteRecord, Hashable {
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

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        path = try d.readString("CreateContainerTxn.path")
        data = try d.readBuffer("CreateContainerTxn.data")
        acl = try d.readACLList()
        parentCVersion = try d.readInt("CreateContainerTxn.parentCVersion")
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(path)
        w.writeBuffer(data)
        w.writeACLList(acl)
        w.writeInt32(parentCVersion)
    }
}

/// `CreateTTLTxn`: `ustring path | buffer data | vector<ACL> acl | int32 parentCVersion | int64 ttl`.
public struct CreateTTLTxn: JuteRecord, Hashable {
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

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        path = try d.readString("CreateTTLTxn.path")
        data = try d.readBuffer("CreateTTLTxn.data")
        acl = try d.readACLList()
        parentCVersion = try d.readInt("CreateTTLTxn.parentCVersion")
        ttl = try d.readLong("CreateTTLTxn.ttl")
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
public struct DeleteTxn: JuteRecord, Hashable {
    public var path: JuteString?

    public init(path: JuteString?) { self.path = path }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        path = try d.readString("DeleteTxn.path")
    }

    public func encode(to w: inout ByteWriter) { w.writeString(path) }
}

/// `SetDataTxn` (setData, reconfig): `ustring path | buffer data | int32 version`.
public struct SetDataTxn: JuteRecord, Hashable {
    public var path: JuteString?
    public var data: [UInt8]?
    public var version: Int32

    public init(path: JuteString?, data: [UInt8]?, version: Int32) {
        self.path = path
        self.data = data
        self.version = version
    }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        path = try d.readString("SetDataTxn.path")
        data = try d.readBuffer("SetDataTxn.data")
        version = try d.readInt("SetDataTxn.version")
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(path)
        w.writeBuffer(data)
        w.writeInt32(version)
    }
}

/// `CheckVersionTxn` (only inside a multi): `ustring path | int32 version`.
public struct CheckVersionTxn: JuteRecord, Hashable {
    public var path: JuteString?
    public var version: Int32

    public init(path: JuteString?, version: Int32) {
        self.path = path
        self.version = version
    }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        path = try d.readString("CheckVersionTxn.path")
        version = try d.readInt("CheckVersionTxn.version")
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(path)
        w.writeInt32(version)
    }
}

/// `SetACLTxn`: `ustring path | vector<ACL> acl | int32 version`.
public struct SetACLTxn: JuteRecord, Hashable {
    public var path: JuteString?
    public var acl: [ACL]?
    public var version: Int32

    public init(path: JuteString?, acl: [ACL]?, version: Int32) {
        self.path = path
        self.acl = acl
        self.version = version
    }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        path = try d.readString("SetACLTxn.path")
        acl = try d.readACLList()
        version = try d.readInt("SetACLTxn.version")
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(path)
        w.writeACLList(acl)
        w.writeInt32(version)
    }
}

/// `SetMaxChildrenTxn`: `ustring path | int32 max`. Defined by jute, never logged by any server.
public struct SetMaxChildrenTxn: JuteRecord, Hashable {
    public var path: JuteString?
    public var max: Int32

    public init(path: JuteString?, max: Int32) {
        self.path = path
        self.max = max
    }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        path = try d.readString("SetMaxChildrenTxn.path")
        max = try d.readInt("SetMaxChildrenTxn.max")
    }

    public func encode(to w: inout ByteWriter) {
        w.writeString(path)
        w.writeInt32(max)
    }
}

/// `CreateSessionTxn`: `int32 timeOut` (ms).
public struct CreateSessionTxn: JuteRecord, Hashable {
    public var timeOut: Int32

    public init(timeOut: Int32) { self.timeOut = timeOut }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        timeOut = try d.readInt("CreateSessionTxn.timeOut")
    }

    public func encode(to w: inout ByteWriter) { w.writeInt32(timeOut) }
}

/// `CloseSessionTxn` (since 3.6.0): `vector<ustring> paths2Delete`, the session's ephemerals.
public struct CloseSessionTxn: JuteRecord, Hashable {
    public var paths2Delete: [JuteString?]?

    public init(paths2Delete: [JuteString?]?) { self.paths2Delete = paths2Delete }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        guard let n = try d.readVectorCount("CloseSessionTxn.paths2Delete") else {
            paths2Delete = nil
            return
        }
        var paths: [JuteString?] = []
        var i = 0
        while i < n {
            paths.append(try d.readString("CloseSessionTxn path"))
            i += 1
        }
        paths2Delete = paths
    }

    public func encode(to w: inout ByteWriter) {
        w.writeVectorCount(paths2Delete?.count)
        for p in paths2Delete ?? [] { w.writeString(p) }
    }
}

/// `ErrorTxn`: `int32 err`, a KeeperException code (e.g. -110 NODEEXISTS).
public struct ErrorTxn: JuteRecord, Hashable {
    public var err: Int32

    public init(err: Int32) { self.err = err }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        err = try d.readInt("ErrorTxn.err")
    }

    public func encode(to w: inout ByteWriter) { w.writeInt32(err) }
}

/// `Txn`, one operation inside a `MultiTxn`: `int32 type | buffer data` (the serialized sub-record).
public struct SubTxn: JuteRecord, Hashable {
    public var type: Int32
    public var data: [UInt8]?

    public init(type: Int32, data: [UInt8]?) {
        self.type = type
        self.data = data
    }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        type = try d.readInt("Txn.type")
        data = try d.readBuffer("Txn.data")
    }

    public func encode(to w: inout ByteWriter) {
        w.writeInt32(type)
        w.writeBuffer(data)
    }

    /// Decodes `data` as the record this sub-txn type carries inside a multi.
    public func decodeRecord(limits: JuteLimits = .default) throws(ZKStorageError) -> TxnBody {
        let bytes = data ?? []
        let result: Result<TxnBody, ZKStorageError> = bytes.withUnsafeBytes { raw in
            var d = JuteDecoder(ByteCursor(raw), limits: limits)
            do throws(ZKStorageError) {
                switch type {
                case OpCode.create, OpCode.create2: return .success(.create(try CreateTxn(from: &d)))
                case OpCode.createTTL: return .success(.createTTL(try CreateTTLTxn(from: &d)))
                case OpCode.createContainer: return .success(.createContainer(try CreateContainerTxn(from: &d)))
                case OpCode.delete, OpCode.deleteContainer: return .success(.delete(try DeleteTxn(from: &d)))
                case OpCode.setData: return .success(.setData(try SetDataTxn(from: &d)))
                case OpCode.check: return .success(.checkVersion(try CheckVersionTxn(from: &d)))
                case OpCode.error: return .success(.error(try ErrorTxn(from: &d)))
                default:
                    return .failure(ZKStorageError(.unsupportedTxnType, "unsupported sub-txn type \(type) in multi"))
                }
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// `MultiTxn`: `vector<Txn> txns`.
public struct MultiTxn: JuteRecord, Hashable {
    public var txns: [SubTxn]?

    public init(txns: [SubTxn]?) { self.txns = txns }

    public init(from d: inout JuteDecoder) throws(ZKStorageError) {
        guard let n = try d.readVectorCount("MultiTxn.txns") else {
            txns = nil
            return
        }
        var list: [SubTxn] = []
        var i = 0
        while i < n {
            list.append(try SubTxn(from: &d))
            i += 1
        }
        txns = list
    }

    public func encode(to w: inout ByteWriter) {
        w.writeVectorCount(txns?.count)
        for t in txns ?? [] { t.encode(to: &w) }
    }
}

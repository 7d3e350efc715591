/// The body record a txn, or a sub-txn of a multi, carries (`zookeeper.jute`, module
/// `org.apache.zookeeper.txn`); see ``TxnDecoder`` for which op code carries which.
public enum TxnRecordType: Sendable, Hashable {
    /// `CreateTxn` (create, create2): path, data, acl, ephemeral, parentCVersion.
    case createTxn
    /// `CreateTxnV0` (a pre-3.3 create): path, data, acl, ephemeral. Readers report
    /// parentCVersion -1, as `SerializeUtils.deserializeTxn` converts it.
    case createTxnV0
    /// `CreateContainerTxn`: path, data, acl, parentCVersion.
    case createContainerTxn
    /// `CreateTTLTxn`: path, data, acl, parentCVersion, ttl.
    case createTTLTxn
    /// `DeleteTxn` (delete, deleteContainer): path.
    case deleteTxn
    /// `SetDataTxn` (setData, reconfig): path, data, version.
    case setDataTxn
    /// `CheckVersionTxn` (only inside a multi): path, version.
    case checkVersionTxn
    /// `SetACLTxn`: path, acl, version.
    case setACLTxn
    /// `CreateSessionTxn`: timeOut.
    case createSessionTxn
    /// `CloseSessionTxn` (since 3.6.0): paths2Delete.
    case closeSessionTxn
    /// `ErrorTxn`: err.
    case errorTxn
    /// `MultiTxn`: a vector of `Txn(type, data)`.
    case multiTxn

    /// True for the records whose first field is the node's path (`ustring path`: a 4-byte
    /// big-endian length, -1 for null, then the bytes), which a path filter can read without
    /// decoding the rest of the body.
    @inlinable
    public var leadsWithPath: Bool {
        switch self {
        case .createTxn, .createTxnV0, .createContainerTxn, .createTTLTxn, .deleteTxn, .setDataTxn,
            .checkVersionTxn, .setACLTxn:
            true
        case .createSessionTxn, .closeSessionTxn, .errorTxn, .multiTxn:
            false
        }
    }

    /// The record `SerializeUtils.deserializeTxn` (3.8.0) reads after a header of `type`; nil
    /// for the types it rejects ("Unsupported Txn"). `create` may fall back to `createTxnV0`.
    @inlinable
    public static func topLevel(_ type: Int32) -> TxnRecordType? {
        switch type {
        case OpCode.createSession: .createSessionTxn
        case OpCode.closeSession: .closeSessionTxn
        case OpCode.create, OpCode.create2: .createTxn
        case OpCode.createTTL: .createTTLTxn
        case OpCode.createContainer: .createContainerTxn
        case OpCode.delete, OpCode.deleteContainer: .deleteTxn
        case OpCode.setData, OpCode.reconfig: .setDataTxn
        case OpCode.setACL: .setACLTxn
        case OpCode.error: .errorTxn
        case OpCode.multi: .multiTxn
        default: nil
        }
    }

    /// The record a sub-txn of `type` holds inside a `MultiTxn` (`DataTree.processTxn`; HEAD's
    /// `TxnLogToolkit.deserializeSubTxn`); nil for the types a multi cannot hold.
    @inlinable
    public static func inMulti(_ type: Int32) -> TxnRecordType? {
        switch type {
        case OpCode.create, OpCode.create2: .createTxn
        case OpCode.createTTL: .createTTLTxn
        case OpCode.createContainer: .createContainerTxn
        case OpCode.delete, OpCode.deleteContainer: .deleteTxn
        case OpCode.setData: .setDataTxn
        case OpCode.check: .checkVersionTxn
        case OpCode.error: .errorTxn
        default: nil
        }
    }
}

/// What ``TxnDecoder`` reports while it reads one txn payload: the header, then the body's fields
/// in their on-disk order, each as a value or a view borrowed from the payload (valid only during
/// the call), then the digest. Nothing is copied or allocated by the decoder.
///
/// Call order for one payload:
///
///     visitHeader
///     [visitRecord  field*  visitEndRecord]        absent for a pre-3.6 closeSession
///     [visitDigest]                                 when at least 12 bytes follow the body
///
/// A multi's fields are `visitMultiCount` then, per sub-txn, `visitSubTxn` (and, when that returns
/// true, the sub-record's `visitRecord field* visitEndRecord`). Fields by record: create family
/// `visitPath visitData visitACL [visitEphemeral] visitParentCVersion [visitTTL]`; delete
/// `visitPath`; setData `visitPath visitData visitVersion`; check `visitPath visitVersion`; setACL
/// `visitPath visitACL visitVersion`; createSession `visitTimeout`; closeSession `visitPaths`;
/// error `visitErr`. Every method has a default that ignores the value, so a visitor implements
/// only what it reads. When decoding fails the decoder throws; what the visitor saw of that
/// payload is then to be discarded.
public protocol TxnVisitor: ~Copyable {
    /// The header. Return false to skip the body and digest (a filter that needs no more).
    mutating func visitHeader(_ header: TxnHeader) -> Bool
    /// A body record (top-level, or a sub-txn's) begins.
    mutating func visitRecord(_ record: TxnRecordType)
    /// The record ends.
    mutating func visitEndRecord()
    /// `path` (ustring, nil for null).
    mutating func visitPath(_ path: UnsafeRawBufferPointer?)
    /// `data` (buffer, nil for null).
    mutating func visitData(_ data: UnsafeRawBufferPointer?)
    /// `acl` (vector<ACL>, nil for null).
    mutating func visitACL(_ acl: JuteACLList?)
    mutating func visitEphemeral(_ ephemeral: Bool)
    mutating func visitParentCVersion(_ parentCVersion: Int32)
    mutating func visitTTL(_ ttl: Int64)
    mutating func visitVersion(_ version: Int32)
    /// `CreateSessionTxn.timeOut` (ms).
    mutating func visitTimeout(_ timeout: Int32)
    /// `CloseSessionTxn.paths2Delete`: the session's ephemerals (nil for null).
    mutating func visitPaths(_ paths: JuteStringList?)
    /// `ErrorTxn.err`, a KeeperException code.
    mutating func visitErr(_ err: Int32)
    /// A `MultiTxn`'s sub-txn count (nil for a null list; a negative count reads as 0).
    mutating func visitMultiCount(_ count: Int?)
    /// One sub-txn of a multi: its type and serialized record. Return true to have the record
    /// decoded (its `visitRecord … visitEndRecord` follow).
    mutating func visitSubTxn(type: Int32, data: UnsafeRawBufferPointer?) -> Bool
    /// A type with no known record (top level: the bytes after the header; in a multi: the
    /// sub-txn's data). Return true to accept it as raw bytes; false makes the decoder throw
    /// `.unsupportedTxnType`, as ZooKeeper does.
    mutating func visitUnknown(type: Int32, bytes: UnsafeRawBufferPointer) -> Bool
    /// The `TxnDigest` after the body.
    mutating func visitDigest(_ digest: TxnDigest)
}

extension TxnVisitor where Self: ~Copyable {
    @inlinable public mutating func visitHeader(_ header: TxnHeader) -> Bool { true }
    @inlinable public mutating func visitRecord(_ record: TxnRecordType) {}
    @inlinable public mutating func visitEndRecord() {}
    @inlinable public mutating func visitPath(_ path: UnsafeRawBufferPointer?) {}
    @inlinable public mutating func visitData(_ data: UnsafeRawBufferPointer?) {}
    @inlinable public mutating func visitACL(_ acl: JuteACLList?) {}
    @inlinable public mutating func visitEphemeral(_ ephemeral: Bool) {}
    @inlinable public mutating func visitParentCVersion(_ parentCVersion: Int32) {}
    @inlinable public mutating func visitTTL(_ ttl: Int64) {}
    @inlinable public mutating func visitVersion(_ version: Int32) {}
    @inlinable public mutating func visitTimeout(_ timeout: Int32) {}
    @inlinable public mutating func visitPaths(_ paths: JuteStringList?) {}
    @inlinable public mutating func visitErr(_ err: Int32) {}
    @inlinable public mutating func visitMultiCount(_ count: Int?) {}
    @inlinable public mutating func visitSubTxn(type: Int32, data: UnsafeRawBufferPointer?) -> Bool { false }
    @inlinable public mutating func visitUnknown(type: Int32, bytes: UnsafeRawBufferPointer) -> Bool { false }
    @inlinable public mutating func visitDigest(_ digest: TxnDigest) {}
}

/// A visitor that reads nothing: decoding with it only checks that a payload decodes as
/// ZooKeeper's reader would (`SerializeUtils.deserializeTxn` leaves a multi's sub-records
/// encoded; `decodesSubTxns` checks them too, as `DataTree.processTxn` would).
public struct TxnCheckVisitor: TxnVisitor {
    public var decodesSubTxns: Bool

    @inlinable public init(decodesSubTxns: Bool = false) { self.decodesSubTxns = decodesSubTxns }

    @inlinable
    public mutating func visitSubTxn(type: Int32, data: UnsafeRawBufferPointer?) -> Bool { decodesSubTxns }
}

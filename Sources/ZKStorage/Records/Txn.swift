/// The body record of a txn, chosen by its header's type (`SerializeUtils.deserializeTxn`).
public enum TxnBody: Hashable, Sendable {
    /// No body: a closeSession written before 3.6.0.
    case none
    case create(CreateTxn)
    case createContainer(CreateContainerTxn)
    case createTTL(CreateTTLTxn)
    case delete(DeleteTxn)
    case setData(SetDataTxn)
    case checkVersion(CheckVersionTxn)
    case setACL(SetACLTxn)
    case setMaxChildren(SetMaxChildrenTxn)
    case createSession(CreateSessionTxn)
    case closeSession(CloseSessionTxn)
    case error(ErrorTxn)
    case multi(MultiTxn)

    public func encode(to w: inout ByteWriter) {
        switch self {
        case .none: break
        case .create(let r): r.encode(to: &w)
        case .createContainer(let r): r.encode(to: &w)
        case .createTTL(let r): r.encode(to: &w)
        case .delete(let r): r.encode(to: &w)
        case .setData(let r): r.encode(to: &w)
        case .checkVersion(let r): r.encode(to: &w)
        case .setACL(let r): r.encode(to: &w)
        case .setMaxChildren(let r): r.encode(to: &w)
        case .createSession(let r): r.encode(to: &w)
        case .closeSession(let r): r.encode(to: &w)
        case .error(let r): r.encode(to: &w)
        case .multi(let r): r.encode(to: &w)
        }
    }
}

/// One decoded txn, owned: the payload of a txn-log entry as values (a convenience for tests,
/// writers and tools that keep txns; readers that stream use ``TxnDecoder`` with a
/// ``TxnVisitor`` and allocate nothing).
///
///     TxnHeader (32 bytes) | body record (by header.type; absent for a pre-3.6 closeSession)
///     | TxnDigest (12 bytes, optional: present iff at least 12 bytes follow the body)
///
/// Bytes after the digest are ignored by Java; they are kept in `trailing` so that encoding
/// reproduces the payload exactly.
public struct Txn: Hashable, Sendable {
    public var header: TxnHeader
    public var body: TxnBody
    public var digest: TxnDigest?
    public var trailing: [UInt8]

    public init(header: TxnHeader, body: TxnBody, digest: TxnDigest? = nil, trailing: [UInt8] = []) {
        self.header = header
        self.body = body
        self.digest = digest
        self.trailing = trailing
    }

    /// Decodes a txn payload through ``TxnDecoder`` (ZooKeeper 3.8's `SerializeUtils.deserializeTxn`
    /// with its default settings). A multi's sub-records stay encoded (``SubTxn/decodeRecord(limits:)``).
    ///
    /// - Parameter baseOffset: file offset of `payload`'s first byte, for error messages.
    /// - Throws: `.truncated` when a body ends early (Java's EOFException), `.unsupportedTxnType`
    ///   for a type with no body record, `.unreasonableLength` for an over-limit string or buffer.
    public static func decode(
        payload: UnsafeRawBufferPointer,
        baseOffset: Int = 0,
        limits: JuteLimits = .default
    ) throws(ZKStorageError) -> Txn {
        var builder = TxnBodyBuilder()
        let end = try TxnDecoder.decode(payload: payload, baseOffset: baseOffset, limits: limits, visitor: &builder)
        guard let header = builder.header else {
            throw ZKStorageError(.malformedRecord, offset: baseOffset, "txn without a header")
        }
        let trailing = Array(UnsafeRawBufferPointer(rebasing: payload[min(end, payload.count)...]))
        return Txn(header: header, body: builder.body, digest: builder.digest, trailing: trailing)
    }

    /// The payload bytes: header, body, digest, trailing bytes.
    public func encode(to w: inout ByteWriter) {
        header.encode(to: &w)
        body.encode(to: &w)
        digest?.encode(to: &w)
        w.writeBytes(trailing)
    }

    public var payload: [UInt8] {
        var w = ByteWriter()
        encode(to: &w)
        return w.bytes
    }
}

/// The visitor behind ``Txn/decode(payload:baseOffset:limits:)`` and
/// ``SubTxn/decodeRecord(limits:)``: copies the fields it is shown into a ``TxnBody``.
struct TxnBodyBuilder: TxnVisitor {
    var header: TxnHeader?
    var body = TxnBody.none
    var digest: TxnDigest?

    private var record: TxnRecordType?
    private var path: JuteString?
    private var data: [UInt8]?
    private var acl: [ACL]?
    private var ephemeral = false
    private var parentCVersion: Int32 = 0
    private var ttl: Int64 = 0
    private var version: Int32 = 0
    private var timeout: Int32 = 0
    private var paths: [JuteString?]?
    private var err: Int32 = 0
    private var subTxns: [SubTxn]?

    mutating func visitHeader(_ header: TxnHeader) -> Bool {
        self.header = header
        return true
    }

    mutating func visitRecord(_ record: TxnRecordType) { self.record = record }
    mutating func visitPath(_ path: UnsafeRawBufferPointer?) { self.path = path.map(JuteString.init) }
    mutating func visitData(_ data: UnsafeRawBufferPointer?) { self.data = data.map { Array($0) } }
    mutating func visitACL(_ acl: JuteACLList?) { self.acl = acl.map { $0.map(ACL.init) } }
    mutating func visitEphemeral(_ ephemeral: Bool) { self.ephemeral = ephemeral }
    mutating func visitParentCVersion(_ parentCVersion: Int32) { self.parentCVersion = parentCVersion }
    mutating func visitTTL(_ ttl: Int64) { self.ttl = ttl }
    mutating func visitVersion(_ version: Int32) { self.version = version }
    mutating func visitTimeout(_ timeout: Int32) { self.timeout = timeout }
    mutating func visitPaths(_ paths: JuteStringList?) { self.paths = paths.map { $0.map { $0.map(JuteString.init) } } }
    mutating func visitErr(_ err: Int32) { self.err = err }
    mutating func visitMultiCount(_ count: Int?) { subTxns = count == nil ? nil : [] }
    mutating func visitDigest(_ digest: TxnDigest) { self.digest = digest }

    mutating func visitSubTxn(type: Int32, data: UnsafeRawBufferPointer?) -> Bool {
        subTxns?.append(SubTxn(type: type, data: data.map { Array($0) }))
        return false
    }

    mutating func visitEndRecord() {
        guard let record else { return }
        switch record {
        case .createTxn, .createTxnV0:
            body = .create(
                CreateTxn(
                    path: path,
                    data: data,
                    acl: acl,
                    ephemeral: ephemeral,
                    parentCVersion: parentCVersion,
                    isV0: record == .createTxnV0
                )
            )
        case .createContainerTxn:
            body = .createContainer(
                CreateContainerTxn(path: path, data: data, acl: acl, parentCVersion: parentCVersion)
            )
        case .createTTLTxn:
            body = .createTTL(CreateTTLTxn(path: path, data: data, acl: acl, parentCVersion: parentCVersion, ttl: ttl))
        case .deleteTxn: body = .delete(DeleteTxn(path: path))
        case .setDataTxn: body = .setData(SetDataTxn(path: path, data: data, version: version))
        case .checkVersionTxn: body = .checkVersion(CheckVersionTxn(path: path, version: version))
        case .setACLTxn: body = .setACL(SetACLTxn(path: path, acl: acl, version: version))
        case .createSessionTxn: body = .createSession(CreateSessionTxn(timeOut: timeout))
        case .closeSessionTxn: body = .closeSession(CloseSessionTxn(paths2Delete: paths))
        case .errorTxn: body = .error(ErrorTxn(err: err))
        case .multiTxn: body = .multi(MultiTxn(txns: subTxns))
        }
    }
}

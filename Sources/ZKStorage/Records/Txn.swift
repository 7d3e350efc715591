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

/// One decoded txn: the payload of a txn-log entry.
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

    /// Decodes a txn payload as ZooKeeper 3.8's `SerializeUtils.deserializeTxn` does (with the
    /// default `zookeeper.closeSessionTxn.enabled` and `zookeeper.digest.enabled`).
    ///
    /// - Parameter baseOffset: file offset of `payload`'s first byte, for error messages.
    /// - Throws: `.truncated` when a body ends early (Java's EOFException), `.unsupportedTxnType`
    ///   for a type with no body record, `.unreasonableLength` for an over-limit string or buffer.
    public static func decode(
        payload: UnsafeRawBufferPointer,
        baseOffset: Int = 0,
        limits: JuteLimits = .default
    ) throws(ZKStorageError) -> Txn {
        var d = JuteDecoder(ByteCursor(payload), baseOffset: baseOffset, limits: limits)
        let header = try TxnHeader(from: &d)
        let bodyStart = d.cursor.position
        let body: TxnBody
        do throws(ZKStorageError) {
            body = try decodeBody(type: header.type, &d)
        } catch  where error.code == .truncated {
            switch header.type {
            case OpCode.create:
                d.cursor.position = bodyStart
                body = .create(try CreateTxn(v0: &d))
            case OpCode.closeSession:
                d.cursor.position = bodyStart
                body = .none
            default:
                throw error
            }
        }
        var digest: TxnDigest?
        if d.remaining >= TxnDigest.byteCount {
            digest = try TxnDigest(from: &d)
        }
        let trailing = Array(UnsafeRawBufferPointer(rebasing: payload[d.cursor.position...]))
        return Txn(header: header, body: body, digest: digest, trailing: trailing)
    }

    static func decodeBody(type: Int32, _ d: inout JuteDecoder) throws(ZKStorageError) -> TxnBody {
        switch type {
        case OpCode.createSession: return .createSession(try CreateSessionTxn(from: &d))
        case OpCode.closeSession: return .closeSession(try CloseSessionTxn(from: &d))
        case OpCode.create, OpCode.create2: return .create(try CreateTxn(from: &d))
        case OpCode.createTTL: return .createTTL(try CreateTTLTxn(from: &d))
        case OpCode.createContainer: return .createContainer(try CreateContainerTxn(from: &d))
        case OpCode.delete, OpCode.deleteContainer: return .delete(try DeleteTxn(from: &d))
        case OpCode.reconfig, OpCode.setData: return .setData(try SetDataTxn(from: &d))
        case OpCode.setACL: return .setACL(try SetACLTxn(from: &d))
        case OpCode.error: return .error(try ErrorTxn(from: &d))
        case OpCode.multi: return .multi(try MultiTxn(from: &d))
        default:
            throw ZKStorageError(
                .unsupportedTxnType,
                offset: d.baseOffset + 28,
                "unsupported txn type \(type) (expected a known op code)"
            )
        }
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

/// The txn decoder: reads one txn payload as ZooKeeper 3.8's `SerializeUtils.deserializeTxn`
/// does (with the default `zookeeper.closeSessionTxn.enabled` and `zookeeper.digest.enabled`)
/// and reports it to a ``TxnVisitor`` field by field, borrowing paths and data from the payload.
///
///     TxnHeader (32 bytes) | body record (by header type) | TxnDigest (12 bytes, optional)
///
/// - The body record by type: ``TxnRecordType/topLevel(_:)``; other types fail with
///   `.unsupportedTxnType` (Java: `IOException: Unsupported Txn with type=%d<n>`, the literal
///   `%d` being 3.8.0's formatting bug) unless the visitor accepts them raw.
/// - A `create` body that ends early is re-read as a `CreateTxnV0` (parentCVersion -1); a
///   `closeSession` body that ends early is no body (a pre-3.6 closeSession) and, the stream being
///   spent, no digest. Any other early end is Java's `EOFException` (`.truncated`).
/// - The digest is read when at least 12 bytes follow the body; later bytes are ignored.
/// - A multi's sub-records (`Txn.data`) are decoded only when the visitor asks
///   (``TxnRecordType/inMulti(_:)``; `create` has no V0 fallback there).
///
/// Every failure is a ``ZKStorageError`` with the absolute offset (`baseOffset` is the file
/// offset of the payload's first byte) and Java's exception.
public enum TxnDecoder {
    /// Decodes `payload`, reporting it to `visitor`.
    ///
    /// - Returns: the payload offset where what was decoded ends (after the digest, the body, or
    ///   the header when there is no body); what follows is ignored, as in Java.
    @inlinable
    @discardableResult
    public static func decode<V: TxnVisitor & ~Copyable>(
        payload: UnsafeRawBufferPointer,
        baseOffset: Int = 0,
        limits: JuteLimits = .default,
        visitor: inout V
    ) throws(ZKStorageError) -> Int {
        var d = JuteDecoder(payload, baseOffset: baseOffset, limits: limits)
        let header = try TxnHeader(from: &d)
        guard visitor.visitHeader(header) else { return d.cursor.position }
        let bodyStart = d.cursor.position
        guard let record = TxnRecordType.topLevel(header.type) else {
            let body = UnsafeRawBufferPointer(rebasing: payload[d.cursor.position...])
            guard visitor.visitUnknown(type: header.type, bytes: body) else {
                throw .unsupportedTxnType(header.type, offset: baseOffset &+ 28)
            }
            return payload.count
        }
        if header.type == OpCode.create || header.type == OpCode.closeSession {
            // Java falls back on an EOFException: find out first, so the visitor sees one record.
            var probe = d
            var check = TxnCheckVisitor()
            do throws(ZKStorageError) {
                try decodeRecord(record, &probe, visitor: &check)
            } catch  where error.code == .truncated {
                // No body; Java's stream is spent, so no digest either.
                if header.type == OpCode.closeSession { return bodyStart }
                try decodeRecord(.createTxnV0, &d, visitor: &visitor)
                try decodeDigest(&d, visitor: &visitor)
                return d.cursor.position
            }
        }
        try decodeRecord(record, &d, visitor: &visitor)
        try decodeDigest(&d, visitor: &visitor)
        return d.cursor.position
    }

    /// Decodes a multi's sub-txn record: `data` of a `Txn(type, data)` (nil reads as empty).
    ///
    /// - Parameter baseOffset: file offset of `data`'s first byte.
    @inlinable
    public static func decodeSubTxn<V: TxnVisitor & ~Copyable>(
        type: Int32,
        data: UnsafeRawBufferPointer?,
        baseOffset: Int = 0,
        limits: JuteLimits = .default,
        visitor: inout V
    ) throws(ZKStorageError) {
        let bytes = data ?? UnsafeRawBufferPointer(start: nil, count: 0)
        guard let record = TxnRecordType.inMulti(type) else {
            guard visitor.visitUnknown(type: type, bytes: bytes) else {
                throw .unsupportedTxnType(type, offset: baseOffset, inMulti: true)
            }
            return
        }
        var d = JuteDecoder(bytes, baseOffset: baseOffset, limits: limits)
        try decodeRecord(record, &d, visitor: &visitor)
    }

    @inlinable
    static func decodeDigest<V: TxnVisitor & ~Copyable>(
        _ d: inout JuteDecoder,
        visitor: inout V
    ) throws(ZKStorageError) {
        if d.remaining >= TxnDigest.byteCount { visitor.visitDigest(try TxnDigest(from: &d)) }
    }

    /// One record's fields, in `zookeeper.jute` order.
    @inlinable
    static func decodeRecord<V: TxnVisitor & ~Copyable>(
        _ record: TxnRecordType,
        _ d: inout JuteDecoder,
        visitor v: inout V
    ) throws(ZKStorageError) {
        v.visitRecord(record)
        switch record {
        case .createTxn, .createTxnV0:
            v.visitPath(try d.readBufferView("CreateTxn.path"))
            v.visitData(try d.readBufferView("CreateTxn.data"))
            v.visitACL(try d.readVector("CreateTxn.acl", of: ACLView.self))
            v.visitEphemeral(try d.readBool("CreateTxn.ephemeral"))
            v.visitParentCVersion(record == .createTxnV0 ? -1 : try d.readInt("CreateTxn.parentCVersion"))
        case .createContainerTxn:
            v.visitPath(try d.readBufferView("CreateContainerTxn.path"))
            v.visitData(try d.readBufferView("CreateContainerTxn.data"))
            v.visitACL(try d.readVector("CreateContainerTxn.acl", of: ACLView.self))
            v.visitParentCVersion(try d.readInt("CreateContainerTxn.parentCVersion"))
        case .createTTLTxn:
            v.visitPath(try d.readBufferView("CreateTTLTxn.path"))
            v.visitData(try d.readBufferView("CreateTTLTxn.data"))
            v.visitACL(try d.readVector("CreateTTLTxn.acl", of: ACLView.self))
            v.visitParentCVersion(try d.readInt("CreateTTLTxn.parentCVersion"))
            v.visitTTL(try d.readLong("CreateTTLTxn.ttl"))
        case .deleteTxn:
            v.visitPath(try d.readBufferView("DeleteTxn.path"))
        case .setDataTxn:
            v.visitPath(try d.readBufferView("SetDataTxn.path"))
            v.visitData(try d.readBufferView("SetDataTxn.data"))
            v.visitVersion(try d.readInt("SetDataTxn.version"))
        case .checkVersionTxn:
            v.visitPath(try d.readBufferView("CheckVersionTxn.path"))
            v.visitVersion(try d.readInt("CheckVersionTxn.version"))
        case .setACLTxn:
            v.visitPath(try d.readBufferView("SetACLTxn.path"))
            v.visitACL(try d.readVector("SetACLTxn.acl", of: ACLView.self))
            v.visitVersion(try d.readInt("SetACLTxn.version"))
        case .createSessionTxn:
            v.visitTimeout(try d.readInt("CreateSessionTxn.timeOut"))
        case .closeSessionTxn:
            v.visitPaths(try d.readVector("CloseSessionTxn.paths2Delete", of: UnsafeRawBufferPointer?.self))
        case .errorTxn:
            v.visitErr(try d.readInt("ErrorTxn.err"))
        case .multiTxn:
            let count = try d.readVectorCount("MultiTxn.txns")
            v.visitMultiCount(count)
            var i = 0
            while i < count ?? 0 {
                let type = try d.readInt("Txn.type")
                let dataOffset = d.offset &+ 4
                let data = try d.readBufferView("Txn.data")
                if v.visitSubTxn(type: type, data: data) {
                    try decodeSubTxn(type: type, data: data, baseOffset: dataOffset, limits: d.limits, visitor: &v)
                }
                i &+= 1
            }
        }
        v.visitEndRecord()
    }
}

extension ZKStorageError {
    /// A txn type with no body record: 3.8.0's `IOException("Unsupported Txn with type=%d" + type)`.
    @usableFromInline @inline(never)
    static func unsupportedTxnType(_ type: Int32, offset: Int, inMulti: Bool = false) -> ZKStorageError {
        ZKStorageError(
            .unsupportedTxnType,
            offset: offset,
            inMulti
                ? "sub-txn type \(type) in a multi has no record ZooKeeper can decode"
                : "txn type \(type) has no record ZooKeeper can decode",
            java: JavaException("java.io.IOException", "Unsupported Txn with type=%d\(type)")
        )
    }
}

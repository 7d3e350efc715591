/// One entry of a txn log, as a view into the mapped file.
///
///     offset 0       int64  checksum   Adler-32 of the payload only (upper 4 bytes zero)
///     offset 8       int32  len        payload length (a jute buffer length)
///     offset 12      len    payload    TxnHeader | body | optional TxnDigest
///     offset 12+len  byte   0x42 'B'   end-of-record marker
public struct TxnLogEntry {
    /// File offset of the entry's checksum field.
    public var offset: Int
    /// The stored checksum, as the 8-byte long it is written as.
    public var storedChecksum: Int64
    /// The payload; valid while the reader's file is alive.
    public var payload: UnsafeRawBufferPointer
    /// Adler-32 computed over `payload`.
    public var computedChecksum: UInt32
    /// What follows the payload.
    public var endOfRecord: EndOfRecord

    /// The byte after the payload.
    public enum EndOfRecord: Equatable, Sendable {
        /// `0x42`, as written by ZooKeeper.
        case valid
        /// Another byte: ZooKeeper calls this a partial transaction.
        case wrong(UInt8)
        /// The file ends right after the payload.
        case missing
    }

    /// File offset of the payload's first byte.
    public var payloadOffset: Int { offset + 12 }

    /// File offset of the byte after this entry (after the end-of-record byte).
    public var endOffset: Int { offset + 13 + payload.count }

    public var checksumMatches: Bool { storedChecksum == Int64(computedChecksum) }

    /// The txn header, or nil if the payload is shorter than 32 bytes.
    public var header: TxnHeader? {
        var c = ByteCursor(payload)
        return TxnHeader(cursor: &c)
    }

    /// Decodes the payload (header, body, digest) as ZooKeeper does, into an owned ``Txn``.
    public func decode(limits: JuteLimits = .default) throws(ZKStorageError) -> Txn {
        try Txn.decode(payload: payload, baseOffset: payloadOffset, limits: limits)
    }

    /// Decodes the payload with ``TxnDecoder``, reporting it to `visitor` (nothing is copied).
    @inlinable
    public func visit<V: TxnVisitor & ~Copyable>(
        _ visitor: inout V,
        limits: JuteLimits = .default
    ) throws(ZKStorageError) {
        try TxnDecoder.decode(payload: payload, baseOffset: payloadOffset, limits: limits, visitor: &visitor)
    }
}

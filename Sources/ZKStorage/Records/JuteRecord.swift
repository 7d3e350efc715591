/// A record that writes itself in jute's binary form: its fields in declaration order,
/// concatenated, with no tag, length or delimiter.
public protocol JuteEncodable: Sendable {
    func encode(to writer: inout ByteWriter)
}

/// A record read and written in jute's binary form. (Txn bodies are only ``JuteEncodable``: they
/// are read by ``TxnDecoder``.)
public protocol JuteRecord: JuteEncodable {
    init(from decoder: inout JuteDecoder) throws(ZKStorageError)
}

extension JuteEncodable {
    /// The record's jute bytes.
    public var juteBytes: [UInt8] {
        var w = ByteWriter()
        encode(to: &w)
        return w.bytes
    }
}

extension JuteRecord {
    /// Decodes one record from `bytes`; trailing bytes are ignored.
    public init(juteBytes bytes: [UInt8], limits: JuteLimits = .default) throws(ZKStorageError) {
        var result: Result<Self, ZKStorageError>
        result = bytes.withUnsafeBytes { raw in
            var d = JuteDecoder(ByteCursor(raw), limits: limits)
            do throws(ZKStorageError) { return .success(try Self(from: &d)) } catch { return .failure(error) }
        }
        self = try result.get()
    }
}

extension ByteWriter {
    @inlinable
    public mutating func writeACLList(_ list: [ACL]?) {
        writeVectorCount(list?.count)
        for acl in list ?? [] { acl.encode(to: &self) }
    }
}

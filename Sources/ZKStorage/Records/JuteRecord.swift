/// A record in jute's binary form: its fields in declaration order, concatenated, with no tag,
/// length or delimiter.
public protocol JuteRecord: Sendable {
    init(from decoder: inout JuteDecoder) throws(ZKStorageError)
    func encode(to writer: inout ByteWriter)
}

extension JuteRecord {
    /// The record's jute bytes.
    public var juteBytes: [UInt8] {
        var w = ByteWriter()
        encode(to: &w)
        return w.bytes
    }

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

extension JuteDecoder {
    /// Reads a `vector<ACL>`: nil for count -1. Elements are read one by one until the count is
    /// reached or the data ends (the count is not trusted for allocation).
    @inlinable
    public mutating func readACLList() throws(ZKStorageError) -> [ACL]? {
        guard let n = try readVectorCount("acl vector") else { return nil }
        var list: [ACL] = []
        var i = 0
        while i < n {
            list.append(try ACL(from: &self))
            i += 1
        }
        return list
    }
}

extension ByteWriter {
    @inlinable
    public mutating func writeACLList(_ list: [ACL]?) {
        writeVectorCount(list?.count)
        for acl in list ?? [] { acl.encode(to: &self) }
    }
}

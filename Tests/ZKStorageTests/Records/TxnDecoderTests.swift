import TestSupport
import Testing
import ZKStorage

/// Records what ``TxnDecoder`` reports, as text, in order.
struct RecordingVisitor: TxnVisitor {
    var events: [String] = []
    var decodeSubTxns = true
    var acceptUnknown = false
    var readBody = true

    static func text(_ bytes: UnsafeRawBufferPointer?) -> String {
        bytes.map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    mutating func visitHeader(_ header: TxnHeader) -> Bool {
        events.append("header \(header.type)")
        return readBody
    }
    mutating func visitRecord(_ record: TxnRecordType) { events.append("record \(record)") }
    mutating func visitEndRecord() { events.append("end") }
    mutating func visitPath(_ path: UnsafeRawBufferPointer?) { events.append("path \(Self.text(path))") }
    mutating func visitData(_ data: UnsafeRawBufferPointer?) { events.append("data \(Self.text(data))") }
    mutating func visitACL(_ acl: JuteACLList?) {
        guard let acl else { return events.append("acl null") }
        let items = acl.map { "\($0.perms):\(Self.text($0.scheme)):\(Self.text($0.id))" }
        events.append("acl \(acl.count) [\(items.joined(separator: " "))]")
    }
    mutating func visitEphemeral(_ ephemeral: Bool) { events.append("ephemeral \(ephemeral)") }
    mutating func visitParentCVersion(_ v: Int32) { events.append("parentCVersion \(v)") }
    mutating func visitTTL(_ ttl: Int64) { events.append("ttl \(ttl)") }
    mutating func visitVersion(_ version: Int32) { events.append("version \(version)") }
    mutating func visitTimeout(_ timeout: Int32) { events.append("timeout \(timeout)") }
    mutating func visitPaths(_ paths: JuteStringList?) {
        events.append("paths \(paths.map { $0.map { Self.text($0) }.joined(separator: " ") } ?? "null")")
    }
    mutating func visitErr(_ err: Int32) { events.append("err \(err)") }
    mutating func visitMultiCount(_ count: Int?) { events.append("multi \(count.map(String.init) ?? "null")") }
    mutating func visitSubTxn(type: Int32, data: UnsafeRawBufferPointer?) -> Bool {
        events.append("sub \(type) \(data?.count ?? -1)")
        return decodeSubTxns
    }
    mutating func visitUnknown(type: Int32, bytes: UnsafeRawBufferPointer) -> Bool {
        events.append("unknown \(type) \(bytes.count)")
        return acceptUnknown
    }
    mutating func visitDigest(_ digest: TxnDigest) { events.append("digest \(digest.version) \(digest.treeDigest)") }
}

@Suite struct TxnDecoderTests {
    static func payload(type: Int32, _ body: (inout ByteWriter) -> Void) -> [UInt8] {
        var w = ByteWriter()
        TxnHeader(clientId: 7, cxid: 3, zxid: 0x1_0000_0005, time: 1_700_000_000_000, type: type).encode(to: &w)
        body(&w)
        return w.bytes
    }

    static func visit(_ payload: [UInt8], _ visitor: inout RecordingVisitor) throws(ZKStorageError) -> Int {
        let result: Result<Int, ZKStorageError> = payload.withUnsafeBytes { raw in
            do throws(ZKStorageError) {
                return .success(try TxnDecoder.decode(payload: raw, baseOffset: 100, visitor: &visitor))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    static func events(_ payload: [UInt8], decodeSubTxns: Bool = true) throws -> [String] {
        var v = RecordingVisitor()
        v.decodeSubTxns = decodeSubTxns
        _ = try visit(payload, &v)
        return v.events
    }

    @Test func multiReportsEverySubRecordInOrder() throws {
        let create = CreateTxn(
            path: JuteString("/m1"),
            data: Array("x".utf8),
            acl: [ACL.openUnsafe],
            ephemeral: false,
            parentCVersion: 4
        )
        let multi = MultiTxn(txns: [
            SubTxn(type: OpCode.create, data: create.juteBytes),
            SubTxn(type: OpCode.check, data: CheckVersionTxn(path: JuteString("/a"), version: 1).juteBytes),
            SubTxn(type: OpCode.setData, data: SetDataTxn(path: JuteString("/m1"), data: nil, version: 0).juteBytes),
            SubTxn(type: OpCode.delete, data: DeleteTxn(path: JuteString("/m1")).juteBytes),
            SubTxn(type: OpCode.error, data: ErrorTxn(err: -2).juteBytes),
        ])
        let payload = Self.payload(type: OpCode.multi) { w in
            multi.encode(to: &w)
            TxnDigest(version: 2, treeDigest: 99).encode(to: &w)
        }
        #expect(
            try Self.events(payload) == [
                "header 14", "record multiTxn", "multi 5",
                "sub 1 44", "record createTxn", "path /m1", "data x", "acl 1 [31:world:anyone]",
                "ephemeral false", "parentCVersion 4", "end",
                "sub 13 10", "record checkVersionTxn", "path /a", "version 1", "end",
                "sub 5 15", "record setDataTxn", "path /m1", "data null", "version 0", "end",
                "sub 2 7", "record deleteTxn", "path /m1", "end",
                "sub -1 4", "record errorTxn", "err -2", "end",
                "end", "digest 2 99",
            ]
        )
        // As Java's deserializeTxn: the sub-records stay encoded unless asked for.
        #expect(try Self.events(payload, decodeSubTxns: false).count == 10)
        let txn = try payload.withUnsafeBytes { try Txn.decode(payload: $0) }
        #expect(txn.body == .multi(multi) && txn.payload == payload)
        #expect(try multi.txns?[1].decodeRecord() == .checkVersion(CheckVersionTxn(path: JuteString("/a"), version: 1)))
    }

    @Test func everyTopLevelRecordInJuteOrder() throws {
        let ttl = Self.payload(type: OpCode.createTTL) { w in
            CreateTTLTxn(path: JuteString("/t"), data: [], acl: nil, parentCVersion: 3, ttl: 5000).encode(to: &w)
        }
        #expect(
            try Self.events(ttl) == [
                "header 21", "record createTTLTxn", "path /t", "data ", "acl null", "parentCVersion 3", "ttl 5000",
                "end",
            ]
        )
        let setACL = Self.payload(type: OpCode.setACL) { w in
            let digest = ACL(perms: 17, id: Id(scheme: JuteString("digest"), id: JuteString("u:h")))
            SetACLTxn(path: JuteString("/x"), acl: [ACL.openUnsafe, digest], version: 3).encode(to: &w)
        }
        #expect(
            try Self.events(setACL) == [
                "header 7", "record setACLTxn", "path /x", "acl 2 [31:world:anyone 17:digest:u:h]", "version 3", "end",
            ]
        )
        let close = Self.payload(type: OpCode.closeSession) { w in
            CloseSessionTxn(paths2Delete: [JuteString("/e1"), nil, JuteString("/e2")]).encode(to: &w)
        }
        #expect(try Self.events(close) == ["header -11", "record closeSessionTxn", "paths /e1 null /e2", "end"])
        let session = Self.payload(type: OpCode.createSession) { w in w.writeInt32(30000) }
        #expect(try Self.events(session) == ["header -10", "record createSessionTxn", "timeout 30000", "end"])
    }

    /// `SerializeUtils.deserializeTxn`: an early end in a create body re-reads a `CreateTxnV0`;
    /// the visitor sees the V0 record once, with parentCVersion -1.
    @Test func createFallsBackToV0Once() throws {
        let payload = Self.payload(type: OpCode.create) { w in
            w.writeString(JuteString("/a"))
            w.writeBuffer([0x76])
            w.writeACLList([])
            w.writeBool(true)
            // A 4-byte int is missing for parentCVersion: 3 bytes of something else.
            w.writeBytes([1, 2, 3])
        }
        #expect(
            try Self.events(payload) == [
                "header 1", "record createTxnV0", "path /a", "data v", "acl 0 []", "ephemeral true",
                "parentCVersion -1", "end",
            ]
        )
        // create2 has no fallback: Java's EOFException, where the data ran out.
        var create2 = payload
        create2[31] = UInt8(OpCode.create2)
        #expect {
            try Self.events(create2)
        } throws: { error in
            let e = error as? ZKStorageError
            return e?.code == .truncated && e?.offset == 100 + payload.count - 3
                && e?.javaException == JavaException("java.io.EOFException")
        }
    }

    /// A closeSession whose body ends early (a pre-3.6 log, or a digest read as a body) has no
    /// body and, the stream being spent, no digest.
    @Test func closeSessionWithoutBody() throws {
        // Digest (2, 5): read as a vector of 2 strings, "" and a 5-byte one that is not there.
        let payload = Self.payload(type: OpCode.closeSession) { w in
            TxnDigest(version: 2, treeDigest: 5).encode(to: &w)
        }
        var v = RecordingVisitor()
        let end = try Self.visit(payload, &v)
        #expect(v.events == ["header -11"] && end == 32)
        let txn = try payload.withUnsafeBytes { try Txn.decode(payload: $0) }
        #expect(txn.body == .none && txn.digest == nil && txn.payload == payload)
    }

    @Test func unsupportedTypesFailAsJavaOrAreKeptRaw() throws {
        let payload = Self.payload(type: OpCode.check) { w in w.writeBytes([1, 2, 3, 4, 5]) }
        #expect {
            try Self.events(payload)
        } throws: { error in
            let e = error as? ZKStorageError
            return e?.code == .unsupportedTxnType && e?.offset == 128
                && e?.javaException == JavaException("java.io.IOException", "Unsupported Txn with type=%d13")
        }
        var raw = RecordingVisitor()
        raw.acceptUnknown = true
        #expect(try Self.visit(payload, &raw) == payload.count)
        #expect(raw.events == ["header 13", "unknown 13 5"])
        // In a multi: a setACL cannot be a sub-txn.
        let multi = Self.payload(type: OpCode.multi) { w in
            MultiTxn(txns: [SubTxn(type: OpCode.setACL, data: [0, 0, 0, 0])]).encode(to: &w)
        }
        #expect {
            try Self.events(multi)
        } throws: { error in
            (error as? ZKStorageError)?.code == .unsupportedTxnType && (error as? ZKStorageError)?.offset == 100 + 44
        }
    }

    @Test func aHeaderOnlyVisitorSkipsTheBody() throws {
        // The body is damaged (an unreasonable path length); the header alone decodes.
        let payload = Self.payload(type: OpCode.delete) { w in w.writeInt32(2_097_151) }
        var v = RecordingVisitor()
        v.readBody = false
        #expect(try Self.visit(payload, &v) == 32)
        #expect(v.events == ["header 2"])
        #expect {
            try Self.events(payload)
        } throws: { error in
            let e = error as? ZKStorageError
            return e?.code == .unreasonableLength && e?.offset == 132
                && e?.javaException == .unreasonableLength(2_097_151)
        }
    }

    /// Reads that fail leave the position where it was (swift-nio's rule).
    @Test func failedReadsDoNotMove() {
        var w = ByteWriter()
        w.writeInt32(5)
        w.writeBytes([1, 2])
        w.bytes.withUnsafeBytes { raw in
            var d = JuteDecoder(raw, baseOffset: 10)
            #expect(throws: ZKStorageError.self) { try d.readBufferView("buffer") }
            #expect(d.cursor.position == 0)
            #expect(throws: ZKStorageError.self) { try d.readLong("long") }
            #expect(d.cursor.position == 0)
            #expect(throws: ZKStorageError.self) { try d.readVector("acl", of: ACLView.self) }
            #expect(d.cursor.position == 0)
            #expect(throws: ZKStorageError.self) { try d.readVector("paths", of: UnsafeRawBufferPointer?.self) }
            #expect(d.cursor.position == 0)
            var limited = JuteDecoder(raw, limits: JuteLimits(maxLength: 4))
            #expect(throws: ZKStorageError.self) { try limited.readLength("buffer") }
            #expect(limited.cursor.position == 0)
            #expect((try? d.readInt("int")) == 5 && d.offset == 14)
        }
    }

    @Test func opNamesAreRequestOp2String() {
        #expect(OpCode.name(OpCode.createTTL) == "createTtl")
        #expect(OpCode.name(OpCode.addWatch) == "unknown 106")
        #expect(OpCode.name(10) == "unknown 10")
        #expect(OpCode.code(named: "createTtl") == OpCode.createTTL)
        #expect(OpCode.code(named: "closeSession") == OpCode.closeSession)
        #expect(OpCode.code(named: "unknown 106") == 106)
        #expect(OpCode.code(named: "createTTL") == nil)
    }
}

import Testing
import ZKStorage

@Suite struct JuteEncodingTests {
    /// spec-formats §1.1: bytes written by Java's `BinaryOutputArchive`.
    @Test func stringsEncodeOneUTF16UnitAtATime() {
        var w = ByteWriter()
        w.writeString(JuteString("A\u{0000}é€😀"))
        #expect(
            w.bytes == [
                0x00, 0x00, 0x00, 0x0D, 0x41, 0x00, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80,
            ]
        )
    }

    @Test func nullAndEmptyStringsAndBuffers() {
        var w = ByteWriter()
        w.writeString(nil)
        w.writeString(JuteString(""))
        w.writeBuffer(nil)
        w.writeBuffer([])
        w.writeBool(true)
        w.writeBool(false)
        #expect(w.bytes == [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 1, 0])
    }

    /// spec-formats §4.3: the first entry of a 3.8.0 log, createSession with a digest.
    @Test func decodesCreateSessionEntryFromSpecHexdump() throws {
        let payload: [UInt8] = [
            0x00, 0x10, 0x00, 0x00, 0xAB, 0xCD, 0xEF, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x8B, 0xCF, 0xE5, 0x68, 0x00, 0xFF, 0xFF, 0xFF, 0xF6,
            0x00, 0x00, 0x75, 0x30, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x51, 0xC6, 0xD6, 0x60,
        ]
        let txn = try payload.withUnsafeBytes { try Txn.decode(payload: $0) }
        #expect(
            txn.header
                == TxnHeader(
                    clientId: 0x10_0000_abcd_ef01,
                    cxid: 0,
                    zxid: 0x1_0000_0001,
                    time: 1_700_000_000_000,
                    type: -10
                )
        )
        #expect(txn.body == .createSession(CreateSessionTxn(timeOut: 30000)))
        #expect(txn.digest == TxnDigest(version: 2, treeDigest: 0x51c6_d660))
        #expect(txn.payload == payload)
        #expect(payload.withUnsafeBytes { Adler32.checksum($0) } == 0x00de_0c0a)
    }

    @Test func createWithoutParentCVersionFallsBackToV0() throws {
        var w = ByteWriter()
        TxnHeader(clientId: 1, cxid: 2, zxid: 3, time: 4, type: OpCode.create).encode(to: &w)
        w.writeString(JuteString("/a"))
        w.writeBuffer([0x76, 0x31])
        w.writeACLList([ACL.openUnsafe])
        w.writeBool(true)
        let txn = try w.bytes.withUnsafeBytes { try Txn.decode(payload: $0) }
        guard case .create(let create) = txn.body else {
            Issue.record("expected a create body, got \(txn.body)")
            return
        }
        #expect(create.isV0 && create.parentCVersion == -1 && create.ephemeral)
        #expect(create.path?.string == "/a")
        #expect(txn.payload == w.bytes)
    }

    @Test func rejectsUnreasonableLengthsWithTheirOffset() {
        var w = ByteWriter()
        TxnHeader(clientId: 1, cxid: 2, zxid: 3, time: 4, type: OpCode.delete).encode(to: &w)
        w.writeInt32(2_097_151)
        #expect {
            try w.bytes.withUnsafeBytes { try Txn.decode(payload: $0, baseOffset: 100) }
        } throws: { error in
            let e = error as? ZKStorageError
            return e?.code == .unreasonableLength && e?.offset == 132
        }
    }
}

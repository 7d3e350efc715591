import Testing

@testable import ZKStorage

/// The replay's shortcuts (parents by path, the last create's ACL reference) against what
/// ZooKeeper's `DataTree` does when the nodes they remember go away.
@Suite struct ReplayShortcutTests {
    static let session: Int64 = 0x1234
    static let acl = [ACL(perms: 31, id: Id(scheme: JuteString("digest"), id: JuteString("u:hash")))]

    final class Log {
        let replayer = TxnReplayer(tree: DataTree.javaInitial(), lastProcessedZxid: 0)
        var zxid: Int64 = 0

        /// Applies the txn from its payload (the path `zkdata at` takes); returns its error code.
        func apply(_ type: Int32, _ body: TxnBody) throws -> Int32 {
            zxid += 1
            let header = TxnHeader(
                clientId: ReplayShortcutTests.session,
                cxid: Int32(zxid),
                zxid: zxid,
                time: 1_000 + zxid,
                type: type
            )
            let payload = Txn(header: header, body: body).payload
            return try payload.withUnsafeBytes { try replayer.apply(payload: $0, baseOffset: 0).err }
        }

        func create(_ path: String, type: Int32 = OpCode.create, acl: [ACL]? = ReplayShortcutTests.acl) throws -> Int32
        {
            let txn = CreateTxn(path: JuteString(path), data: [1], acl: acl, ephemeral: false, parentCVersion: -1)
            return try apply(type, .create(txn))
        }

        func setData(_ path: String) throws -> Int32 {
            try apply(OpCode.setData, .setData(SetDataTxn(path: JuteString(path), data: [2, 3], version: 1)))
        }

        func delete(_ path: String) throws -> Int32 {
            try apply(OpCode.delete, .delete(DeleteTxn(path: JuteString(path))))
        }
    }

    @Test func aDeletedParentIsNotFoundAgain() throws {
        let log = Log()
        #expect(try log.create("/a") == TxnReplayer.Code.ok)
        #expect(try log.create("/a/b") == TxnReplayer.Code.ok)
        #expect(try log.setData("/a/b") == TxnReplayer.Code.ok)
        #expect(try log.delete("/a/b") == TxnReplayer.Code.ok)
        #expect(try log.delete("/a") == TxnReplayer.Code.ok)
        // The freed ids are reused by the next creates: /x takes /a's, under the same child
        // name, so a parent remembered across the delete would find /x/b for /a/b.
        #expect(try log.create("/x") == TxnReplayer.Code.ok)
        #expect(try log.create("/x/b") == TxnReplayer.Code.ok)
        #expect(try log.setData("/a/b") == TxnReplayer.Code.noNode)
        #expect(try log.create("/a/c") == TxnReplayer.Code.noNode)
        #expect(try log.setData("/x/b") == TxnReplayer.Code.ok)
        let tree = log.replayer.tree
        let x = try #require(tree.node(atPath: Array("/x".utf8)))
        let b = try #require(tree.node(atPath: Array("/x/b".utf8)))
        #expect(tree.parent(b) == x)
        #expect(tree.data(b) == [2, 3])
        #expect(tree.node(atPath: Array("/a".utf8)) == nil)
        // Creating an existing node is NODEEXISTS; a create (not a create2) then still moves
        // the parent's cversion on (`processTxn`'s `setCversionPzxid`, parentCVersion -1: + 1).
        let cversion = tree.stat(x).cversion
        #expect(try log.create("/x/b", type: OpCode.create2) == TxnReplayer.Code.nodeExists)
        #expect(tree.stat(x).cversion == cversion)
        #expect(try log.create("/x/b") == TxnReplayer.Code.nodeExists)
        #expect(tree.stat(x).cversion == cversion + 1)
    }

    /// `ReferenceCountedACLCache`: a list whose last user is deleted leaves the cache, and the
    /// next create with it gets a new reference (`aclIndex` + 1).
    @Test func anACLDroppedFromTheCacheGetsANewReference() throws {
        let log = Log()
        #expect(try log.create("/a") == TxnReplayer.Code.ok)
        let tree = log.replayer.tree
        let first = try #require(tree.node(atPath: Array("/a".utf8)))
        let ref = tree.aclRef(first)
        #expect(tree.aclCache[ref] == Self.acl)
        #expect(try log.create("/b") == TxnReplayer.Code.ok)
        let second = try #require(tree.node(atPath: Array("/b".utf8)))
        #expect(tree.aclRef(second) == ref)
        #expect(tree.aclCache.usage[ref] == 2)
        #expect(try log.delete("/a") == TxnReplayer.Code.ok)
        #expect(try log.delete("/b") == TxnReplayer.Code.ok)
        #expect(tree.aclCache[ref] == nil)
        #expect(try log.create("/c") == TxnReplayer.Code.ok)
        let third = try #require(tree.node(atPath: Array("/c".utf8)))
        #expect(tree.aclRef(third) == ref + 1)
        #expect(tree.aclCache.usage[ref + 1] == 1)
        // A null ACL is OPEN_ACL_UNSAFE's reference -1, never counted.
        #expect(try log.create("/d", acl: nil) == TxnReplayer.Code.ok)
        let open = try #require(tree.node(atPath: Array("/d".utf8)))
        #expect(tree.aclRef(open) == ACLCache.openUnsafeACLID)
    }
}

extension DataTree {
    /// Sets the node's ACL reference without touching the cache's usage counts (the caller
    /// counted them, as Java's `setACL` does: `removeUsage(old)`, then `convertAcls(new)`).
    func setACLRefKeepingUsage(_ node: Int32, _ ref: Int64) {
        guard options.keepsACLs else { return }
        store.aclRefs[Int(node)] = ref
    }

    /// ZooKeeper's `READ_ACL_UNSAFE`: `world:anyone` may read. `/zookeeper/config` has it.
    static let readACLUnsafe = [ACL(perms: 1, id: Id(scheme: JuteString("world"), id: JuteString("anyone")))]

    /// The tree `new DataTree()` makes before any txn: `""` (also `"/"`), `/zookeeper`,
    /// `/zookeeper/quota` and `/zookeeper/config`, each with empty data and a zero stat;
    /// `/zookeeper/config` has `READ_ACL_UNSAFE` (ACL reference 1) and `aversion` -1 (Java's
    /// `setACL(configZookeeper, READ_ACL_UNSAFE, -1)`).
    public static func javaInitial() -> DataTree {
        let tree = DataTree(options: .all)
        let empty: [UInt8] = []
        // The four fixed nodes of an empty tree cannot collide: these creates cannot fail.
        guard let root = try? tree.createNode(parent: -1, name: empty, data: empty, stat: StatPersisted()),
            let zookeeper = try? tree.createNode(
                parent: root,
                name: Array("zookeeper".utf8),
                data: empty,
                stat: StatPersisted()
            ),
            (try? tree.createNode(parent: zookeeper, name: Array("quota".utf8), data: empty, stat: StatPersisted()))
                != nil
        else { return tree }
        var configStat = StatPersisted()
        configStat.aversion = -1
        let ref = tree.aclCache.convert(readACLUnsafe)
        if let config = try? tree.createNode(
            parent: zookeeper,
            name: Array("config".utf8),
            data: empty,
            stat: configStat
        ) {
            tree.setACLRefKeepingUsage(config, ref)
        }
        return tree
    }
}

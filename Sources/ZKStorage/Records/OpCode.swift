/// ZooKeeper op codes (`ZooDefs.OpCode`) and the names ZooKeeper 3.8.0's `Request.op2String` gives them.
public enum OpCode {
    public static let notification: Int32 = 0
    public static let create: Int32 = 1
    public static let delete: Int32 = 2
    public static let exists: Int32 = 3
    public static let getData: Int32 = 4
    public static let setData: Int32 = 5
    public static let getACL: Int32 = 6
    public static let setACL: Int32 = 7
    public static let getChildren: Int32 = 8
    public static let sync: Int32 = 9
    public static let ping: Int32 = 11
    public static let getChildren2: Int32 = 12
    public static let check: Int32 = 13
    public static let multi: Int32 = 14
    public static let create2: Int32 = 15
    public static let reconfig: Int32 = 16
    public static let checkWatches: Int32 = 17
    public static let removeWatches: Int32 = 18
    public static let createContainer: Int32 = 19
    public static let deleteContainer: Int32 = 20
    public static let createTTL: Int32 = 21
    public static let multiRead: Int32 = 22
    public static let auth: Int32 = 100
    public static let setWatches: Int32 = 101
    public static let sasl: Int32 = 102
    public static let getEphemerals: Int32 = 103
    public static let getAllChildrenNumber: Int32 = 104
    public static let setWatches2: Int32 = 105
    public static let addWatch: Int32 = 106
    public static let whoAmI: Int32 = 107
    public static let createSession: Int32 = -10
    public static let closeSession: Int32 = -11
    public static let error: Int32 = -1

    /// `Request.op2String` as in ZooKeeper 3.8.0 (`createTtl`, and `unknown 106` for addWatch): the
    /// one table of op names, read by every tool that prints them.
    public static func name(_ type: Int32) -> String {
        if let name = staticName(type) { return name.description }
        return "unknown \(type)"
    }

    /// The name `Request.op2String` gives `type`, or nil for the codes it prints as `unknown <n>`.
    @inlinable
    public static func staticName(_ type: Int32) -> StaticString? {
        switch type {
        case notification: "notification"
        case create: "create"
        case create2: "create2"
        case createTTL: "createTtl"
        case createContainer: "createContainer"
        case setWatches: "setWatches"
        case setWatches2: "setWatches2"
        case delete: "delete"
        case deleteContainer: "deleteContainer"
        case exists: "exists"
        case getData: "getData"
        case check: "check"
        case multi: "multi"
        case multiRead: "multiRead"
        case setData: "setData"
        case sync: "sync"
        case getACL: "getACL"
        case setACL: "setACL"
        case getChildren: "getChildren"
        case getChildren2: "getChildren2"
        case getAllChildrenNumber: "getAllChildrenNumber"
        case ping: "ping"
        case reconfig: "reconfig"
        case createSession: "createSession"
        case closeSession: "closeSession"
        case error: "error"
        case auth: "auth"
        case sasl: "sasl"
        case getEphemerals: "getEphemerals"
        case checkWatches: "checkWatches"
        case removeWatches: "removeWatches"
        case whoAmI: "whoAmI"
        default: nil
        }
    }

    /// The op code `Request.op2String` names `name` (the inverse of ``name(_:)``), e.g. for a
    /// filter given on a command line; nil for a name it never prints.
    public static func code(named name: String) -> Int32? {
        for code in Int32(-11)...Int32(107) where staticName(code)?.description == name { return code }
        if name.hasPrefix("unknown "), let n = Int32(name.dropFirst(8)), staticName(n) == nil { return n }
        return nil
    }
}

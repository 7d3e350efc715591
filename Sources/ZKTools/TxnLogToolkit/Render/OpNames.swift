internal import ZKToolSupport

/// ZooKeeper 3.8.0's `Request.op2String`, written as bytes without building a `String`.
///
/// The same table as `ZKStorage.OpCode.name(_:)` (3.8.0 spellings: `createTtl`, and
/// `unknown 106` for addWatch).
enum OpNames {
    static func append(_ type: Int32, to sink: inout ByteSink) {
        if let name = staticName(type) {
            sink.append(name)
        } else {
            sink.append("unknown ")
            JavaText.appendDecimal(type, to: &sink)
        }
    }

    static func staticName(_ type: Int32) -> StaticString? {
        switch type {
        case 0: "notification"
        case 1: "create"
        case 2: "delete"
        case 3: "exists"
        case 4: "getData"
        case 5: "setData"
        case 6: "getACL"
        case 7: "setACL"
        case 8: "getChildren"
        case 9: "sync"
        case 11: "ping"
        case 12: "getChildren2"
        case 13: "check"
        case 14: "multi"
        case 15: "create2"
        case 16: "reconfig"
        case 17: "checkWatches"
        case 18: "removeWatches"
        case 19: "createContainer"
        case 20: "deleteContainer"
        case 21: "createTtl"
        case 22: "multiRead"
        case 100: "auth"
        case 101: "setWatches"
        case 102: "sasl"
        case 103: "getEphemerals"
        case 104: "getAllChildrenNumber"
        case 105: "setWatches2"
        case 107: "whoAmI"
        case -10: "createSession"
        case -11: "closeSession"
        case -1: "error"
        default: nil
        }
    }
}

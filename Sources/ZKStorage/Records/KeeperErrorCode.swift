/// `KeeperException.Code` (ZooKeeper 3.8.0): the codes an `ErrorTxn` carries, by the name
/// `Code.name()` gives them.
public enum KeeperErrorCode {
    /// The enum constant's name for `code` (`NONODE` for -101), or nil for a code 3.8.0 does not define.
    @inlinable
    public static func name(_ code: Int32) -> StaticString? {
        switch code {
        case 0: "OK"
        case -1: "SYSTEMERROR"
        case -2: "RUNTIMEINCONSISTENCY"
        case -3: "DATAINCONSISTENCY"
        case -4: "CONNECTIONLOSS"
        case -5: "MARSHALLINGERROR"
        case -6: "UNIMPLEMENTED"
        case -7: "OPERATIONTIMEOUT"
        case -8: "BADARGUMENTS"
        case -12: "UNKNOWNSESSION"
        case -13: "NEWCONFIGNOQUORUM"
        case -14: "RECONFIGINPROGRESS"
        case -100: "APIERROR"
        case -101: "NONODE"
        case -102: "NOAUTH"
        case -103: "BADVERSION"
        case -108: "NOCHILDRENFOREPHEMERALS"
        case -110: "NODEEXISTS"
        case -111: "NOTEMPTY"
        case -112: "SESSIONEXPIRED"
        case -113: "INVALIDCALLBACK"
        case -114: "INVALIDACL"
        case -115: "AUTHFAILED"
        case -118: "SESSIONMOVED"
        case -119: "NOTREADONLY"
        case -120: "EPHEMERALONLOCALSESSION"
        case -121: "NOWATCHER"
        case -122: "REQUESTTIMEOUT"
        case -123: "RECONFIGDISABLED"
        case -124: "SESSIONCLOSEDREQUIRESASLAUTH"
        case -125: "QUOTAEXCEEDED"
        case -127: "THROTTLEDOP"
        default: nil
        }
    }
}

/// ACL permission bits (`ZooDefs.Perms`).
public enum ACLPerms {
    /// `ZKUtil.getPermString`: the letters `c d r w a` for CREATE, DELETE, READ, WRITE, ADMIN, in
    /// that order (31 is `cdrwa`), one call each. Other bits have no letter.
    @inlinable
    public static func forEachLetter(_ perms: Int32, _ body: (UInt8) -> Void) {
        if perms & 4 != 0 { body(UInt8(ascii: "c")) }
        if perms & 8 != 0 { body(UInt8(ascii: "d")) }
        if perms & 1 != 0 { body(UInt8(ascii: "r")) }
        if perms & 2 != 0 { body(UInt8(ascii: "w")) }
        if perms & 16 != 0 { body(UInt8(ascii: "a")) }
    }
}

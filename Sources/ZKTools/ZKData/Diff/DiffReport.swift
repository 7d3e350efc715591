internal import ArgumentParser

/// A field `diff` compares, in record order: data, the ACL list, then `StatPersisted`'s fields.
enum DiffField: Int, CaseIterable, Sendable {
    case data
    case acl
    case czxid
    case mzxid
    case ctime
    case mtime
    case version
    case cversion
    case aversion
    case ephemeralOwner
    case pzxid

    /// The name in `fields` (the spec's example: `["data", "acl", "version", …]`).
    var name: String {
        switch self {
        case .ephemeralOwner: "ephemeral_owner"
        default: String(describing: self)
        }
    }

    var bit: UInt32 { 1 << UInt32(rawValue) }

    static let statMask: UInt32 = allCases.filter { $0.rawValue >= DiffField.czxid.rawValue }.reduce(0) { $0 | $1.bit }
}

/// What `--ignore` can leave out.
enum DiffIgnore: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Ephemeral nodes (owned by a session) on both sides, as if they did not exist.
    case ephemeral
    case data
    case acl
    /// Every stat field.
    case stat
    /// czxid, mzxid, pzxid.
    case zxid
    /// ctime, mtime.
    case time
    /// version, cversion, aversion.
    case versions
    case czxid, mzxid, ctime, mtime, version, cversion, aversion, pzxid
    case ephemeralOwner = "ephemeral_owner"

    /// The fields it masks out of `modified` (none for `ephemeral`).
    var fieldMask: UInt32 {
        switch self {
        case .ephemeral: 0
        case .data: DiffField.data.bit
        case .acl: DiffField.acl.bit
        case .stat: DiffField.statMask
        case .zxid: DiffField.czxid.bit | DiffField.mzxid.bit | DiffField.pzxid.bit
        case .time: DiffField.ctime.bit | DiffField.mtime.bit
        case .versions: DiffField.version.bit | DiffField.cversion.bit | DiffField.aversion.bit
        case .czxid: DiffField.czxid.bit
        case .mzxid: DiffField.mzxid.bit
        case .ctime: DiffField.ctime.bit
        case .mtime: DiffField.mtime.bit
        case .version: DiffField.version.bit
        case .cversion: DiffField.cversion.bit
        case .aversion: DiffField.aversion.bit
        case .pzxid: DiffField.pzxid.bit
        case .ephemeralOwner: DiffField.ephemeralOwner.bit
        }
    }
}

/// One znode that differs between A and B.
struct DiffChange: Equatable {
    enum Kind: String, Sendable {
        case added
        case removed
        case modified
    }

    var path: String
    var kind: Kind
    /// For `modified`: the differing fields, in ``DiffField`` order.
    var fields: [DiffField]
    /// Data length on A (nil: no node on A; -1: null data).
    var bytesA: Int?
    /// Data length on B.
    var bytesB: Int?
}

/// The result of `zkdata diff A B`: every differing znode, sorted by path in tree order (a parent
/// before its children, `/` sorting before every other byte).
struct DiffReport {
    var snapshotA: String
    var snapshotB: String
    var nodesA = 0
    var nodesB = 0
    var changes: [DiffChange] = []

    var isIdentical: Bool { changes.isEmpty }

    func count(_ kind: DiffChange.Kind) -> Int { changes.reduce(0) { $0 + ($1.kind == kind ? 1 : 0) } }
}

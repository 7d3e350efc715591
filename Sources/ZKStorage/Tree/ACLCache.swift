/// ZooKeeper's `ReferenceCountedACLCache`: ACL lists stored once, referenced from nodes by a
/// `long`, with a usage count per reference.
///
/// Reference -1 (`OPEN_UNSAFE_ACL_ID`) stands for the open ACL and is never stored or counted.
public struct ACLCache: Sendable {
    /// `longKeyMap`: reference → ACL list.
    public private(set) var acls: [Int64: [ACL]] = [:]
    /// `aclKeyMap`: ACL list → reference.
    private var references: [[ACL]: Int64] = [:]
    /// `referenceCounter`.
    public private(set) var usage: [Int64: Int] = [:]
    /// `aclIndex`: the largest reference handed out or loaded.
    public private(set) var aclIndex: Int64 = 0

    public static let openUnsafeACLID: Int64 = -1

    public init() {}

    /// The ACL list of a reference (nil for -1 or an unknown reference).
    public subscript(ref: Int64) -> [ACL]? { acls[ref] }

    /// `deserialize`'s per-entry step: an entry with usage 0.
    public mutating func add(ref: Int64, acls list: [ACL]) {
        if ref > aclIndex { aclIndex = ref }
        acls[ref] = list
        references[list] = ref
        usage[ref] = 0
    }

    /// `convertAcls`: the reference of `list`, added with usage 0 if new; then one usage more.
    public mutating func convert(_ list: [ACL]) -> Int64 {
        if list.isEmpty { return Self.openUnsafeACLID }
        if let ref = references[list] {
            addUsage(ref)
            return ref
        }
        aclIndex += 1
        add(ref: aclIndex, acls: list)
        addUsage(aclIndex)
        return aclIndex
    }

    /// `addUsage`: references missing from the cache are ignored, as Java does (it logs them).
    public mutating func addUsage(_ ref: Int64) {
        guard ref != Self.openUnsafeACLID, let count = usage[ref] else { return }
        usage[ref] = count + 1
    }

    /// `removeUsage`: at zero the entry is dropped.
    public mutating func removeUsage(_ ref: Int64) {
        guard ref != Self.openUnsafeACLID, let count = usage[ref] else { return }
        if count <= 1 {
            remove(ref)
        } else {
            usage[ref] = count - 1
        }
    }

    /// Raises `aclIndex` to `index` (what an earlier snapshot that failed to load left in the
    /// server's cache: `clear()` keeps it).
    public mutating func raiseIndex(to index: Int64) {
        if index > aclIndex { aclIndex = index }
    }

    /// `purgeUnused`: drops the entries no node uses (run after loading).
    public mutating func purgeUnused() {
        for (ref, count) in usage where count <= 0 { remove(ref) }
    }

    private mutating func remove(_ ref: Int64) {
        if let list = acls.removeValue(forKey: ref) { references[list] = nil }
        usage[ref] = nil
    }

    /// Number of cached ACL lists.
    public var count: Int { acls.count }
}

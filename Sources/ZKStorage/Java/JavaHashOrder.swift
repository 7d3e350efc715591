/// The iteration order of a Java 17 `HashMap`/`HashSet` after a sequence of `put`s.
///
/// ZooKeeper keeps a znode's children in `new HashSet<>(8)` and the snapshot loader's sessions
/// in `new HashMap<>()`; the tools print them in iteration order, which is neither insertion
/// order nor sorted. The rules (OpenJDK 17 `java.util.HashMap`):
///
/// - `spread(h) = h ^ (h >>> 16)`, bucket `spread & (capacity - 1)`; buckets are visited in
///   ascending index, each chain in insertion order. Resizing (when `size > threshold`)
///   splits chains stably, so without tree bins the order is a stable sort of the insertion
///   sequence by bucket index in the final capacity.
/// - A chain that reaches 9 entries resizes the table if the capacity is below 64, and turns
///   into a red-black tree otherwise. A tree bin iterates root first and links later inserts
///   right after their tree parent; tree placement compares the spread hash as a signed int,
///   then the keys (`String.compareTo`, `Long.compareTo`). A resize splits tree bins and
///   turns halves of 6 or fewer entries back into chains.
///
/// The result is exact for both cases. The common case (no chain ever reaches 9 entries) is
/// detected cheaply and answered with a counting sort, in O(n + capacity); otherwise the
/// table, tree bins included, is simulated step by step (a port of the validated model in
/// `spec-tools-javaorder.py`).
public enum JavaHashOrder {
    /// The iteration order of `new HashSet<String>(initialCapacity)` after adding `keys` in order.
    ///
    /// - Parameters:
    ///   - keys: The strings in insertion order. A repeated string (the same UTF-16 code units)
    ///     is ignored; its first insertion counts.
    ///   - initialCapacity: The constructor argument; ZooKeeper's `DataNode` uses 8.
    /// - Returns: Indices into `keys`, in iteration order, one per distinct key.
    public static func stringSetOrder(_ keys: [String], initialCapacity: Int = 8) -> [Int] {
        if keys.count <= 1 {
            return keys.isEmpty ? [] : [0]
        }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: keys.count) { hashes in
            for i in keys.indices {
                hashes[i] = JavaString.hashCode(keys[i])
            }
            return order(
                hashCodes: UnsafeBufferPointer(hashes),
                initialCapacity: initialCapacity,
                isSameKey: { JavaString.equals(keys[$0], keys[$1]) },
                compareKeys: { JavaString.compare(keys[$0], keys[$1]) }
            )
        }
    }

    /// The iteration order of `new HashMap<Long, V>(initialCapacity)` after putting `keys` in order.
    ///
    /// `new HashMap<>()` behaves as an initial capacity of 16 (what the snapshot loader's
    /// session map uses).
    ///
    /// - Returns: Indices into `keys`, in iteration order, one per distinct key.
    public static func longMapOrder(_ keys: [Int64], initialCapacity: Int = 16) -> [Int] {
        if keys.count <= 1 {
            return keys.isEmpty ? [] : [0]
        }
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: keys.count) { hashes in
            for i in keys.indices {
                hashes[i] = JavaString.longHashCode(keys[i])
            }
            return order(
                hashCodes: UnsafeBufferPointer(hashes),
                initialCapacity: initialCapacity,
                isSameKey: { keys[$0] == keys[$1] },
                compareKeys: { keys[$0] < keys[$1] ? -1 : (keys[$0] == keys[$1] ? 0 : 1) }
            )
        }
    }

    /// The iteration order of `new HashMap<>(source)` on JDK 17, given `source`'s keys in its
    /// own iteration order.
    ///
    /// The copy constructor presizes the table to `tableSizeFor((int) (s / 0.75f + 1.0f))`
    /// (JDK 19 and later use `ceil(s / 0.75)`, which can differ) and then puts the keys in
    /// the source's iteration order.
    ///
    /// - Returns: Indices into `sourceOrder`, in the copy's iteration order.
    public static func longMapCopyOrder(_ sourceOrder: [Int64]) -> [Int] {
        longMapOrder(sourceOrder, initialCapacity: copyConstructorCapacity(count: sourceOrder.count))
    }

    /// The initial capacity `new HashMap<>(m)` gives itself on JDK 17 for a source of `count` entries.
    public static func copyConstructorCapacity(count: Int) -> Int {
        if count <= 0 {
            return 16
        }
        let ft = Float(count) / Float(0.75) + Float(1.0)
        let t = ft < Float(maximumCapacity) ? Int(ft) : maximumCapacity
        return t
    }

    /// The iteration order of a Java 17 hash table for keys with the given `hashCode()`s.
    ///
    /// This is the generic core of ``stringSetOrder(_:initialCapacity:)`` and
    /// ``longMapOrder(_:initialCapacity:)``.
    ///
    /// - Parameters:
    ///   - hashCodes: Each key's `hashCode()` (before spreading), in insertion order.
    ///   - initialCapacity: The `HashMap(int)`/`HashSet(int)` constructor argument.
    ///   - isSameKey: Whether the keys at two indices are `equals`. Called only for keys with
    ///     equal hash codes.
    ///   - compareKeys: The keys' `compareTo`, sign only. Called only when a tree bin forms.
    /// - Returns: Indices into `hashCodes`, in iteration order, one per distinct key.
    public static func order(
        hashCodes: UnsafeBufferPointer<Int32>,
        initialCapacity: Int,
        isSameKey: (Int, Int) -> Bool,
        compareKeys: (Int, Int) -> Int
    ) -> [Int] {
        let n = hashCodes.count
        if n <= 1 {
            return n == 0 ? [] : [0]
        }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n) { spreads in
            for i in 0..<n {
                let h = UInt32(bitPattern: hashCodes[i])
                spreads[i] = h ^ (h >> 16)
            }
            let spreads = UnsafeBufferPointer(spreads)
            if let (order, mask) = fastOrder(spreads: spreads, initialCapacity: initialCapacity) {
                if let duplicates = laterDuplicates(order: order, spreads: spreads, mask: mask, isSameKey: isSameKey) {
                    // Drop the repeats and start over with the distinct keys only.
                    var distinct: [Int] = []
                    distinct.reserveCapacity(n)
                    for i in 0..<n where !duplicates.contains(i) {
                        distinct.append(i)
                    }
                    let sub = distinct.map { hashCodes[$0] }
                    let subOrder = sub.withUnsafeBufferPointer {
                        self.order(
                            hashCodes: $0,
                            initialCapacity: initialCapacity,
                            isSameKey: { isSameKey(distinct[$0], distinct[$1]) },
                            compareKeys: { compareKeys(distinct[$0], distinct[$1]) }
                        )
                    }
                    return subOrder.map { distinct[$0] }
                }
                return order
            }
            return withoutActuallyEscaping(isSameKey) { isSameKey in
                withoutActuallyEscaping(compareKeys) { compareKeys in
                    var table = HashTableModel(
                        spreads: spreads,
                        initialCapacity: initialCapacity,
                        isSameKey: isSameKey,
                        compareKeys: compareKeys
                    )
                    for i in 0..<n {
                        table.put(i)
                    }
                    return table.iterationOrder()
                }
            }
        }
    }

    // MARK: - Fast path

    static let treeifyThreshold = 8
    static let untreeifyThreshold = 6
    static let minTreeifyCapacity = 64
    static let maximumCapacity = 1 << 30

    /// `HashMap.tableSizeFor`: the smallest power of two `>= capacity` (1 for `capacity <= 1`).
    static func tableSizeFor(_ capacity: Int) -> Int {
        if capacity <= 1 {
            return 1
        }
        let n = 1 << (Int.bitWidth - (capacity - 1).leadingZeroBitCount)
        return min(n, maximumCapacity)
    }

    /// The capacity and threshold after a resize, exactly as `HashMap.resize` computes them.
    static func grow(capacity oldCap: Int, threshold oldThr: Int) -> (capacity: Int, threshold: Int) {
        var newThr = 0
        let newCap: Int
        if oldCap > 0 {
            newCap = oldCap << 1
            if oldCap >= 16 {
                newThr = oldThr << 1
            }
        } else if oldThr > 0 {
            newCap = oldThr
        } else {
            return (16, 12)
        }
        if newThr == 0 {
            newThr = Int(Float(newCap) * Float(0.75))
        }
        return (newCap, newThr)
    }

    /// The order when no chain ever reaches 9 entries (then no early resize and no tree bin
    /// happen), or nil when one might: then the full model must run.
    ///
    /// Keys inserted while the table has capacity `c` are a prefix of the insertion sequence,
    /// and the last of them is inserted when the table holds the whole prefix, so checking
    /// the bucket counts of each prefix at its capacity is exact (repeated keys only make
    /// the check more conservative).
    static func fastOrder(
        spreads: UnsafeBufferPointer<UInt32>,
        initialCapacity: Int
    ) -> (order: [Int], mask: UInt32)? {
        let n = spreads.count
        var (capacity, threshold) = grow(capacity: 0, threshold: tableSizeFor(initialCapacity))
        // Find the final capacity, checking each intermediate one on the way.
        var stages: [(capacity: Int, prefix: Int)] = []
        while true {
            let prefix = min(n, threshold + 1)
            if prefix > treeifyThreshold {
                stages.append((capacity, prefix))
            }
            if n <= threshold {
                break
            }
            (capacity, threshold) = grow(capacity: capacity, threshold: threshold)
            if prefix == n {
                // The last insert resized the table; nothing is inserted at the new capacity.
                break
            }
        }
        let finalCapacity = capacity
        let mask = UInt32(truncatingIfNeeded: finalCapacity - 1)
        let order = withUnsafeTemporaryAllocation(of: Int.self, capacity: finalCapacity) { counts -> [Int]? in
            for stage in stages {
                let stageMask = UInt32(truncatingIfNeeded: stage.capacity - 1)
                counts.initialize(repeating: 0)
                for i in 0..<stage.prefix {
                    let b = Int(spreads[i] & stageMask)
                    counts[b] += 1
                    if counts[b] > treeifyThreshold {
                        return nil
                    }
                }
            }
            // Stable counting sort by the bucket index in the final capacity.
            if n <= 16 {
                var order = Array(0..<n)
                for i in 1..<n {
                    let v = order[i]
                    let key = spreads[v] & mask
                    var j = i - 1
                    while j >= 0 && spreads[order[j]] & mask > key {
                        order[j + 1] = order[j]
                        j -= 1
                    }
                    order[j + 1] = v
                }
                return order
            }
            counts.initialize(repeating: 0)
            for i in 0..<n {
                counts[Int(spreads[i] & mask)] += 1
            }
            var sum = 0
            for b in 0..<finalCapacity {
                let c = counts[b]
                counts[b] = sum
                sum += c
            }
            return [Int](unsafeUninitializedCapacity: n) { out, initialized in
                for i in 0..<n {
                    let b = Int(spreads[i] & mask)
                    out[counts[b]] = i
                    counts[b] += 1
                }
                initialized = n
            }
        }
        return order.map { ($0, mask) }
    }

    /// The indices of keys that repeat an earlier key, or nil if all keys are distinct.
    ///
    /// `order` is grouped by bucket (`spread & mask`) with each bucket in insertion order, and
    /// equal keys have equal hashes, so only keys of one bucket (at most 8 on the fast path)
    /// are compared.
    static func laterDuplicates(
        order: [Int],
        spreads: UnsafeBufferPointer<UInt32>,
        mask: UInt32,
        isSameKey: (Int, Int) -> Bool
    ) -> Set<Int>? {
        var duplicates: Set<Int> = []
        var start = 0
        let n = order.count
        while start < n {
            let bucket = spreads[order[start]] & mask
            var end = start + 1
            while end < n && spreads[order[end]] & mask == bucket {
                end += 1
            }
            if end - start > 1 {
                for j in (start + 1)..<end {
                    let later = order[j]
                    for i in start..<j {
                        let earlier = order[i]
                        if spreads[earlier] == spreads[later] && isSameKey(earlier, later) {
                            duplicates.insert(later)
                            break
                        }
                    }
                }
            }
            start = end
        }
        return duplicates.isEmpty ? nil : duplicates
    }
}

/// A step-by-step model of `java.util.HashMap` (OpenJDK 17) that records only the structure
/// that decides iteration order: buckets, chains, and red-black tree bins.
///
/// Node `i` is key `i`. Links are indices, `-1` for null.
struct HashTableModel {
    let spreads: UnsafeBufferPointer<UInt32>
    let isSameKey: (Int, Int) -> Bool
    let compareKeys: (Int, Int) -> Int

    var table: [Int] = []
    var threshold: Int
    var size = 0

    var next: [Int]
    var prev: [Int]
    var parent: [Int]
    var left: [Int]
    var right: [Int]
    var isTree: [Bool]
    var isRed: [Bool]

    init(
        spreads: UnsafeBufferPointer<UInt32>,
        initialCapacity: Int,
        isSameKey: @escaping (Int, Int) -> Bool,
        compareKeys: @escaping (Int, Int) -> Int
    ) {
        self.spreads = spreads
        self.isSameKey = isSameKey
        self.compareKeys = compareKeys
        self.threshold = JavaHashOrder.tableSizeFor(initialCapacity)
        let n = spreads.count
        next = Array(repeating: -1, count: n)
        prev = Array(repeating: -1, count: n)
        parent = Array(repeating: -1, count: n)
        left = Array(repeating: -1, count: n)
        right = Array(repeating: -1, count: n)
        isTree = Array(repeating: false, count: n)
        isRed = Array(repeating: false, count: n)
    }

    func iterationOrder() -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(size)
        for head in table {
            var e = head
            while e >= 0 {
                out.append(e)
                e = next[e]
            }
        }
        return out
    }

    // MARK: put

    mutating func put(_ x: Int) {
        let h = spreads[x]
        if table.isEmpty {
            resize()
        }
        let i = Int(h & UInt32(table.count - 1))
        var p = table[i]
        if p < 0 {
            newPlainNode(x)
            table[i] = x
        } else {
            if spreads[p] == h && isSameKey(p, x) {
                return
            }
            if isTree[p] {
                if putTreeValue(first: p, x) {
                    return
                }
            } else {
                var binCount = 0
                while true {
                    let e = next[p]
                    if e < 0 {
                        newPlainNode(x)
                        next[p] = x
                        if binCount >= JavaHashOrder.treeifyThreshold - 1 {
                            treeifyBin(hash: h)
                        }
                        break
                    }
                    if spreads[e] == h && isSameKey(e, x) {
                        return
                    }
                    p = e
                    binCount += 1
                }
            }
        }
        size += 1
        if size > threshold {
            resize()
        }
    }

    mutating func newPlainNode(_ x: Int) {
        next[x] = -1
        isTree[x] = false
    }

    // MARK: resize

    mutating func resize() {
        let oldCap = table.count
        let grown = JavaHashOrder.grow(capacity: oldCap, threshold: threshold)
        threshold = grown.threshold
        let newCap = grown.capacity
        let old = table
        table = Array(repeating: -1, count: newCap)
        for j in 0..<oldCap {
            var e = old[j]
            if e < 0 {
                continue
            }
            if next[e] < 0 {
                table[Int(spreads[e] & UInt32(newCap - 1))] = e
            } else if isTree[e] {
                split(e, index: j, bit: oldCap)
            } else {
                var loHead = -1
                var loTail = -1
                var hiHead = -1
                var hiTail = -1
                while e >= 0 {
                    let nxt = next[e]
                    if spreads[e] & UInt32(oldCap) == 0 {
                        if loTail < 0 { loHead = e } else { next[loTail] = e }
                        loTail = e
                    } else {
                        if hiTail < 0 { hiHead = e } else { next[hiTail] = e }
                        hiTail = e
                    }
                    e = nxt
                }
                if loTail >= 0 {
                    next[loTail] = -1
                    table[j] = loHead
                }
                if hiTail >= 0 {
                    next[hiTail] = -1
                    table[j + oldCap] = hiHead
                }
            }
        }
    }

    // MARK: tree bins

    mutating func treeifyBin(hash h: UInt32) {
        let n = table.count
        if n < JavaHashOrder.minTreeifyCapacity {
            resize()
            return
        }
        let index = Int(h & UInt32(n - 1))
        var e = table[index]
        var head = -1
        var tail = -1
        while e >= 0 {
            isTree[e] = true
            parent[e] = -1
            left[e] = -1
            right[e] = -1
            isRed[e] = false
            prev[e] = tail
            if tail < 0 { head = e } else { next[tail] = e }
            tail = e
            e = next[e]
        }
        table[index] = head
        if head >= 0 {
            treeify(head)
        }
    }

    /// Tree placement: by the spread hash as a signed int, then by `compareTo`.
    func direction(_ x: Int, _ p: Int) -> Int {
        let ph = Int32(bitPattern: spreads[p])
        let xh = Int32(bitPattern: spreads[x])
        if ph > xh {
            return -1
        }
        if ph < xh {
            return 1
        }
        // Distinct String/Long keys never compare equal; Java's tieBreakOrder is not needed.
        return compareKeys(x, p) <= 0 ? -1 : 1
    }

    mutating func treeify(_ start: Int) {
        var root = -1
        var x = start
        while x >= 0 {
            let nxt = next[x]
            left[x] = -1
            right[x] = -1
            if root < 0 {
                parent[x] = -1
                isRed[x] = false
                root = x
            } else {
                var p = root
                while true {
                    let d = direction(x, p)
                    let xp = p
                    p = d <= 0 ? left[p] : right[p]
                    if p < 0 {
                        parent[x] = xp
                        if d <= 0 { left[xp] = x } else { right[xp] = x }
                        root = balanceInsertion(root: root, x)
                        break
                    }
                }
            }
            x = nxt
        }
        moveRootToFront(root)
    }

    func rootOf(_ p: Int) -> Int {
        var r = p
        while parent[r] >= 0 {
            r = parent[r]
        }
        return r
    }

    /// Inserts `x` into the tree bin whose first node is `first`; true if the key was present.
    mutating func putTreeValue(first: Int, _ x: Int) -> Bool {
        let root = rootOf(first)
        var p = root
        let h = spreads[x]
        while true {
            if spreads[p] == h && isSameKey(p, x) {
                return true
            }
            let d = direction(x, p)
            let xp = p
            p = d <= 0 ? left[p] : right[p]
            if p < 0 {
                let xpn = next[xp]
                next[x] = xpn
                isTree[x] = true
                left[x] = -1
                right[x] = -1
                isRed[x] = false
                if d <= 0 { left[xp] = x } else { right[xp] = x }
                next[xp] = x
                parent[x] = xp
                prev[x] = xp
                if xpn >= 0 {
                    prev[xpn] = x
                }
                moveRootToFront(balanceInsertion(root: root, x))
                return false
            }
        }
    }

    mutating func moveRootToFront(_ root: Int) {
        let index = Int(spreads[root] & UInt32(table.count - 1))
        let first = table[index]
        if root != first {
            table[index] = root
            let rn = next[root]
            let rp = prev[root]
            if rn >= 0 {
                prev[rn] = rp
            }
            if rp >= 0 {
                next[rp] = rn
            }
            if first >= 0 {
                prev[first] = root
            }
            next[root] = first
            prev[root] = -1
        }
    }

    mutating func rotateLeft(root: Int, _ p: Int) -> Int {
        var root = root
        let r = right[p]
        if r >= 0 {
            let rl = left[r]
            right[p] = rl
            if rl >= 0 {
                parent[rl] = p
            }
            let pp = parent[p]
            parent[r] = pp
            if pp < 0 {
                root = r
                isRed[r] = false
            } else if left[pp] == p {
                left[pp] = r
            } else {
                right[pp] = r
            }
            left[r] = p
            parent[p] = r
        }
        return root
    }

    mutating func rotateRight(root: Int, _ p: Int) -> Int {
        var root = root
        let l = left[p]
        if l >= 0 {
            let lr = right[l]
            left[p] = lr
            if lr >= 0 {
                parent[lr] = p
            }
            let pp = parent[p]
            parent[l] = pp
            if pp < 0 {
                root = l
                isRed[l] = false
            } else if right[pp] == p {
                right[pp] = l
            } else {
                left[pp] = l
            }
            right[l] = p
            parent[p] = l
        }
        return root
    }

    mutating func balanceInsertion(root: Int, _ inserted: Int) -> Int {
        var root = root
        var x = inserted
        isRed[x] = true
        while true {
            var xp = parent[x]
            if xp < 0 {
                isRed[x] = false
                return x
            }
            if !isRed[xp] {
                return root
            }
            var xpp = parent[xp]
            if xpp < 0 {
                return root
            }
            let xppl = left[xpp]
            if xp == xppl {
                let xppr = right[xpp]
                if xppr >= 0 && isRed[xppr] {
                    isRed[xppr] = false
                    isRed[xp] = false
                    isRed[xpp] = true
                    x = xpp
                } else {
                    if x == right[xp] {
                        x = xp
                        root = rotateLeft(root: root, x)
                        xp = parent[x]
                        xpp = xp < 0 ? -1 : parent[xp]
                    }
                    if xp >= 0 {
                        isRed[xp] = false
                        if xpp >= 0 {
                            isRed[xpp] = true
                            root = rotateRight(root: root, xpp)
                        }
                    }
                }
            } else {
                if xppl >= 0 && isRed[xppl] {
                    isRed[xppl] = false
                    isRed[xp] = false
                    isRed[xpp] = true
                    x = xpp
                } else {
                    if x == left[xp] {
                        x = xp
                        root = rotateRight(root: root, x)
                        xp = parent[x]
                        xpp = xp < 0 ? -1 : parent[xp]
                    }
                    if xp >= 0 {
                        isRed[xp] = false
                        if xpp >= 0 {
                            isRed[xpp] = true
                            root = rotateLeft(root: root, xpp)
                        }
                    }
                }
            }
        }
    }

    /// Turns a list of tree nodes back into a plain chain (Java allocates new nodes; the
    /// indices are reused here, which is the same for iteration order).
    mutating func untreeify(_ head: Int) -> Int {
        var q = head
        var tail = -1
        while q >= 0 {
            let nxt = next[q]
            isTree[q] = false
            next[q] = -1
            if tail >= 0 {
                next[tail] = q
            }
            tail = q
            q = nxt
        }
        return head
    }

    mutating func split(_ b: Int, index: Int, bit: Int) {
        var loHead = -1
        var loTail = -1
        var hiHead = -1
        var hiTail = -1
        var lc = 0
        var hc = 0
        var e = b
        while e >= 0 {
            let nxt = next[e]
            next[e] = -1
            if spreads[e] & UInt32(bit) == 0 {
                prev[e] = loTail
                if loTail < 0 { loHead = e } else { next[loTail] = e }
                loTail = e
                lc += 1
            } else {
                prev[e] = hiTail
                if hiTail < 0 { hiHead = e } else { next[hiTail] = e }
                hiTail = e
                hc += 1
            }
            e = nxt
        }
        if loHead >= 0 {
            if lc <= JavaHashOrder.untreeifyThreshold {
                table[index] = untreeify(loHead)
            } else {
                table[index] = loHead
                if hiHead >= 0 {
                    treeify(loHead)
                }
            }
        }
        if hiHead >= 0 {
            if hc <= JavaHashOrder.untreeifyThreshold {
                table[index + bit] = untreeify(hiHead)
            } else {
                table[index + bit] = hiHead
                if loHead >= 0 {
                    treeify(hiHead)
                }
            }
        }
    }
}

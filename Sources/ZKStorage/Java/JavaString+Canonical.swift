/// Java strings kept as *canonical* bytes: the UTF-8 encoding of the Java string that
/// `new String(bytes, UTF_8)` makes of stored bytes. Valid UTF-8 is its own canonical form;
/// malformed input gets Java's U+FFFD replacements. Two stored byte strings are the same Java
/// string exactly when their canonical forms are equal, which is what `HashMap<String, …>`
/// keys and `HashSet<String>` members need.
extension JavaString {
    /// Whether `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, at most
    /// U+10FFFF), i.e. Java decodes it without replacements. ASCII is checked 8 bytes at a time.
    @inlinable
    public static func isCanonical(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let start = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        let n = bytes.count
        var i = 0
        while i &+ 8 <= n {
            let word = UnsafeRawPointer(start + i).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            i &+= 8
        }
        while i < n {
            let b0 = start[i]
            if b0 < 0x80 {
                i &+= 1
                continue
            }
            @inline(__always) func cont(_ k: Int) -> Bool { i &+ k < n && start[i &+ k] & 0xC0 == 0x80 }
            switch b0 {
            case 0xC2...0xDF:
                guard cont(1) else { return false }
                i &+= 2
            case 0xE0...0xEF:
                guard i &+ 2 < n else { return false }
                let b1 = start[i &+ 1]
                let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
                let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
                guard b1 >= low && b1 <= high, cont(2) else { return false }
                i &+= 3
            case 0xF0...0xF4:
                guard i &+ 3 < n else { return false }
                let b1 = start[i &+ 1]
                let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
                let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
                guard b1 >= low && b1 <= high, cont(2), cont(3) else { return false }
                i &+= 4
            default:
                return false
            }
        }
        return true
    }

    /// The canonical form of any bytes (a copy; callers check ``isCanonical(_:)`` first).
    public static func canonical(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        Array(JavaUTF8.decode(bytes).utf8)
    }

    /// `String.hashCode()` of a canonical string (ASCII inline).
    @inlinable
    public static func hashCode(canonical bytes: UnsafeRawBufferPointer) -> Int32 {
        var h: UInt32 = 0
        for b in bytes {
            if b >= 0x80 { return hashCode(utf8: bytes) }
            h = h &* 31 &+ UInt32(b)
        }
        return Int32(bitPattern: h)
    }

    /// The sign of `a.compareTo(b)` for canonical strings, 8 bytes at a time.
    ///
    /// For valid UTF-8 the byte order is the code point order, and the code point order is the
    /// UTF-16 order except for one case: a character in U+E000...U+FFFF (lead byte EE or EF)
    /// sorts after a supplementary character (lead F0...F4, a surrogate pair in UTF-16). At the
    /// first differing byte both strings are at the same position of the same prefix, so both
    /// bytes are leads (or ASCII) or both are continuation bytes; ranking the lead bytes
    /// EE...F4 as F0...F4 < EE < EF fixes the order. A string that is a prefix of the other
    /// sorts first.
    @inlinable
    public static func compare(canonical a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
            var i = 0
            while i &+ 8 <= n {
                let wa = pa.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let wb = pb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if wa != wb {
                    i &+= (wa ^ wb).littleEndian.trailingZeroBitCount >> 3
                    return Int(compareRank(a[i])) - Int(compareRank(b[i]))
                }
                i &+= 8
            }
            while i < n {
                if a[i] != b[i] { return Int(compareRank(a[i])) - Int(compareRank(b[i])) }
                i &+= 1
            }
        }
        return a.count - b.count
    }

    /// A canonical byte's rank in `compareTo` order (identity below 0xEE).
    @inlinable
    public static func compareRank(_ b: UInt8) -> UInt8 {
        switch b {
        case 0xEE: return 0xF6
        case 0xEF: return 0xF7
        case 0xF0...0xF5: return b &- 2
        default: return b
        }
    }
}

extension JavaHashOrder {
    /// The table capacity of a `HashMap(initialCapacity)` once it has held `n` keys: what a
    /// set or map that has since lost keys still iterates over (Java's tables never shrink).
    public static func capacity(afterPuts n: Int, initialCapacity: Int) -> Int {
        var (capacity, threshold) = grow(capacity: 0, threshold: tableSizeFor(initialCapacity))
        while n > threshold && capacity < maximumCapacity {
            (capacity, threshold) = grow(capacity: capacity, threshold: threshold)
        }
        return capacity
    }
}

internal import ZKStorage

/// Checks the seals after the node terminator. Java's formatter never reads them; this tool
/// prints the tree either way and reports the first problem as one warning line.
///
///     seal #1                          int64 Adler-32 of every byte before it | ustring "/"
///     ZxidDigest + seal #2             3.6+ (zxid, digestVersion, digest)      — optional
///     int64 lastProcessedZxid + seal   3.9+                                    — optional
///
/// Optional parts are recognised by a seal that verifies; bytes after the last recognised part
/// that do not look like a seal (`00 00 00 01 2F` after the checksum) are ignored, as Java
/// ignores them.
enum SealCheck {
    /// Plain files: `adler` is the Adler-32 of every byte before `tail`, which starts at offset `at`.
    static func check(adler: UInt32, tail: UnsafeRawBufferPointer, at offset: Int, file: String) -> String? {
        var running = RunningAdler(adler)
        var c = ByteCursor(tail)
        guard let stored = c.readInt64() else {
            return "\(file): the snapshot ends at byte offset \(offset + tail.count) before seal #1 (not verified)"
        }
        if stored != Int64(running.value) {
            return mismatch(file, seal: 1, at: offset, stored: stored, computed: running.value)
        }
        guard tail.count >= 13 else {
            return "\(file): the snapshot ends inside seal #1 at byte offset \(offset + tail.count)"
        }
        running.update(UnsafeRawBufferPointer(rebasing: tail[0..<13]))
        var position = 13
        var seal = 2
        while position < tail.count {
            let rest = UnsafeRawBufferPointer(rebasing: tail[position...])
            if let length = verifiedPart(rest, running: running) {
                running.update(UnsafeRawBufferPointer(rebasing: rest[0..<length]))
                position += length
                seal += 1
                continue
            }
            // Nothing verifies: report it if it is shaped like a seal, else ignore the bytes.
            for checksumAt in [20, 8] where looksSealed(rest, checksumAt: checksumAt) {
                var computed = running
                computed.update(UnsafeRawBufferPointer(rebasing: rest[0..<checksumAt]))
                var r = ByteCursor(rest, position: checksumAt)
                return mismatch(
                    file,
                    seal: seal,
                    at: offset + position + checksumAt,
                    stored: r.readInt64() ?? 0,
                    computed: computed.value
                )
            }
            break
        }
        return nil
    }

    /// The length of a digest or last-zxid part at the start of `bytes` whose seal verifies.
    private static func verifiedPart(_ bytes: UnsafeRawBufferPointer, running: RunningAdler) -> Int? {
        var c = ByteCursor(bytes)
        // ZxidDigest: zxid, version, digest (a long, or a hex string before version 2), seal.
        if bytes.count >= 33, c.readInt64() != nil, let version = c.readInt32() {
            var checksumAt = 20
            if version < 2 {
                if let length = c.readInt32(), length >= 0, length <= bytes.count - 29 {
                    checksumAt = 16 + Int(length)
                } else {
                    checksumAt = -1
                }
            }
            if checksumAt > 0 && verifies(bytes, checksumAt: checksumAt, running: running) { return checksumAt + 13 }
        }
        if bytes.count >= 21 && verifies(bytes, checksumAt: 8, running: running) { return 21 }
        return nil
    }

    private static func verifies(_ bytes: UnsafeRawBufferPointer, checksumAt: Int, running: RunningAdler) -> Bool {
        guard checksumAt + 13 <= bytes.count else { return false }
        var computed = running
        computed.update(UnsafeRawBufferPointer(rebasing: bytes[0..<checksumAt]))
        var c = ByteCursor(bytes, position: checksumAt)
        return c.readInt64() == Int64(computed.value)
    }

    private static func looksSealed(_ bytes: UnsafeRawBufferPointer, checksumAt: Int) -> Bool {
        let slash = checksumAt + 8
        guard slash + 5 <= bytes.count else { return false }
        return bytes[slash] == 0 && bytes[slash + 1] == 0 && bytes[slash + 2] == 0 && bytes[slash + 3] == 1
            && bytes[slash + 4] == UInt8(ascii: "/")
    }

    /// Compressed files: the reader computed the running checksum while decoding.
    static func check(reader: inout SnapshotReader, file: String) -> String? {
        let tail: SnapshotTail
        do {
            tail = try reader.readTail()
        } catch {
            let detail = error.detail
            let at = error.location.map { " at \($0.description)" } ?? ""
            if error.code == .corruptCompressedStream {
                return "\(file): \(detail)\(at); printed anyway, as Java stops reading before it"
            }
            return "\(file): the seals after the nodes could not be read: \(detail)\(at)"
        }
        for (k, seal) in tail.seals.enumerated() where !seal.isValid && (k == 0 || seal.slashPresent) {
            return mismatch(file, seal: k + 1, at: seal.offset, stored: seal.stored, computed: seal.computed)
        }
        return nil
    }

    private static func mismatch(_ file: String, seal: Int, at offset: Int, stored: Int64, computed: UInt32) -> String {
        "\(file): seal #\(seal) at byte offset \(offset) does not verify (stored 0x\(String(UInt64(bitPattern: stored), radix: 16)), "
            + "computed 0x\(String(computed, radix: 16))); printed anyway, as Java does not check seals"
    }
}

/// Adler-32 that can start from a known value (zlib's `adler32_z` cannot be seeded through
/// ``Adler32``); used only for the few bytes of the tail.
private struct RunningAdler {
    var a: UInt32
    var b: UInt32

    init(_ value: UInt32) {
        a = value & 0xFFFF
        b = value >> 16
    }

    var value: UInt32 { b << 16 | a }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
    }
}

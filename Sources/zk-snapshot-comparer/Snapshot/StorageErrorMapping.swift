import ZKStorage

/// Translates ZKStorage's errors into this tool's one-line report and the exception the Java
/// loader throws at the same point.
enum StorageErrorMapping {
    static func javaException(for error: ZKStorageError, codec: SnapshotCodec, file: [UInt8]) -> JavaThrowable {
        var problem = error.detail
        var whereText = "byte offset"
        let compressed = " (compressed offset)"
        if problem.hasSuffix(compressed) {
            problem.removeLast(compressed.count)
            whereText = "compressed byte offset"
        }
        // ZKStorage sometimes names the Java exception itself; the line quotes it anyway.
        if let java = problem.firstRange(of: " (Java: ") { problem.removeSubrange(java.lowerBound...) }
        let location = error.offset.map { "\(whereText) \($0)" }
        let (className, message) = javaException(error, codec: codec)
        return JavaThrowable(className, message, file: file, problem: problem, location: location)
    }

    private static func javaException(_ error: ZKStorageError, codec: SnapshotCodec) -> (String, String?) {
        let detail = error.detail
        switch error.code {
        case .truncated:
            return ("java.io.EOFException", nil)
        case .unreasonableLength:
            return ("java.io.IOException", "Unreasonable length = \(firstInteger(in: detail) ?? 0)")
        case .badMagic:
            return ("java.io.IOException", "mismatching magic headers")
        case .malformedRecord:
            if detail.contains("ACL") {
                return (
                    "java.lang.RuntimeException",
                    "Incorrent format of InputArchive when deserialize DataTree - missing acls"
                )
            }
            // A null path: ConcurrentHashMap.put(null, node).
            if detail.contains("null node path") { return ("java.lang.NullPointerException", nil) }
            return ("java.io.IOException", detail)
        case .corruptCompressedStream:
            return codec == .snappy ? snappyException(detail) : gzipException(detail)
        default:
            return ("java.io.IOException", detail)
        }
    }

    /// `GZIPInputStream` / `InflaterInputStream` messages (zlib's texts for deflate errors).
    private static func gzipException(_ detail: String) -> (String, String?) {
        if detail.contains("not in GZIP format") || detail.contains("invalid gzip header") {
            return ("java.util.zip.ZipException", "Not in GZIP format")
        }
        if detail.contains("ends early") { return ("java.io.EOFException", "Unexpected end of ZLIB input stream") }
        if detail.contains("trailer") { return ("java.util.zip.ZipException", "Corrupt GZIP trailer") }
        for known in [
            "invalid block type", "invalid stored block lengths", "too many length or distance symbols",
            "invalid code lengths set", "invalid bit length repeat", "invalid code -- missing end-of-block",
            "invalid literal/lengths set", "invalid distances set", "invalid literal/length code",
            "invalid distance code", "invalid distance too far back",
        ] where detail.contains(known) {
            return ("java.util.zip.ZipException", known)
        }
        return ("java.util.zip.ZipException", "invalid code lengths set")
    }

    /// snappy-java's `SnappyInputStream` messages.
    private static func snappyException(_ detail: String) -> (String, String?) {
        // Fewer than 4 bytes of chunk length: snappy-java sees the end of the stream.
        if detail.contains("block length cut short") { return ("java.io.EOFException", nil) }
        if detail.contains("exceeds") { return ("java.io.IOException", "failed to read chunk") }
        return ("java.io.IOException", "FAILED_TO_UNCOMPRESS(5)")
    }

    /// The first (possibly negative) decimal number in `text`.
    static func firstInteger(in text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let negative =
                b == UInt8(ascii: "-") && i + 1 < bytes.count && bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39
            if negative || (b >= 0x30 && b <= 0x39) {
                var j = negative ? i + 1 : i
                var value: Int64 = 0
                while j < bytes.count && bytes[j] >= 0x30 && bytes[j] <= 0x39 {
                    value = value &* 10 &+ Int64(bytes[j] - 0x30)
                    j += 1
                }
                return negative ? -value : value
            }
            i += 1
        }
        return nil
    }
}

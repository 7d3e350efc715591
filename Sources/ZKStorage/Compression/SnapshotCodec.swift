/// How a snapshot file is compressed (`persistence/SnapStream.java`).
public enum SnapshotCodec: String, Sendable, CaseIterable {
    /// Uncompressed ("CHECKED"), no suffix.
    case plain
    /// `java.util.zip.GZIPOutputStream`, suffix `.gz`.
    case gzip
    /// xerial snappy-java's stream format, suffix `.snappy`.
    case snappy

    /// The codec ZooKeeper picks for a file name: the last dot-separated component (Java `split`,
    /// trailing empty parts dropped), compared case-insensitively with `gz` and `snappy`.
    public init(fileName: String) {
        let name = fileName.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? fileName
        var parts = name.split(separator: ".", omittingEmptySubsequences: false)
        while let last = parts.last, last.isEmpty { parts.removeLast() }
        guard parts.count >= 2, let last = parts.last else {
            self = .plain
            return
        }
        switch last.lowercased() {
        case "gz": self = .gzip
        case "snappy": self = .snappy
        default: self = .plain
        }
    }

    /// The file-name suffix ZooKeeper appends for this codec.
    public var suffix: String {
        switch self {
        case .plain: ""
        case .gzip: ".gz"
        case .snappy: ".snappy"
        }
    }

    /// xerial snappy-java's stream header: magic `82 'SNAPPY' 00`, version 1, compatible version 1.
    public static let snappyHeader: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]
    /// The gzip header Java 16+'s `GZIPOutputStream` writes (OS byte 255).
    public static let gzipHeader: [UInt8] = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF]
    /// Uncompressed bytes per snappy-java block.
    public static let snappyBlockSize = 32768
}

/// A source of decompressed bytes.
protocol DecodedByteSource: AnyObject {
    /// Fills `buffer` with up to its count of decoded bytes; returns 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ZKStorageError) -> Int
    /// Damage found after the last decoded byte (a bad or missing gzip trailer). It is not
    /// thrown by `read`: Java's readers stop at the snapshot's terminator and never see it.
    var deferredError: ZKStorageError? { get }
    /// Bytes of the compressed input consumed so far: the mapped pages before it can be
    /// handed back (``MappedFile/release(before:)``). 0 when the source does not know.
    var inputOffset: Int { get }
}

extension DecodedByteSource {
    var deferredError: ZKStorageError? { nil }
    var inputOffset: Int { 0 }
}

internal import Glibc

/// The bytes of an input that is not mapped (a FIFO, a device, an empty or `/proc` file), read
/// incrementally and bounded, for ``MappedFile``.
///
/// 1. Up to ``MappedFile/probeSize`` bytes are read (fewer at the end of the input).
/// 2. Unless they start with a ZooKeeper data file's magic number, reading stops: the reader then
///    rejects these bytes on their magic as Java does, without draining `/dev/zero` or an
///    endless FIFO.
/// 3. A block or character device that does start with a magic is refused (`.io`, one line):
///    it is a disk given by mistake, or a loop device, not a file to load whole.
/// 4. Anything else is read to its end, at most ``MappedFile/streamLimit`` bytes.
///
/// The refusals of 3 and 4 carry no `errno` (no system call failed): callers that translate
/// an `errno` into Java's `FileNotFoundException` text print their `detail` instead.
struct StreamedInput {
    /// Owned by the caller (`MappedFile` deallocates it).
    let buffer: UnsafeMutableRawPointer
    let count: Int

    init(fd: Int32, path: String, kind: mode_t) throws(ZKStorageError) {
        var capacity = MappedFile.probeSize
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        var used = 0
        var probing = true
        while true {
            if used == capacity {
                if probing {
                    probing = false
                    let magic = UnsafeRawBufferPointer(start: buffer, count: used)
                    guard StreamedInput.startsWithMagic(magic) else { break }
                    if let refusal = StreamedInput.deviceRefusal(kind, path) {
                        buffer.deallocate()
                        throw refusal
                    }
                }
                guard capacity < MappedFile.streamLimit else {
                    buffer.deallocate()
                    throw ZKStorageError(
                        .io,
                        file: path,
                        offset: used,
                        "is not a regular file and is longer than \(MappedFile.streamLimit) bytes, the limit for one read"
                    )
                }
                let larger = min(capacity * 2, MappedFile.streamLimit)
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: larger, alignment: 16)
                bigger.copyMemory(from: buffer, byteCount: used)
                buffer.deallocate()
                buffer = bigger
                capacity = larger
            }
            let n = Glibc.read(fd, buffer + used, capacity - used)
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                buffer.deallocate()
                throw ZKStorageError(.io, file: path, "cannot read file", errno: e)
            }
            if n == 0 { break }
            used += n
        }
        if probing, StreamedInput.startsWithMagic(.init(start: buffer, count: used)),
            let refusal = StreamedInput.deviceRefusal(kind, path)
        {
            buffer.deallocate()
            throw refusal
        }
        self.buffer = buffer
        count = used
    }

    /// The error for a block or character device, nil for any other kind of file.
    private static func deviceRefusal(_ kind: mode_t, _ path: String) -> ZKStorageError? {
        guard kind == S_IFBLK || kind == S_IFCHR else { return nil }
        let what = kind == S_IFBLK ? "a block device" : "a character device"
        return ZKStorageError(.io, file: path, "is \(what), expected a regular file")
    }

    /// True when `bytes` start like a txn log (`ZKLG`), a plain snapshot (`ZKSN`), a gzip stream
    /// (`1F 8B`) or a snappy-java stream (`82 'SNAPPY' 00`).
    static func startsWithMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
        func starts(_ prefix: [UInt8]) -> Bool {
            bytes.count >= prefix.count && zip(bytes, prefix).allSatisfy { $0 == $1 }
        }
        return starts(Array("ZKLG".utf8)) || starts(Array("ZKSN".utf8)) || starts([0x1F, 0x8B])
            || starts(Array(SnapshotCodec.snappyHeader.prefix(8)))
    }
}

internal import Glibc
internal import ZKStorage
internal import ZKToolSupport

/// `log --follow`: the txns of a live server's logs as they become durable.
///
/// ZooKeeper preallocates each log with zeros and writes the next entry in place (crc, length,
/// payload, `'B'`), flushing on commit; after `snapCount` txns it rolls to a new `log.<zxid>`.
/// So: print every complete entry, and at the first incomplete one (a zero length, a short
/// file, a checksum or end byte not yet right) remember the offset, sleep, map the file again
/// and retry from there. When a newer log appears the current one is read to its end once more
/// (its last entries were flushed before the roll) and the newer one followed. Never a busy
/// loop; never a partial entry.
struct LogFollow {
    /// The directories to list (the verb's input).
    let listing: () throws(ZKDataError) -> [String]
    /// Sleep between polls.
    var interval: UInt32 = 200_000

    /// Runs until stdout closes; returns the exit status.
    func run(_ printer: inout LogPrinter) throws(ZKDataError) -> Int32 {
        var files = try listing()
        guard !files.isEmpty else { throw ZKDataError("no txn logs to follow") }
        // Everything but the newest log is complete: print it as `log` does.
        _ = printer.print(Array(files.dropLast()))
        var current = files.count - 1
        var position = FileHeader.byteCount
        var names = files
        while !Console.out.isBroken {
            let newer = current + 1 < files.count
            position = printer.follow(files[current], from: position, complete: newer)
            printer.flush()
            Console.out.flush()
            if newer {
                current += 1
                position = FileHeader.byteCount
                continue
            }
            usleep(interval)
            // A roll adds a newer log; keep the ones already known.
            let listed = try listing()
            for path in listed where !names.contains(path) {
                names.append(path)
                files.append(path)
            }
        }
        return printer.status
    }
}

extension LogPrinter {
    /// Prints the complete entries of `path` from `offset`; returns where the next entry starts.
    /// With `complete` (a newer log exists) an incomplete entry is damage, else not yet written.
    mutating func follow(_ path: String, from offset: Int, complete: Bool) -> Int {
        let index = register(path)
        let mapped: MappedFile
        var reader: TxnLogReader
        do {
            mapped = try MappedFile(path: path)
            reader = try TxnLogReader(file: mapped)
        } catch {
            // A log just created may not have its header yet.
            if complete { write(LogDamage(error, file: path, offset: 0)) }
            return offset
        }
        reader.seek(to: offset)
        while true {
            let start = reader.position
            let step: TxnLogReader.Step
            do {
                step = try reader.next()
            } catch {
                if complete { write(LogDamage(error, file: path, offset: start)) }
                return start
            }
            guard case .entry(let entry) = step else { return start }
            guard entry.checksumMatches, entry.endOfRecord == .valid else {
                if complete {
                    write(
                        LogDamage(
                            file: path,
                            offset: entry.offset,
                            code: entry.checksumMatches
                                ? ZKStorageError.Code.badEndOfRecord.rawValue
                                : ZKStorageError.Code.checksumMismatch.rawValue,
                            detail: "the last entry before the server moved to a newer log is incomplete"
                        )
                    )
                }
                return start
            }
            write(entry, file: index)
        }
    }
}

internal import CZKIO

/// ``LoggedTxns/forEachPayload(after:_:)`` with the reading on a second thread: it frames the
/// entries, checks each one (Adler-32, end-of-record byte, header), runs the caller's
/// `prepare` on it (work that needs only the entry, such as decoding) and hands them over in
/// batches, while the caller's thread only applies them. A replay spends about a quarter of
/// its time reading; this way that time overlaps with the tree work.
///
/// What the caller sees is what the one-thread loop gives: the same entries in the same order,
/// and the first damage thrown only once every entry before it has been handed over. The
/// reading thread stops when the caller stops (returns false or throws) and is always joined
/// before this returns.
extension LoggedTxns {
    /// Entries per batch handed over.
    static let readAheadBatch = 1024
    /// How many entries ahead an entry's bytes are fetched, and stages 1, 2 and 3 of `ahead`
    /// run (each stage reads what the one before asked the cache for).
    static let aheadDistances = (entry: 16, stage1: 8, stage2: 4, stage3: 2)
    /// Batches the reading thread may be ahead by.
    static let readAheadDepth = 8

    /// A checked entry: its header, where it is, and what `prepare` made of it.
    struct BatchEntry<Prepared> {
        var header: TxnHeader
        var offset: Int
        var payloadCount: Int
        var prepared: Prepared
    }

    /// A run of checked entries of one file, ended by what stopped the reading, if anything.
    final class EntryBatch<Prepared>: @unchecked Sendable {
        let file: MappedFile
        var entries: [BatchEntry<Prepared>] = []
        /// The damage after `entries`: the reading ends here.
        var failure: ZKStorageError?

        init(file: MappedFile) {
            self.file = file
            entries.reserveCapacity(LoggedTxns.readAheadBatch)
        }
    }

    /// What the reading thread hands over.
    enum Handover<Prepared> {
        case batch(EntryBatch<Prepared>)
        /// A log that cannot be opened: nothing after it is read.
        case failure(ZKStorageError)
    }

    /// Reads the logs after `zxid` into `queue` until the end, the first damage or a closed
    /// queue (the reading thread's loop).
    static func readAhead<Prepared>(
        _ files: ArraySlice<DataDirContents.File>,
        after zxid: Int64,
        prepare: (TxnHeader, UnsafeRawBufferPointer, Int) -> Prepared,
        into queue: BoundedQueue<Handover<Prepared>>
    ) {
        defer { queue.close() }
        for log in files {
            var reader: TxnLogReader
            do {
                reader = try TxnLogReader(path: log.path)
            } catch {
                queue.put(.failure(error))
                return
            }
            // The caller releases pages once it has applied the entries on them.
            reader.releasesPassedPages = false
            var batch = EntryBatch<Prepared>(file: reader.file)
            while true {
                let step: TxnLogReader.Step
                do {
                    step = try reader.next()
                } catch {
                    batch.failure = error
                    queue.put(.batch(batch))
                    return
                }
                guard case .entry(let entry) = step else { break }
                switch checked(entry, after: zxid, file: log.path) {
                case .skip:
                    continue
                case .failure(let error):
                    batch.failure = error
                    queue.put(.batch(batch))
                    return
                case .entry(let header):
                    let prepared = prepare(header, entry.payload, entry.payloadOffset)
                    batch.entries.append(
                        BatchEntry(
                            header: header,
                            offset: entry.offset,
                            payloadCount: entry.payload.count,
                            prepared: prepared
                        )
                    )
                    if batch.entries.count == readAheadBatch {
                        guard queue.put(.batch(batch)) else { return }
                        batch = EntryBatch(file: reader.file)
                    }
                }
            }
            if !batch.entries.isEmpty {
                guard queue.put(.batch(batch)) else { return }
            }
        }
    }

    /// ``forEachPayload(after:prepare:_:)`` reading on a second thread; nil when no thread can
    /// be started (the caller then reads on its own).
    func forEachPayloadReadingAhead<Prepared>(
        after zxid: Int64,
        prepare: @escaping (TxnHeader, UnsafeRawBufferPointer, Int) -> Prepared,
        ahead: (UnsafePointer<Prepared>, _ stage: Int) -> Void,
        _ body: (TxnHeader, UnsafeRawBufferPointer, Location, Prepared) throws -> Bool
    ) throws -> Void? {
        let files = files(after: zxid)
        let queue = BoundedQueue<Handover<Prepared>>(capacity: Self.readAheadDepth)
        guard
            let reader = BackgroundJob.started({ Self.readAhead(files, after: zxid, prepare: prepare, into: queue) })
        else { return nil }
        defer {
            queue.close()
            reader.join()
        }
        while let handover = queue.take() {
            switch handover {
            case .failure(let error):
                throw error
            case .batch(let batch):
                let bytes = batch.file.bytes
                // Each entry is read in place: a copy of it (`for entry in`) costs a copy of
                // its prepared part per txn.
                let stopped = try batch.entries.withUnsafeBufferPointer { entries in
                    for k in entries.indices {
                        if let base = entries.baseAddress {
                            let d = Self.aheadDistances
                            // The entries were written on the reading core: fetched before
                            // `ahead` reads them.
                            if k + d.entry < entries.count {
                                let entry = UnsafeRawPointer(base + (k + d.entry))
                                for line in stride(from: 0, to: MemoryLayout<BatchEntry<Prepared>>.size, by: 64) {
                                    zk_prefetch(entry + line)
                                }
                            }
                            func stage(_ n: Int, at distance: Int) {
                                guard k + distance < entries.count else { return }
                                // A stored property of a struct always has an address: no nil.
                                ahead(UnsafePointer(base + (k + distance)).pointer(to: \.prepared)!, n)
                            }
                            stage(1, at: d.stage1)
                            stage(2, at: d.stage2)
                            stage(3, at: d.stage3)
                        }
                        let start = entries[k].offset + 12
                        let payload = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + entries[k].payloadCount)])
                        let location = Location(file: batch.file.path, offset: entries[k].offset)
                        if try !body(entries[k].header, payload, location, entries[k].prepared) { return true }
                    }
                    return false
                }
                if stopped { return () }
                if let last = batch.entries.last { batch.file.release(before: last.offset) }
                if let failure = batch.failure { throw failure }
            }
        }
        return ()
    }
}

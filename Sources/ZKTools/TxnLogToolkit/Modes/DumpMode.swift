internal import ZKStorage
internal import ZKToolSupport

/// Dump and recovery mode (`TxnLogToolkit.dump`, 3.8.0).
///
/// For each entry: read crc and payload (EOF or a zero length ends the log normally), check the
/// Adler-32, print the `CRC ERROR`/`CRC FIXED` line and prompt as the mode says, print the plain
/// line unless recovering quietly, and only then look at the end-of-record byte. Recovery copies
/// each entry, with a fixed or the original checksum, to `<log>.fixed`.
struct DumpMode {
    struct Options {
        var recovery = false
        var verbose = false
        /// `-y`: fix every CRC error without asking.
        var force = false
    }

    let file: JavaFile
    let options: Options
    var renderer: TxnRenderer
    let fixed: RecoveryWriter?

    /// Runs the dump; the caller finishes `fixed` and prints the outcome.
    mutating func run(_ mapped: MappedFile, console: inout Console) -> Outcome {
        var reader: TxnLogReader
        do {
            reader = try TxnLogReader(file: mapped, checkMagic: false)
        } catch {
            // Shorter than the 16-byte FileHeader: DataInputStream.readInt/readLong hit EOF.
            return .crash(
                ToolError(
                    file: file.path,
                    offset: mapped.count,
                    problem: "file ends inside the 16-byte txn log header (\(mapped.count) bytes)",
                    javaException: "java.io.EOFException"
                )
            )
        }
        // The recovery writer copies spans straight from the mapping and releases pages itself.
        reader.releasesPassedPages = fixed == nil
        let header = reader.header
        if header.magic != FileHeader.txnLogMagic {
            return .message("Invalid magic number for \(file.name)", code: 2)
        }
        console.out.append("ZooKeeper Transactional Log File with dbid ")
        console.out.appendDecimal(Int64(header.dbid))
        console.out.append(" txnlog format version ")
        console.out.appendDecimal(Int64(header.version))
        console.out.append(0x0A)
        if let fixed {
            do { try fixed.writeHeader(header) } catch { return .crash(writeFailure(error)) }
        }

        let answers = console.input
        var count: Int64 = 0
        var crcFixed: Int64 = 0
        var crcErrors: Int64 = 0
        while true {
            let step: TxnLogReader.Step
            do {
                step = try reader.next()
            } catch {
                return .crash(mapped.lostOffset.map { .inputLost(file.path, at: $0) } ?? entryFailure(error))
            }
            guard case .entry(let entry) = step else {
                // A log that shrank while it was read ends in zeros: not an EOF.
                if let lost = mapped.lostOffset { return .crash(.inputLost(file.path, at: lost)) }
                // EOF in the crc, length or payload, or a zero length (the preallocated tail).
                console.out.append("EOF reached after ")
                console.out.appendDecimal(Int64(count))
                console.out.append(" txns.\n")
                if case .end(let end) = step, let problem = Self.earlyEnd(end, in: mapped) {
                    console.warn("\(problem): the dump stopped after \(count) txns")
                }
                break
            }
            var checksum = entry.storedChecksum
            do throws(ZKStorageError) {
                if !entry.checksumMatches {
                    if options.recovery && !options.force {
                        try renderer.renderLine(
                            entry.payload,
                            payloadOffset: entry.payloadOffset,
                            prefix: "CRC ERROR",
                            to: &console.out
                        )
                        switch askForFix(answers, console: &console) {
                        case .yes:
                            checksum = Int64(entry.computedChecksum)
                            crcFixed += 1
                        case .no:
                            break
                        case .abort:
                            console.warn(
                                "recovery aborted: \(fixed?.file.path ?? "the .fixed file") holds only the \(count) entries before it"
                            )
                            return .message("Recovery aborted.", code: 0)
                        case .endOfInput:
                            return .crash(
                                ToolError(
                                    file: file.path,
                                    offset: entry.offset,
                                    problem: "standard input ended before an answer to the recovery prompt",
                                    javaException: "java.util.NoSuchElementException"
                                )
                            )
                        }
                    } else if options.recovery {
                        checksum = Int64(entry.computedChecksum)
                        try renderer.renderLine(
                            entry.payload,
                            payloadOffset: entry.payloadOffset,
                            prefix: "CRC FIXED",
                            to: &console.out
                        )
                        crcFixed += 1
                    } else {
                        try renderer.renderLine(
                            entry.payload,
                            payloadOffset: entry.payloadOffset,
                            prefix: "CRC ERROR",
                            to: &console.out
                        )
                        crcErrors += 1
                    }
                }
                if !options.recovery || options.verbose {
                    try renderer.renderLine(entry.payload, payloadOffset: entry.payloadOffset, to: &console.out)
                }
            } catch {
                return .crash(decodeCrash(error, entry: entry))
            }
            switch entry.endOfRecord {
            case .valid:
                break
            case .wrong:
                return .message("Last transaction was partial.", code: 1)
            case .missing:
                return .crash(
                    ToolError(
                        file: file.path,
                        offset: entry.endOffset - 1,
                        problem: "file ends right after the payload of the entry at offset \(entry.offset); "
                            + "its end-of-record byte 'B' is missing",
                        javaException: "java.io.EOFException"
                    )
                )
            }
            if let fixed {
                do {
                    try fixed.append(entry, checksum: checksum)
                } catch {
                    return .crash(writeFailure(error))
                }
            }
            count += 1
            console.flushIfFull()
        }
        if crcErrors > 0 {
            console.warn(
                crcErrors == 1 ? "1 txn entry failed its CRC check" : "\(crcErrors) txn entries failed their CRC check"
            )
        }
        // Printed by the caller once the file is published.
        fixed?.fixedChecksums = crcFixed
        return .exit(0)
    }

    /// Why the log ended where Java stopped reading, when that is damage rather than the end of
    /// the file or of its zero-filled preallocated tail; nil for a normal end.
    static func earlyEnd(_ end: TxnLogReader.End, in mapped: MappedFile) -> String? {
        switch end {
        case .endOfFile:
            return nil
        case .truncated(let offset, let expected):
            return "the log ends inside a txn entry at byte offset \(offset) (expected \(expected))"
        case .zeroLength(let offset, _):
            let rest = UnsafeRawBufferPointer(rebasing: mapped.bytes[min(offset, mapped.count)...])
            guard let firstData = rest.firstIndex(where: { $0 != 0 }) else { return nil }
            return "a zero txn length at byte offset \(offset) ends the log, "
                + "but there are more bytes at byte offset \(offset + firstData)"
        }
    }

    enum Answer {
        case yes, no, abort, endOfInput
    }

    /// `askForFix`: prompt and read tokens until one starts with Y, N or A (any case).
    ///
    /// `Character.toUpperCase(scanner.next().charAt(0))`: only a token starting with one of
    /// those six ASCII letters answers.
    private func askForFix(_ answers: ScannerInput, console: inout Console) -> Answer {
        while true {
            console.out.append("Would you like to fix it (Yes/No/Abort) ? ")
            console.flush()
            guard let token = answers.next() else { return .endOfInput }
            switch token.utf16.first {
            case 0x59, 0x79: return .yes
            case 0x4E, 0x6E: return .no
            case 0x41, 0x61: return .abort
            default: continue
            }
        }
    }

    /// A txn that does not decode: where and why, and the exception Java dies with.
    func decodeCrash(_ error: ZKStorageError, entry: TxnLogEntry) -> ToolError {
        ToolError(
            file: file.path,
            offset: error.offset ?? entry.offset,
            problem: "\(error.detail) (txn entry at offset \(entry.offset))",
            javaException: error.javaException?.description ?? "java.io.IOException"
        )
    }

    /// An entry whose length field Java rejects (-1, negative or over `jute.maxbuffer`).
    func entryFailure(_ error: ZKStorageError) -> ToolError {
        ToolError(
            file: file.path,
            offset: error.offset,
            problem: error.detail,
            javaException: error.javaException?.description ?? "java.io.IOException"
        )
    }

    func writeFailure(_ error: ZKStorageError) -> ToolError {
        .writeFailure(error, writing: "the recovery file")
    }
}

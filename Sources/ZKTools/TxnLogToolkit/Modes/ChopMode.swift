internal import Glibc
internal import ZKStorage
internal import ZKToolSupport

/// Chop mode (`-c -z <zxid>`): `TxnLogToolkit.chop` around `LogChopper.chop` (3.8.0).
///
/// Copies the header and every entry up to and including `zxid` to
/// `<dir>/<name>.chopped<zxid>` (no padding), reporting zxid gaps on the way. Every failure,
/// including "the zxid is not in this log", prints `Got exception: <message>` on stdout and
/// exits 0. The output file is written whatever happens once both files are open.
struct ChopMode {
    let file: JavaFile
    let zxid: Int64
    var renderer: TxnRenderer

    /// What `LogChopper.chop` returned, or the message of what it threw.
    enum Result {
        case chopped
        case failed
        case exception(String)
    }

    mutating func run(console: inout Console) -> Outcome {
        let target = JavaFile(parent: file.parent, child: file.name + ".chopped" + String(zxid), charset: file.charset)
        let mapped: MappedFile
        do {
            mapped = try file.map()
        } catch {
            if error.errno == nil { return .crash(.refused(error)) }
            return gotException("\(file.path) (\(JavaFile.reason(errno: error.errno ?? 0)))", console: &console)
        }
        // `new FileOutputStream(targetFile)` fails on a directory or a read-only file.
        if target.isDirectory {
            return gotException("\(target.path) (Is a directory)", console: &console)
        }
        if target.exists && !target.canWrite {
            return gotException("\(target.path) (Permission denied)", console: &console)
        }
        let out: AtomicFileWriter
        do {
            out = try AtomicFileWriter(path: target.path, overwrite: true)
        } catch {
            return gotException("\(target.path) (\(JavaFile.reason(errno: error.errno ?? 0)))", console: &console)
        }
        let result = chop(mapped, to: out, console: &console)
        // A log that shrank while it was read ended in zeros: publish nothing, and say so.
        if let lost = mapped.lostOffset {
            out.abandon()
            return .crash(.inputLost(file.path, at: lost))
        }
        do {
            try out.commit()
        } catch {
            // Java: `Got exception: <IOException message>`, exit 0. Its partial file is not
            // kept here: stderr says that nothing was published.
            if error.offset != nil { return .crash(.writeFailure(error, writing: "the chopped log")) }
            console.flush()
            console.errorLine(ToolError.writeFailure(error, writing: "the chopped log").line)
            return gotException(JavaFile.reason(errno: error.errno ?? EIO), console: &console)
        }
        switch result {
        case .chopped:
            return .exit(0)
        case .failed:
            console.warn("the chop failed; \(target.path) holds only the records before the failure")
            return gotException("Failed to chop \(file.name)", console: &console)
        case .exception(let message):
            console.warn("the chop failed; \(target.path) holds only the records before the failure")
            return gotException(message, console: &console)
        }
    }

    /// TxnLogToolkit's `catch (Exception e)`: `Got exception: <message>` on stdout, exit 0.
    private func gotException(_ message: String, console: inout Console) -> Outcome {
        console.out.append("Got exception: ")
        console.out.append(console.charset.encode(message))
        console.out.append(0x0A)
        return .exit(0)
    }

    private mutating func chop(_ mapped: MappedFile, to out: AtomicFileWriter, console: inout Console) -> Result {
        var reader: TxnLogReader
        do {
            reader = try TxnLogReader(file: mapped, checkMagic: false)
        } catch {
            return .exception("null")  // EOFException reading the FileHeader
        }
        let header = reader.header
        if header.magic != FileHeader.txnLogMagic {
            console.errorLine("Invalid magic number in txn log file")
            return .failed
        }
        console.out.append("ZooKeeper Transactional Log File with dbid ")
        console.out.appendDecimal(Int64(header.dbid))
        console.out.append(" txnlog format version ")
        console.out.appendDecimal(Int64(header.version))
        console.out.append(0x0A)
        do { try out.write(header.juteBytes) } catch { return .exception(JavaFile.reason(errno: error.errno ?? EIO)) }

        var count: Int64 = 0
        var hasZxid = false
        var previousZxid: Int64 = -1
        while true {
            let step: TxnLogReader.Step
            do {
                step = try reader.next()
            } catch {
                return .exception(error.javaMessage)
            }
            guard case .entry(let entry) = step else {
                console.out.append("EOF reached after ")
                console.out.appendDecimal(Int64(count))
                console.out.append(" txns.\n")
                return .failed
            }
            if !entry.checksumMatches {
                return .exception("CRC doesn't match \(entry.storedChecksum) vs \(entry.computedChecksum)")
            }
            do throws(ZKStorageError) {
                try renderer.validate(entry.payload, payloadOffset: entry.payloadOffset)
            } catch {
                return .exception(error.javaMessage)
            }
            switch entry.endOfRecord {
            case .valid: break
            case .missing: return .exception("null")
            case .wrong:
                console.out.append("Last transaction was partial.\n")
                return .exception("Last transaction was partial.")
            }
            let txnZxid = Int64(bigEndian: entry.payload.loadUnaligned(fromByteOffset: 12, as: Int64.self))
            if txnZxid == zxid { hasZxid = true }
            if previousZxid != -1 && txnZxid != previousZxid &+ 1 {
                if txnZxid >> 32 == previousZxid >> 32 {
                    gap("intra", previousZxid, txnZxid, console: &console)
                } else if txnZxid & 0xFFFF_FFFF != 1 {
                    gap("inter", previousZxid, txnZxid, console: &console)
                }
            }
            previousZxid = txnZxid
            if txnZxid > zxid {
                if count == 0 || !hasZxid {
                    console.out.append("This log does not contain zxid ")
                    console.out.appendHex(zxid)
                    console.out.append(0x0A)
                    return .failed
                }
                console.out.append("Chopping at ")
                console.out.appendHex(zxid)
                console.out.append(" new log has ")
                console.out.appendDecimal(Int64(count))
                console.out.append(" records\n")
                return .chopped
            }
            do {
                try TxnLogWriter.writeEntry(checksum: entry.storedChecksum, payload: entry.payload, to: out)
            } catch {
                return .exception(JavaFile.reason(errno: error.errno ?? EIO))  // the commit below reports it
            }
            count += 1
            console.flushIfFull()
        }
    }

    /// `There is intra-epoch gap between %x and %x` (and inter-epoch).
    private func gap(_ kind: StaticString, _ from: Int64, _ to: Int64, console: inout Console) {
        console.out.append("There is ")
        console.out.append(kind)
        console.out.append("-epoch gap between ")
        console.out.appendHex(from)
        console.out.append(" and ")
        console.out.appendHex(to)
        console.out.append(0x0A)
    }
}

extension ZKStorageError {
    /// `Throwable.getMessage()` of the exception Java throws here (`null` when it has none, as
    /// `"Got exception: " + e.getMessage()` prints it).
    var javaMessage: String { javaException?.message ?? "null" }
}

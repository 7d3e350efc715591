internal import Glibc

/// Buffered standard output that behaves like Java's `System.out` where it matters.
///
/// - Output is collected in a 64 KiB buffer and written with `write(2)` when the buffer is
///   full, on ``flush()``, and at process exit (an `atexit` handler). Tools flush before they
///   write to stderr (``StandardError`` does it for them), before they read stdin
///   (``StandardInput`` does it), and before they exit, so `2>&1` interleaving and prompts
///   look as they do with Java, which flushes every `print`.
/// - Java ignores write errors on `System.out`: `tool | head -1` runs to completion and exits
///   normally. So SIGPIPE is ignored, and after the first failed write (EPIPE or any other
///   error) all further output is discarded silently.
///
/// Use ``shared``. It is meant for the tools' single thread; it is not synchronised.
public final class StandardOutput: @unchecked Sendable {
    /// The process's standard output.
    public static let shared = StandardOutput(fileDescriptor: 1)

    /// The size at which the buffer is written out.
    public static let bufferSize = 64 * 1024

    let fileDescriptor: Int32
    var buffer: [UInt8] = []
    /// Set once a write failed; later output is dropped.
    public private(set) var isBroken = false
    /// The `errno` of the first failed write, if any (Java ignores it; `zkdata` reports it).
    public private(set) var writeErrno: Int32?

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        buffer.reserveCapacity(Self.bufferSize)
        signal(SIGPIPE, SIG_IGN)
        if fileDescriptor == 1 {
            atexit { StandardOutput.shared.flush() }
        }
    }

    /// Appends bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        if buffer.count + bytes.count > Self.bufferSize {
            flush()
            if bytes.count >= Self.bufferSize {
                writeOut(bytes)
                return
            }
        }
        buffer.append(contentsOf: bytes)
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Appends the UTF-8 of `string`.
    public func write(_ string: String) {
        var string = string
        string.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the UTF-8 of `string` and a line feed (`println`).
    public func writeLine(_ string: String) {
        write(string)
        buffer.append(0x0A)
        if buffer.count >= Self.bufferSize {
            flush()
        }
    }

    /// Writes everything buffered so far.
    public func flush() {
        if !buffer.isEmpty {
            buffer.withUnsafeBytes { writeOut($0) }
            buffer.removeAll(keepingCapacity: true)
        }
    }

    func writeOut(_ bytes: UnsafeRawBufferPointer) {
        if isBroken {
            return
        }
        if !Self.writeAll(fileDescriptor, bytes) {
            isBroken = true
            writeErrno = errno
        }
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and `EINTR`; false on any error.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else {
            return true
        }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR {
                    continue
                }
                return false
            }
            done += n
        }
        return true
    }
}

/// Standard error, written unbuffered after flushing ``StandardOutput``.
public enum StandardError {
    /// Flushes stdout, then writes `message` and a line feed to stderr (Java's
    /// `System.err.println`). Errors are ignored.
    public static func writeLine(_ message: String) {
        write(message + "\n")
    }

    /// Flushes stdout, then writes `text` to stderr as is.
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes already-encoded `bytes` and a line feed (see ``writeLine(_:)-(String)``).
    public static func writeLine(_ bytes: [UInt8]) {
        (bytes + [0x0A]).withUnsafeBytes { write($0) }
    }

    /// Flushes stdout, then writes `bytes` to stderr.
    public static func write(_ bytes: UnsafeRawBufferPointer) {
        StandardOutput.shared.flush()
        _ = StandardOutput.writeAll(2, bytes)
    }
}

/// Exit codes of the ZooKeeper tools (`org.apache.zookeeper.server.ExitCode`).
public enum ExitStatus {
    /// `EXECUTION_FINISHED`.
    public static let finished: Int32 = 0
    /// `UNEXPECTED_ERROR`, also what the JVM returns for an uncaught exception.
    public static let unexpectedError: Int32 = 1
    /// `INVALID_INVOCATION`.
    public static let invalidInvocation: Int32 = 2

    /// Flushes stdout and ends the process with `code` (`System.exit`).
    public static func exit(_ code: Int32) -> Never {
        StandardOutput.shared.flush()
        Glibc.exit(code)
    }
}

/// Flushes stdout, writes `message` and a line feed to stderr, and exits with `code`.
public func fail(_ message: String, code: Int32) -> Never {
    StandardError.writeLine(message)
    ExitStatus.exit(code)
}

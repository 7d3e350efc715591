internal import Glibc
internal import ZKStorage

/// A drop-in for one of ZooKeeper's Java command-line tools (or a tool of our own): a name and a
/// run over raw arguments and the standard streams. Tests run a tool in-process with
/// ``ToolIO/memory(stdin:charset:)``; its executable is `exit(ToolMain.run(X.self))`.
public protocol Tool {
    /// The executable's name, the first word of every error and warning line.
    static var name: String { get }

    /// Runs the tool on `arguments` (argv without the program name, raw bytes) and returns the
    /// exit status. Everything is written through `io`.
    static func run(arguments: [[UInt8]], io: ToolIO) -> Int32
}

/// The process shell every tool executable shares, doing what the JVM does before `main`.
public enum ToolMain {
    /// Runs `tool` as this process: SIGPIPE ignored (Java ignores write errors on `System.out`),
    /// descriptors 0–2 opened on `/dev/null` when closed at start-up (so no file the tool
    /// opens becomes "stdout"), the platform charset for streams, arguments and file names, raw
    /// argv; then flushes and returns the exit status.
    public static func run<T: Tool>(_ tool: T.Type) -> Int32 {
        _ = signal(SIGPIPE, SIG_IGN)
        openClosedStandardDescriptors()
        let charset = JavaPlatformCharset.fromEnvironment()
        JavaFileSystem.setFileNameEncoder { charset.encodeFileName($0) }
        let io = ToolIO.standard(charset: charset)
        let status = T.run(arguments: rawArguments(), io: io)
        io.flush()
        return status
    }

    /// The process arguments without the program name, as raw bytes (no decoding).
    public static func rawArguments() -> [[UInt8]] {
        (1..<max(Int(CommandLine.argc), 1)).map { i -> [UInt8] in
            guard let arg = CommandLine.unsafeArgv[i] else { return [] }
            return Array(UnsafeRawBufferPointer(start: arg, count: strlen(arg)))
        }
    }

    /// Opens `/dev/null` on each of descriptors 0, 1, 2 that is closed (`open` returns the
    /// lowest free descriptor).
    static func openClosedStandardDescriptors() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if opened >= 0 && opened != fd { close(opened) }
        }
    }
}

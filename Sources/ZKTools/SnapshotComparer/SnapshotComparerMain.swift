internal import Glibc
internal import ZKToolSupport

/// The process entry of `zk-snapshot-comparer`: a drop-in for ZooKeeper 3.8.0's
/// `org.apache.zookeeper.server.SnapshotComparer` (bin/zkSnapshotComparer.sh) as OpenJDK 17 runs
/// it. See ComparerCommand.
public enum SnapshotComparerMain {
    /// Runs the tool on this process's arguments and returns its exit status.
    public static func main() -> Int32 {
        // Java ignores write errors on stdout (`| head` still exits 0).
        _ = signal(SIGPIPE, SIG_IGN)
        let charset = JavaPlatformCharset.fromEnvironment()
        let arguments = (1..<Int(CommandLine.argc)).map { i -> [UInt8] in
            guard let arg = CommandLine.unsafeArgv[i] else { return [] }
            return Array(UnsafeRawBufferPointer(start: arg, count: strlen(arg)))
        }
        let command = ComparerCommand(
            arguments: arguments,
            charset: charset,
            out: JavaPrintStream(sink: FileDescriptorSink(fd: 1), charset: charset),
            err: JavaPrintStream(sink: FileDescriptorSink(fd: 2), charset: charset),
            input: { ScannerLineReader(source: FileDescriptorSource(fd: 0), charset: charset) }
        )
        return command.run()
    }
}

internal import Glibc
internal import ZKToolSupport

/// The process entry of `zk-snapshot-formatter`: a byte-identical drop-in for ZooKeeper 3.8.0's
/// SnapshotFormatter (bin/zkSnapShotToolkit.sh): `zk-snapshot-formatter [-d|-json] snapshot_file`.
public enum SnapshotFormatterMain {
    /// Runs the tool on this process's arguments and returns its exit status.
    public static func main() -> Int32 {
        // Java ignores write errors on stdout (`| head` exits 0), so SIGPIPE is ignored here too.
        _ = signal(SIGPIPE, SIG_IGN)
        let charset = JavaPlatformCharset.fromEnvironment()
        let out = OutputSink(fd: 1)
        let status = Formatter(out: out, err: ErrorOutput(stdout: out), charset: charset)
            .run(Invocation.rawArguments())
        out.flush()
        return status
    }
}

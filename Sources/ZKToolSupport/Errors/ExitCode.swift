/// The exit statuses of the tools: ZooKeeper's `org.apache.zookeeper.server.ExitCode` values that
/// the Java tools use, and what the JVM returns when `main` dies with an uncaught exception.
///
/// | code | when |
/// |---|---|
/// | 0 | finished (also where Java exits 0 after a problem; then a `warning:` line on stderr) |
/// | 1 | an uncaught Java exception, a usage error the Java tool reports with 1, a failed deletion |
/// | 2 | invalid invocation where the Java tool exits 2 (the formatter's usage and unreadable file, purge's `--lock-timeout`) |
public enum ExitCode: Int32, Error, Sendable {
    /// `EXECUTION_FINISHED`.
    case finished = 0
    /// `UNEXPECTED_ERROR`, also the JVM's status for an uncaught exception.
    case unexpectedError = 1
    /// `INVALID_INVOCATION`.
    case invalidInvocation = 2
}

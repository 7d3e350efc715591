/// The process entry of `zk-purge-txnlog`: a drop-in for ZooKeeper 3.8.0's
/// `org.apache.zookeeper.server.PurgeTxnLog` (bin/zkCleanup.sh).
public enum PurgeTxnLogMain {
    /// Runs the tool on this process's arguments and returns its exit status.
    public static func main() -> Int32 {
        PurgeTxnLog.run(Array(CommandLine.arguments.dropFirst()))
    }
}

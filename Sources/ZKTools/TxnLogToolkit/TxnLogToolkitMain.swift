/// The process entry of `zk-txnlog-toolkit`: a byte-identical replacement for ZooKeeper 3.8.0's
/// `org.apache.zookeeper.server.persistence.TxnLogToolkit` (dump, CRC recovery, chop).
public enum TxnLogToolkitMain {
    /// Runs the tool on this process's arguments and returns its exit status.
    public static func main() -> Int32 {
        Toolkit.main(rawArguments: (1..<Int(CommandLine.argc)).map { CommandLine.unsafeArgv[$0] })
    }
}

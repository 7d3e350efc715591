internal import Glibc

// zk-txnlog-toolkit: a byte-identical replacement for ZooKeeper 3.8.0's
// `org.apache.zookeeper.server.persistence.TxnLogToolkit` (dump, CRC recovery, chop).
exit(Toolkit.main(rawArguments: (1..<Int(CommandLine.argc)).map { CommandLine.unsafeArgv[$0] }))

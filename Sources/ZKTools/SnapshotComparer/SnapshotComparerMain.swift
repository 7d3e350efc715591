public import ZKToolSupport

/// `zk-snapshot-comparer`: a drop-in for ZooKeeper 3.8.0's
/// `org.apache.zookeeper.server.SnapshotComparer` (bin/zkSnapshotComparer.sh) as OpenJDK 17 runs
/// it. See ComparerCommand.
public enum SnapshotComparerTool: Tool {
    public static let name = "zk-snapshot-comparer"

    public static func run(arguments: [[UInt8]], io: ToolIO) -> Int32 {
        let status = ComparerCommand(
            arguments: arguments,
            charset: io.charset,
            out: io.out,
            err: io.err,
            input: io.input
        )
        .run()
        if let problem = io.out.writeProblem {
            io.warning(problem, tool: name)
        }
        return status
    }
}

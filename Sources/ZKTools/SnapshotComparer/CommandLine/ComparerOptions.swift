import ZKToolSupport

/// `SnapshotComparer`'s options, in the order the Java constructor adds them (the order of
/// "Missing required options" and of ambiguous-prefix lists), parsed by ZKToolSupport's
/// commons-cli `DefaultParser` emulation.
enum ComparerOptions {
    static let parser = CommandLineParser(options: [
        .init(
            short: "l",
            long: "left",
            hasArg: true,
            argName: "LEFT",
            required: true,
            description: "(Required) The left snapshot file."
        ),
        .init(
            short: "r",
            long: "right",
            hasArg: true,
            argName: "RIGHT",
            required: true,
            description: "(Required) The right snapshot file."
        ),
        .init(
            short: "b",
            long: "bytes",
            hasArg: true,
            argName: "BYTETHRESHOLD",
            required: true,
            description: "(Required) The node data delta size threshold, in bytes, for printing the node."
        ),
        .init(
            short: "n",
            long: "nodes",
            hasArg: true,
            argName: "NODETHRESHOLD",
            required: true,
            description: "(Required) The descendant node delta size threshold, in nodes, for printing the node."
        ),
        .init(short: "d", long: "debug", description: "Use debug output."),
        .init(short: "i", long: "interactive", description: "Enter interactive mode."),
    ])

    /// `HelpFormatter.printHelp(120, "java -cp <classPath> ...SnapshotComparer", "", options, "")`.
    static let usage = parser.helpText(syntax: "java -cp <classPath> org.apache.zookeeper.server.SnapshotComparer")

    /// What `-h`/`--help` (unknown options to Java) list after Java's usage.
    static let additions = ToolHelp.additions(
        tool: SnapshotComparerTool.name,
        javaTool: "SnapshotComparer",
        ToolHelp.common(tool: SnapshotComparerTool.name)
    )
}

internal import ZKToolSupport

/// TxnLogToolkit's options, parsed by ZKToolSupport's commons-cli 1.5 `DefaultParser` emulation.
///
/// Short options bundle (`-rvy`), `-z` takes its value attached (`-z5`, `-z=5`) or as the next
/// token, long options take unique prefixes (`--rec`, even `-rec`), `--` ends option parsing,
/// non-options may appear anywhere, and repeated options are accepted (the first `-z` wins).
enum Arguments {
    /// The options in `parseCommandLine`'s definition order.
    static let parser = CommandLineParser(options: [
        .init(short: "h", long: "help", description: "Print help message"),
        .init(short: "r", long: "recover", description: "Recovery mode. Re-calculate CRC for broken entries."),
        .init(
            short: "v",
            long: "verbose",
            description: "Be verbose in recovery mode: print all entries, not just fixed ones."
        ),
        .init(
            short: "d",
            long: "dump",
            description:
                "Dump mode. Dump all entries of the log file with printing the content of a nodepath (default)"
        ),
        .init(short: "y", long: "yes", description: "Non-interactive mode: repair all CRC errors without asking"),
        .init(short: "c", long: "chop", description: "Chop mode. Chop txn file to a zxid."),
        .init(short: "z", long: "zxid", hasArg: true, description: "Used with chop. Zxid to which to chop."),
    ])

    /// `HelpFormatter.printHelp(120, "TxnLogToolkit [-dhrvc] <txn_log_file_name> (-z <zxid>)", "", options, "")`.
    static let help = parser.helpText(syntax: "TxnLogToolkit [-dhrvc] <txn_log_file_name> (-z <zxid>)", width: 120)

    /// What `-h` lists after Java's help.
    static let additions = ToolHelp.additions(
        tool: TxnLogToolkitTool.name,
        javaTool: "TxnLogToolkit",
        ToolHelp.common(tool: TxnLogToolkitTool.name)
    )
}

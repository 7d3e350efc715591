/// What a drop-in adds to its Java tool, listed after Java's own usage text when the user asks
/// for help (`-h`, `--help`):
///
///     <Java's usage text, byte for byte>
///
///     Additions in zk-purge-txnlog (not in ZooKeeper 3.8.0's PurgeTxnLog):
///       --dry-run   ...
public enum ToolHelp {
    /// The first line of the additions section (golden checks strip from here on).
    public static func heading(tool: String, javaTool: String) -> String {
        "Additions in \(tool) (not in ZooKeeper 3.8.0's \(javaTool)):"
    }

    /// The section: an empty line, the heading, and each addition indented by two spaces.
    public static func additions(tool: String, javaTool: String, _ lines: [String]) -> String {
        "\n" + heading(tool: tool, javaTool: javaTool) + "\n" + lines.map { "  " + $0 + "\n" }.joined()
    }

    /// Whether `arguments` ask for help.
    public static func isRequested(_ arguments: [String]) -> Bool {
        arguments.contains { $0 == "-h" || $0 == "--help" }
    }

    /// The additions every drop-in shares.
    public static func common(tool: String) -> [String] {
        [
            "Where Java dies with a stack trace: one line, \(tool): error: <file>: <problem> at <where> "
                + "(Java: <exception>), and Java's exit code.",
            "Where Java exits 0 after a problem: the same output and exit code, and one line "
                + "\(tool): warning: <what happened> on stderr.",
            "File names in the platform charset (e.g. ISO-8859-1 under en_US.ISO-8859-1), as Java reads them.",
        ]
    }
}

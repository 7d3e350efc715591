import TestSupport
import Testing

@testable import ZKToolSupport

@Suite struct CommandLineParserTests {
    typealias Option = CommandLineParser.Option

    /// TxnLogToolkit's options (ZooKeeper 3.8.0), in definition order.
    static let txnLogToolkit = CommandLineParser(options: [
        Option(short: "h", long: "help", description: "Print help message"),
        Option(short: "r", long: "recover", description: "Recovery mode. Re-calculate CRC for broken entries."),
        Option(
            short: "v",
            long: "verbose",
            description: "Be verbose in recovery mode: print all entries, not just fixed ones."
        ),
        Option(
            short: "d",
            long: "dump",
            description: "Dump mode. Dump all entries of the log file with printing the content of a nodepath (default)"
        ),
        Option(short: "y", long: "yes", description: "Non-interactive mode: repair all CRC errors without asking"),
        Option(short: "c", long: "chop", description: "Chop mode. Chop txn file to a zxid."),
        Option(short: "z", long: "zxid", hasArg: true, description: "Used with chop. Zxid to which to chop."),
    ])

    /// SnapshotComparer's options (ZooKeeper 3.8.0), in definition order.
    static let snapshotComparer = CommandLineParser(options: [
        Option(
            short: "l",
            long: "left",
            hasArg: true,
            argName: "LEFT",
            required: true,
            description: "(Required) The left snapshot file."
        ),
        Option(
            short: "r",
            long: "right",
            hasArg: true,
            argName: "RIGHT",
            required: true,
            description: "(Required) The right snapshot file."
        ),
        Option(
            short: "b",
            long: "bytes",
            hasArg: true,
            argName: "BYTETHRESHOLD",
            required: true,
            description: "(Required) The node data delta size threshold, in bytes, for printing the node."
        ),
        Option(
            short: "n",
            long: "nodes",
            hasArg: true,
            argName: "NODETHRESHOLD",
            required: true,
            description: "(Required) The descendant node delta size threshold, in nodes, for printing the node."
        ),
        Option(short: "d", long: "debug", description: "Use debug output."),
        Option(short: "i", long: "interactive", description: "Enter interactive mode."),
    ])

    static func render(_ parser: CommandLineParser, _ args: [String]) -> String {
        do {
            let line = try parser.parse(args)
            var out = "P"
            for option in parser.options where line.has(option.key) {
                out += " @" + option.key
                for v in line.values(option.key) {
                    out += " =" + v
                }
            }
            out += " #"
            for a in line.arguments {
                out += " " + a
            }
            return out
        } catch {
            return (error.isUncaughtException ? "X " : "E ") + error.message
        }
    }

    @Test func parsesLikeCommonsCLI() throws {
        let lines = try JavaVectors.lines("cli.txt")
        var count = 0
        var i = 0
        while i + 1 < lines.count {
            let a = lines[i].split(separator: " ").dropFirst()
            let parser = a.first == "T" ? Self.txnLogToolkit : Self.snapshotComparer
            let args = a.dropFirst().map(JavaVectors.unescape)
            let r = lines[i + 1]
            var expected: String
            if r.hasPrefix("P") {
                expected = r.split(separator: " ").map { part -> String in
                    if part.hasPrefix("=") { return "=" + JavaVectors.unescape(part.dropFirst()) }
                    if part == "#" || part == "P" || part.hasPrefix("@") { return String(part) }
                    return JavaVectors.unescape(part)
                }.joined(separator: " ")
            } else {
                expected = String(r.prefix(2)) + JavaVectors.unescape(r.dropFirst(2))
            }
            #expect(Self.render(parser, args) == expected, "\(lines[i])")
            count += 1
            i += 2
        }
        #expect(count > 130)
    }

    @Test func helpMatchesHelpFormatter() throws {
        let txn = try JavaVectors.text("cli-help-txnlog.txt")
        #expect(Self.txnLogToolkit.helpText(syntax: "TxnLogToolkit [-dhrvc] <txn_log_file_name> (-z <zxid>)") == txn)
        let cmp = try JavaVectors.text("cli-help-comparer.txt")
        #expect(
            Self.snapshotComparer.helpText(syntax: "java -cp <classPath> org.apache.zookeeper.server.SnapshotComparer")
                == cmp
        )
        let wrap = try JavaVectors.text("cli-help-wrap.txt")
        let wide = CommandLineParser(options: [
            Option(
                short: "a",
                long: "alpha",
                hasArg: true,
                description:
                    "A description that is long enough to wrap several times when the width is small, with words."
            ),
            Option(short: nil, long: "only-long", description: "Long only.\nSecond line after a newline."),
            Option(short: "B", long: nil, hasArg: true, argName: "", description: "Blank arg name; tab\there."),
            Option(
                short: "c",
                long: nil,
                description: "averyveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspaces"
            ),
        ])
        #expect(wide.helpText(syntax: "prog with a fairly long usage line that must wrap at forty", width: 40) == wrap)
    }

    @Test func firstValueWins() throws {
        let line = try Self.txnLogToolkit.parse(["-c", "-z", "1", "--zxid=2", "log", "more"])
        #expect(line.value("z") == "1")
        #expect(line.value("zxid") == "1")
        #expect(line.values("z") == ["1", "2"])
        #expect(line.arguments == ["log", "more"])
        #expect(line.has("chop") && line.has("c") && !line.has("r"))
    }
}

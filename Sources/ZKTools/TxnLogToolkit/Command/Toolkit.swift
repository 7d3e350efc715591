internal import Glibc
internal import ZKStorage
public import ZKToolSupport

/// `org.apache.zookeeper.server.persistence.TxnLogToolkit` (ZooKeeper 3.8.0): dump, CRC
/// recovery, chop; `TxnLogToolkit.main`'s decision sequence from the command line to a mode.
public enum TxnLogToolkitTool: Tool {
    public static let name = "zk-txnlog-toolkit"

    public static func run(arguments: [[UInt8]], io: ToolIO) -> Int32 {
        var console = Console(io: io)
        // An argument as the JVM sees it: argv bytes decoded with the platform charset.
        let tokens = arguments.map { io.charset.decodeArgument($0) }
        let outcome = Toolkit.run(tokens, console: &console)
        console.flush()
        let status: Int32
        switch outcome {
        case .exit(let code):
            status = code
        case .message(let text, let code):
            console.errorLine(text)
            status = code
        case .crash(let crash):
            console.errorLine(crash.line)
            return 1
        }
        if let problem = io.out.writeProblem {
            console.warn(problem)
        }
        if !console.warnings.isEmpty {
            io.warning(console.warnings.joined(separator: "; "), tool: name)
        }
        return status
    }
}

enum Toolkit {
    static func run(_ tokens: [String], console: inout Console) -> Outcome {
        let arguments: CommandLineParser.CommandLine
        do {
            arguments = try Arguments.parser.parse(tokens)
        } catch {
            if error.isUncaughtException {
                // `-=<value>`: DefaultParser.isJavaProperty("") throws StringIndexOutOfBoundsException.
                let token = tokens.first { $0.utf16.starts(with: "-=".utf16) && $0.utf16.count > 2 } ?? "-="
                let file = tokens.first { !$0.isEmpty && !$0.utf16.starts(with: "-".utf16) } ?? ""
                return .crash(
                    ToolError(
                        file: JavaFile(file, charset: console.charset).path,
                        problem: "commons-cli cannot parse the option \(token) (an empty option name before '=')",
                        javaException: error.message
                    )
                )
            }
            // System.err.println(e.getMessage() + "\n"), then the help on stdout.
            console.errorLine(error.message + "\n")
            console.out.append(string: Arguments.help)
            return .exit(1)
        }
        if arguments.has("help") {
            console.out.append(string: Arguments.help + Arguments.additions)
            return .exit(0)
        }
        guard let name = arguments.arguments.first else {
            console.out.append(string: Arguments.help)
            return .exit(1)
        }
        let file = JavaFile(name, charset: console.charset)
        let renderer = TxnRenderer(
            charset: console.charset,
            dates: DateCache(zone: JavaTimeZone.systemDefault())
        )
        guard file.exists && file.canRead else {
            return .message("File doesn't exist or not readable: \(file.path)", code: 1)
        }
        if arguments.has("chop"), let value = arguments.value("zxid") {
            let zxid: Int64
            do {
                zxid = try JavaFormat.checkedDecodeLong(value)
            } catch {
                return .crash(
                    ToolError(
                        file: file.path,
                        problem: "the -z value \"\(value)\" is not a number Long.decode accepts",
                        javaException: error.description
                    )
                )
            }
            if zxid < 0 {
                // A negative zxid selects dump mode without an open file.
                return .crash(
                    ToolError(
                        file: file.path,
                        problem: "chop zxid \(zxid) is negative, which ZooKeeper takes for dump mode with no file open",
                        javaException: "java.lang.NullPointerException: Cannot invoke "
                            + "\"org.apache.jute.InputArchive.startRecord(String)\" because \"a_\" is null"
                    )
                )
            }
            var chop = ChopMode(file: file, zxid: zxid, renderer: renderer)
            return chop.run(console: &console)
        }
        return dump(file, arguments: arguments, renderer: renderer, console: &console)
    }

    static func dump(
        _ file: JavaFile,
        arguments: CommandLineParser.CommandLine,
        renderer: TxnRenderer,
        console: inout Console
    ) -> Outcome {
        var options = DumpMode.Options()
        options.recovery = arguments.has("recover")
        options.verbose = arguments.has("verbose")
        options.force = arguments.has("yes")
        let fixedFile = JavaFile(file.path + ".fixed", charset: file.charset)
        if options.recovery && fixedFile.exists {
            return .message("Recovery file \(fixedFile.path) already exists or not writable", code: 1)
        }
        let mapped: MappedFile
        do {
            mapped = try file.map()
        } catch {
            if error.errno == nil { return .crash(.refused(error)) }
            return .crash(.fileNotFound(file.path, "cannot open the txn log", errno: error.errno))
        }
        var fixed: RecoveryWriter?
        if options.recovery {
            do {
                fixed = try RecoveryWriter(file: fixedFile, input: mapped)
            } catch {
                return .crash(.fileNotFound(fixedFile.path, "cannot create the recovery file", errno: error.errno))
            }
        }
        var mode = DumpMode(file: file, options: options, renderer: renderer, fixed: fixed)
        let outcome = withExtendedLifetime(mapped) { mode.run(mapped, console: &console) }
        // Java leaves the .fixed file as far as it got, whatever the outcome.
        if let fixed {
            do {
                try fixed.finish()
            } catch {
                console.flush()
                return .crash(.writeFailure(error, writing: "the recovery file"))
            }
            // "Recovery file ... has been written" only once it has been.
            fixed.appendSummary(to: &console)
        }
        return outcome
    }
}

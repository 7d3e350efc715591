internal import ZKStorage
import ZKToolSupport

/// `SnapshotComparer.main`: parse the options, load both snapshots, print their statistics,
/// compare them depth by depth (or interactively), with Java's output and exit codes.
///
/// Everything it touches comes in from outside (arguments, charset, the two output streams,
/// the input lines), so it runs the same against a terminal, pipes or memory.
struct ComparerCommand {
    /// The raw command-line arguments, without the program name.
    var arguments: [[UInt8]]
    var charset: JavaPlatformCharset
    var out: ToolOutput
    var err: ToolOutput
    /// Read only in interactive mode (Java creates its `Scanner` there).
    var input: ScannerInput

    /// Runs the tool; returns the exit status.
    func run() -> Int32 {
        let status: Int32
        do {
            status = try execute()
        } catch {
            out.flush()
            err.print(javaString: error.line)
            err.newline()
            status = 1
        }
        out.flush()
        err.flush()
        return status
    }

    private func execute() throws(ToolError) -> Int32 {
        let tokens = arguments.map { charset.decodeArgument($0) }
        let parsed: CommandLineParser.CommandLine
        do {
            parsed = try ComparerOptions.parser.parse(tokens)
        } catch {
            if error.isUncaughtException {
                // The message is the exception's toString(): "<class>: <message>".
                let token = tokens.first { $0.hasPrefix("-=") } ?? ""
                let parts = error.message.split(separator: ": ", maxSplits: 1).map(String.init)
                throw ToolError(
                    parts.first ?? error.message,
                    parts.count > 1 ? parts[1] : nil,
                    problem: "commons-cli cannot parse the option \"\(token)\" (nothing before its '=')"
                )
            }
            err.print(javaString: Array(error.message.utf8))
            err.newline()
            err.flush()
            out.print(javaString: Array(ComparerOptions.usage.utf8))
            if ToolHelp.isRequested(tokens) {
                out.print(javaString: Array(ComparerOptions.additions.utf8))
            }
            return 2
        }
        let left = JavaFile(parsed.value("l") ?? "", charset: charset)
        let right = JavaFile(parsed.value("r") ?? "", charset: charset)
        let byteThreshold = try parseThreshold(parsed.value("b"), option: "-b (bytes)")
        let nodeThreshold = try parseThreshold(parsed.value("n"), option: "-n (nodes)")
        let debug = parsed.has("d")
        let interactive = parsed.has("i")
        out.println("Successfully parsed options!")

        // Java loads left, then right; loading both at once changes nothing visible: the
        // lines are printed in Java's order, and a failure on the left hides the right.
        let loadCharset = charset
        let rightJob = BackgroundJob { TreeInfo.build(right, charset: loadCharset) }
        let leftTree = try report(TreeInfo.build(left, charset: loadCharset), for: left)
        let rightTree = try report(rightJob.join(), for: right)
        ComparerReport.printStatistics(leftTree, to: out)
        ComparerReport.printStatistics(rightTree, to: out)

        let comparison = NodeListComparison(
            left: leftTree,
            right: rightTree,
            byteThreshold: Int64(byteThreshold),
            nodeThreshold: Int64(nodeThreshold),
            debug: debug,
            interactive: interactive,
            out: out
        )
        let maxDepth = max(leftTree.levelCount, rightTree.levelCount)
        if interactive {
            try InteractiveSession(comparison: comparison, maxDepth: maxDepth, input: input).run()
        } else {
            let sorting = BackgroundJob { rightTree.sortAllLevels() }
            leftTree.sortAllLevels()
            sorting.join()
            ComparerReport.printThresholds(comparison)
            for depth in 0..<maxDepth {
                out.print("Analysis for depth ")
                out.print(depth)
                out.newline()
                comparison.compareDepth(depth)
            }
        }
        out.println("All layers compared.")
        return 0
    }

    /// `Integer.parseInt((String) parsedOptions.getParsedOptionValue(...))`.
    private func parseThreshold(_ value: String?, option: String) throws(ToolError) -> Int32 {
        guard let value, let n = JavaFormat.parseInt(value) else {
            throw ToolError.numberFormat(value ?? "", option: option)
        }
        return n
    }

    /// Prints the two timing lines of a `new TreeInfo(file)`, or throws what it died of.
    private func report(_ outcome: TreeInfo, for file: JavaFile) throws(ToolError) -> SnapshotTree {
        switch outcome {
        case .failedToLoad(let error):
            throw error
        case .loaded(let tree, let loadSeconds, let processSeconds):
            out.print("Deserialized snapshot in ")
            out.print(javaString: Array(file.name.utf8))
            out.print(" in ")
            out.printSeconds(loadSeconds)
            out.println(" seconds")
            guard let processSeconds else {
                throw ToolError(
                    "java.lang.NullPointerException",
                    "Cannot read field \"data\" because \"root\" is null",
                    file: file.argument,
                    problem: "the snapshot has no root node (path \"\")"
                )
            }
            out.print("Processed data tree in ")
            out.printSeconds(processSeconds)
            out.println(" seconds")
            return tree
        }
    }

}

/// What `new TreeInfo(file)` comes to: the snapshot loaded (timed) and the comparer's tree built
/// from it (timed; nil when there is no root node and Java dies with a NullPointerException).
enum TreeInfo: @unchecked Sendable {
    case failedToLoad(ToolError)
    case loaded(SnapshotTree, loadSeconds: Double, processSeconds: Double?)

    static func build(_ file: JavaFile, charset: JavaPlatformCharset) -> TreeInfo {
        let tree: SnapshotTree
        let loadSeconds: Double
        do {
            (tree, loadSeconds) = try SnapshotLoader.load(file, charset: charset)
        } catch {
            return .failedToLoad(error)
        }
        let started = MonotonicClock.now()
        guard tree.finish() else { return .loaded(tree, loadSeconds: loadSeconds, processSeconds: nil) }
        return .loaded(tree, loadSeconds: loadSeconds, processSeconds: MonotonicClock.seconds(since: started))
    }
}

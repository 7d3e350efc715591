internal import ArgumentParser
internal import ZKStorage
internal import ZKToolSupport

/// `zkdata du SNAPSHOT|DIR`: where the bytes and nodes are (shared/docs/zkdata-spec.md, `du`).
struct DuCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "du",
        abstract: "Where the bytes and nodes of a snapshot are: subtree totals, top nodes, ephemerals per session.",
        discussion: """
            Reads one snapshot (plain, .gz or .snappy), or the snapshot a server would load from a \
            data directory, in one streaming pass. `bytes` counts node data; a subtree's `nodes` \
            includes its root. Each session's closeSession txn is estimated as ZooKeeper 3.8 \
            serializes it (header, the list of its ephemeral paths, the digest) and compared with \
            jute.maxbuffer: learners and restarting servers reject a txn longer than jute.maxbuffer \
            plus zookeeper.jute.maxbuffer.extrasize (2 x 1,048,575 by default).
            """
    )

    @Argument(
        help: ArgumentHelp(
            "A snapshot file, or a data directory (its newest valid snapshot).",
            valueName: "snapshot|dir"
        )
    )
    var input: String?

    @OptionGroup var dataDir: DataDirOptions

    @Option(help: "Subtree totals down to this depth below the prefix.")
    var depth = 2

    @Option(help: "Only the subtree at this path.")
    var prefix = "/"

    @Option(help: "Length of the top lists.")
    var top = 10

    @Option(help: ArgumentHelp("Order of sibling subtrees, largest first: bytes, nodes or children.", valueName: "key"))
    var by = DuOrder.bytes

    @Option(help: "Output: text, json, or html (one self-contained page with a treemap).")
    var format = OutputFormat.text

    @Option(name: .customLong("jute-maxbuffer"), help: "The servers' jute.maxbuffer, in bytes.")
    var juteMaxBuffer = CloseSessionEstimate.defaultJuteMaxBuffer

    @Option(
        name: .customLong("near-limit"),
        help: "A node is near the limit when its data reaches this percentage of jute.maxbuffer."
    )
    var nearLimitPercent = 50

    func validate() throws {
        guard depth >= 0 else { throw ValidationError("--depth must be 0 or more") }
        guard top >= 0 else { throw ValidationError("--top must be 0 or more") }
        guard prefix.hasPrefix("/") else { throw ValidationError("--prefix must start with /") }
        guard juteMaxBuffer > 0 else { throw ValidationError("--jute-maxbuffer must be positive") }
        guard (0...100).contains(nearLimitPercent) else { throw ValidationError("--near-limit must be 0...100") }
        guard format != .ndjson else { throw ValidationError("du writes text, json or html") }
    }

    func run() throws {
        try runVerb {
            let options = DuOptions(
                depth: depth,
                prefix: prefix,
                top: top,
                order: by,
                juteMaxBuffer: juteMaxBuffer,
                nearLimitPercent: nearLimitPercent
            )
            let source = try SnapshotInput(argument: input, dataDir: dataDir)
            let report = try source.read(verb: "du") { path in
                let report = try DuOperation(options: options).run(path: path)
                if !report.sealsValid && source.isDirectory {
                    throw ZKStorageError(.checksumMismatch, file: path, "a checksum seal does not verify")
                }
                return report
            }
            switch format {
            case .json, .ndjson: Console.out.write(DuJSONPrinter.render(report))
            case .html: Console.out.write(DuHTMLPrinter.render(report))
            case .text: Console.out.write(DuTextPrinter.render(report, order: by, top: top))
            }
            if !report.sealsValid {
                Console.errorLine("zkdata du: warning: \(report.snapshot): a checksum seal does not verify")
                return ZKDataExit.findings
            }
            return ZKDataExit.clean
        }
    }
}

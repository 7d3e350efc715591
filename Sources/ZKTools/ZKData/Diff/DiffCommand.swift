internal import ArgumentParser
internal import ZKStorage
internal import ZKToolSupport

/// `zkdata diff A B`: the znodes that differ between two snapshots (shared/docs/zkdata-spec.md,
/// `diff`). Exit 0 identical, 1 different, 2 trouble.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "The znodes that differ between two snapshots: added, removed, modified (data, acl, stat fields).",
        discussion: """
            A and B are snapshot files (any codecs) or data directories (the snapshot a server would \
            load). Data is compared by a 64-bit hash, ACLs as the lists each snapshot's ACL cache \
            holds. NDJSON records {"path","change","fields","bytes_a","bytes_b"} in tree order; text \
            gives a summary by subtree. Exit status: 0 identical, 1 different, 2 trouble.
            """
    )

    @Argument(help: ArgumentHelp("The old snapshot (or data directory).", valueName: "a"))
    var a: String?

    @Argument(help: ArgumentHelp("The new snapshot (or data directory).", valueName: "b"))
    var b: String?

    @Option(
        name: .customLong("data-dir"),
        help: "Compare two points in time of this data directory (with --from, --to)."
    )
    var dataDir: String?

    @Option(help: ArgumentHelp("The first point in time (a zxid).", valueName: "zxid"))
    var from: String?

    @Option(help: ArgumentHelp("The second point in time (a zxid).", valueName: "zxid"))
    var to: String?

    @Option(help: "Only nodes at or below this path.")
    var prefix = "/"

    @Option(
        help: ArgumentHelp(
            "Leave out: ephemeral (nodes), data, acl, stat (all stat fields), zxid, time, versions, or one stat field (czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeral_owner, pzxid). Repeatable, or comma-separated.",
            valueName: "what"
        )
    )
    var ignore: [String] = []

    @Option(
        help:
            "Output: text (a summary by subtree), ndjson (one record per znode) or json (default: text on a terminal, ndjson otherwise)."
    )
    var format: OutputFormat?

    @Option(help: "Text: subtree summary down to this depth.")
    var depth = 2

    @Option(help: "Text: list this many changes after the summary.")
    var top = 20

    func validate() throws {
        if dataDir != nil || from != nil || to != nil {
            guard dataDir != nil, from != nil, to != nil, a == nil, b == nil else {
                throw ValidationError("give --data-dir with --from and --to, or two snapshots A B")
            }
        } else {
            guard a != nil, b != nil else { throw ValidationError("give two snapshots A B") }
        }
        guard prefix.hasPrefix("/") else { throw ValidationError("--prefix must start with /") }
        guard format != .html else { throw ValidationError("diff writes text, ndjson or json") }
        _ = try ignoredItems()
    }

    func ignoredItems() throws -> [DiffIgnore] {
        try ignore.flatMap { $0.split(separator: ",") }.map { item in
            guard let v = DiffIgnore(rawValue: String(item)) else {
                throw ValidationError("unknown --ignore value '\(item)'")
            }
            return v
        }
    }

    func run() throws {
        try runVerb {
            let options = DiffOptions(prefix: prefix, ignore: try ignoredItems())
            let report: DiffReport
            if let a, let b {
                let sideA = try SnapshotInput(argument: a, dataDir: DataDirOptions())
                let sideB = try SnapshotInput(argument: b, dataDir: DataDirOptions())
                guard let pathA = sideA.candidates.first, let pathB = sideB.candidates.first else {
                    throw ZKDataError("no snapshot to compare")
                }
                report = try DiffOperation(options: options).run(a: pathA, b: pathB)
            } else {
                report = try diffPointsInTime(options: options)
            }
            switch format ?? OutputFormat.recordDefault {
            case .ndjson: Console.out.write(DiffNDJSONPrinter.render(report))
            case .json: Console.out.write(DiffJSONPrinter.render(report))
            case .text, .html: Console.out.write(DiffTextPrinter.render(report, depth: depth, limit: top))
            }
            return report.isIdentical ? ZKDataExit.clean : ZKDataExit.findings
        }
    }

    /// `--data-dir D --from Z1 --to Z2`: the exact trees after Z1 and after Z2, rebuilt by the
    /// replay engine of `zkdata at` (one at a time) into snapshots in a private temporary
    /// directory, then compared as two snapshots are.
    private func diffPointsInTime(options: DiffOptions) throws -> DiffReport {
        guard let dataDir, let from, let to else { throw ZKDataError("give --data-dir with --from and --to") }
        let contents = try DataDirOptions.parse([]).contents(dir: dataDir)
        let work = try TemporaryDirectory()
        var paths: [String] = []
        for (flag, text) in [("--from", from), ("--to", to)] {
            guard let zxid = ZxidArgument.parse(text) else {
                throw ZKDataError("\(flag) \(text): not a zxid (0x… hex or decimal)", exitCode: ZKDataExit.usage)
            }
            let result: PointInTimeReplay.Result
            do {
                result = try PointInTimeReplay.run(contents, target: .zxid(zxid))
            } catch let failure as PointInTimeReplay.Failure {
                throw ZKDataError("\(flag) \(text): \(failure.message)")
            }
            if let first = result.mismatches.first {
                Console.errorLine(
                    "zkdata diff: warning: \(result.mismatches.count) digest mismatch(es) replaying to "
                        + "\(ZxidArgument.hex(zxid)), the first at txn \(ZxidArgument.hex(first.zxid))"
                )
            }
            let path =
                work.path + "/snapshot." + String(UInt64(bitPattern: result.zxid), radix: 16) + "-" + flag.dropFirst(2)
            try result.tree.writeSnapshot(to: path, digest: result.digest)
            paths.append(path)
        }
        return try DiffOperation(options: options).run(a: paths[0], b: paths[1])
    }
}

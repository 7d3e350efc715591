internal import ArgumentParser
internal import ZKStorage
internal import ZKToolSupport

/// `zkdata at --zxid Z | --time T [DIR] --output FILE`: the exact tree after txn Z (or the last
/// txn at or before T) as a snapshot ZooKeeper 3.8 loads, or as NDJSON node records
/// (shared/docs/zkdata-spec.md). The replay is ``PointInTimeReplay``'s.
struct AtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "at",
        abstract: "Write the exact tree after a zxid or at a time as a snapshot a server loads.",
        discussion: """
            Starts from the newest snapshot whose fuzzy window has closed by then (its digest \
            trailer says where), or from an empty tree when the logs begin at the first txn, and \
            replays the logs with the server's semantics, checking every logged digest. Exit 2, \
            with the reason and what is reachable, when the point cannot be rebuilt exactly.
            """
    )

    @Option(help: ArgumentHelp("The last txn to apply (hex 0x… or decimal).", valueName: "Z"))
    var zxid: String?

    @Option(help: ArgumentHelp("Apply every txn up to this time (ISO-8601 or epoch ms).", valueName: "T"))
    var time: String?

    @Argument(help: "The data dir or its version-2 directory (default: the current directory).")
    var dir: String?

    @OptionGroup var dataDir: DataDirOptions

    @Option(help: "The snapshot to write (.gz/.snappy by the name; a directory: snapshot.<zxid> in it).")
    var output: String?

    @Option(help: "ndjson: node records instead of a snapshot (to --output, or stdout).")
    var format: OutputFormat?

    @Flag(help: "Name the snapshot after the next epoch, so clients that saw later zxids can connect.")
    var bumpEpoch = false

    @Flag(help: "Write the tree even when a logged digest does not match it.")
    var allowDigestMismatch = false

    func validate() throws {
        guard (zxid == nil) != (time == nil) else {
            throw ValidationError("give exactly one of --zxid and --time")
        }
        if let zxid, ZxidArgument.parse(zxid) == nil {
            throw ValidationError("--zxid \(zxid): expected a zxid such as 0x100000042 or 4294967362")
        }
        if let time, ISOTime.parse(time) == nil {
            throw ValidationError("--time \(time): expected ISO-8601 (2026-11-21T14:05:00Z) or epoch milliseconds")
        }
        if let format, format != .ndjson {
            throw ValidationError("--format \(format.rawValue): at writes a snapshot, or ndjson node records")
        }
        if format == nil && output == nil {
            throw ValidationError("missing --output FILE")
        }
    }

    func run() throws {
        try runVerb {
            let contents = try dataDir.contents(dir: dir)
            let target: PointInTimeReplay.Target
            if let zxid, let z = ZxidArgument.parse(zxid) {
                target = .zxid(z)
            } else if let time, let t = ISOTime.parse(time) {
                target = .time(t)
            } else {
                throw ZKDataError("give --zxid or --time", exitCode: ZKDataExit.usage)
            }
            return try ReplayVerb.rebuild(
                contents,
                target: target,
                output: output,
                nodeRecords: format == .ndjson,
                bumpEpoch: bumpEpoch,
                allowDigestMismatch: allowDigestMismatch
            )
        }
    }
}

/// What `at` and `seal` share: replay, check digests, write, report.
enum ReplayVerb {
    static func rebuild(
        _ contents: DataDirContents,
        target: PointInTimeReplay.Target,
        output: String?,
        nodeRecords: Bool,
        bumpEpoch: Bool,
        allowDigestMismatch: Bool
    ) throws -> Int32 {
        let result: PointInTimeReplay.Result
        do {
            result = try PointInTimeReplay.run(contents, target: target)
        } catch let failure as PointInTimeReplay.Failure {
            throw ZKDataError(failure.message)
        }
        for m in result.mismatches {
            let place = m.offset.map { "\(m.file) at byte offset \($0)" } ?? m.file
            Console.errorLine(
                "zkdata: digest mismatch at txn \(ZxidArgument.hex(m.zxid)) (\(place)): logged \(ZxidArgument.hex(m.expected)), "
                    + "replayed tree \(ZxidArgument.hex(m.actual))"
            )
        }
        if !result.mismatches.isEmpty && !allowDigestMismatch {
            throw ZKDataError(
                "\(result.mismatches.count) digest mismatch(es), the first at txn \(ZxidArgument.hex(result.mismatches[0].zxid)): "
                    + "the tree at \(ZxidArgument.hex(result.zxid)) is not what the server had (--allow-digest-mismatch writes it anyway)"
            )
        }
        if nodeRecords {
            if let output {
                let writer = try AtomicFileWriter(path: output)
                var failure: ZKStorageError?
                TreeOutput.writeNodeRecords(
                    result.tree,
                    to: { bytes in
                        guard failure == nil else { return }
                        do throws(ZKStorageError) { try writer.write(bytes) } catch { failure = error }
                    },
                    utf8: true
                )
                if let failure {
                    writer.abandon()
                    throw failure
                }
                try writer.commit()
            } else {
                TreeOutput.writeNodeRecords(result.tree, to: { Console.out.append($0) }, utf8: true)
            }
            return result.mismatches.isEmpty ? ZKDataExit.clean : ZKDataExit.findings
        }
        guard let output else { throw ZKDataError("missing --output FILE", exitCode: ZKDataExit.usage) }
        let written = try TreeOutput.writeSnapshot(result, to: output, contents: contents, bumpEpoch: bumpEpoch)
        let start: String
        switch result.start {
        case .emptyTree: start = "an empty tree"
        case .snapshot(let path, _, let windowEnd):
            start = "\(JavaFileSystem.name(path)) (fuzzy window closed at \(ZxidArgument.hex(windowEnd)))"
        }
        var line =
            "\(written.path): the tree after txn \(ZxidArgument.hex(result.zxid)) from \(start) + \(result.txnsApplied) txns: "
        line +=
            "\(result.tree.nodeCount) nodes, \(result.tree.sessionTimeouts.count) sessions, digest \(ZxidArgument.hex(result.digest.digest))"
        if written.nameZxid != result.zxid {
            line += "; the server will start at zxid \(ZxidArgument.hex(written.nameZxid))"
        }
        Console.out.write(line + "\n")
        return result.mismatches.isEmpty ? ZKDataExit.clean : ZKDataExit.findings
    }
}

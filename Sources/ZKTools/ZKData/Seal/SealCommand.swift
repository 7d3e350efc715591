internal import ArgumentParser
internal import ZKStorage

/// `zkdata seal [DIR] --output FILE`: the newest state of a directory's logs as a real, sealed
/// snapshot, for a directory a server refuses ("No snapshot found, but there are log entries").
/// The same exact replay as `at`, up to the last txn of the logs.
struct SealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Write the newest state of the logs as a sealed snapshot a server starts from."
    )

    @Argument(help: "The data dir or its version-2 directory (default: the current directory).")
    var dir: String?

    @OptionGroup var dataDir: DataDirOptions

    @Option(help: "The snapshot to write (.gz/.snappy by the name; a directory: snapshot.<zxid> in it).")
    var output: String

    @Flag(help: "Name the snapshot after the next epoch, so clients that saw later zxids can connect.")
    var bumpEpoch = false

    @Flag(help: "Write the tree even when a logged digest does not match it.")
    var allowDigestMismatch = false

    func run() throws {
        try runVerb {
            try ReplayVerb.rebuild(
                try dataDir.contents(dir: dir),
                target: .newest,
                output: output,
                nodeRecords: false,
                bumpEpoch: bumpEpoch,
                allowDigestMismatch: allowDigestMismatch
            )
        }
    }
}

internal import ArgumentParser
internal import ZKToolSupport

/// `zkdata status PATH…` (shared/docs/zkdata-spec.md): one row per file with its kind, codec,
/// zxids, count, size, digest presence and a verdict. Exit 0 when every file is whole, 1 when
/// any is damaged, 2 when a path cannot be read.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "One row per txn log or snapshot: zxids, counts, size, digest, and a verdict."
    )

    @Argument(help: "Files, version-2 directories or data dirs.")
    var paths: [String]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        try format.require(.text, .json)
    }

    func run() throws {
        try runVerb {
            let rows = try StatusOperation.run(paths: paths)
            switch format {
            case .json: Console.out.write(StatusPrinter.json(rows))
            default: Console.out.write(StatusPrinter.text(rows))
            }
            return rows.contains { $0.damage != nil } ? ZKDataExit.findings : ZKDataExit.clean
        }
    }
}

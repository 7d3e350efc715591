internal import ArgumentParser
internal import ZKStorage
internal import ZKToolSupport

/// `zkdata repair FILE --output OUT [--salvage] [--dry-run]` (shared/docs/zkdata-spec.md): a
/// new, valid log with the entries before the first damage (and, with `--salvage`, the intact
/// ones after it), padded as the server pads. Never edits in place. Exit 0 when written (or
/// planned), 2 on trouble.
struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract:
            "Write a valid copy of a damaged txn log: the entries before the damage (--salvage: and the intact ones after)."
    )

    @Argument(help: "The damaged txn log.")
    var file: String

    @Option(help: "Where to write the repaired log (must not exist).")
    var output: String

    @Flag(help: "Also keep every intact entry after the damage.")
    var salvage = false

    @Flag(help: "Print the plan, write nothing.")
    var dryRun = false

    @Option(help: "Preallocation in KiB, as zookeeper.preAllocSize (0: none).")
    var preallocKb: Int = FilePadding.defaultPreAllocSize / 1024

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        try format.require(.text, .json)
        guard preallocKb >= 0, preallocKb <= 16 * 1024 * 1024 else {
            throw ValidationError("--prealloc-kb must be between 0 and 16777216")
        }
    }

    func run() throws {
        try runVerb {
            let repair = try LogRepair(
                input: file,
                output: output,
                salvage: salvage,
                dryRun: dryRun,
                preAllocSize: preallocKb * 1024
            )
            switch format {
            case .json: Console.out.write(RepairPrinter.json(repair, dryRun: dryRun))
            default: Console.out.write(RepairPrinter.text(repair, dryRun: dryRun))
            }
            return ZKDataExit.clean
        }
    }
}

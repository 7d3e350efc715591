internal import ArgumentParser
internal import ZKToolSupport

/// `zkdata doctor [DIR]` (shared/docs/zkdata-spec.md): every file checked, the 3.8 server's
/// startup predicted, findings with fixes. Exit 0 clean, 1 with any error or warning, 2 when
/// the directory cannot be read.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check a data dir and predict what a ZooKeeper 3.8 server does when started on it."
    )

    @Argument(help: "The data dir or its version-2 directory (default: .).")
    var dir: String?

    @OptionGroup var input: DataDirOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        try format.require(.text, .json)
    }

    func run() throws {
        try runVerb {
            let report = try DoctorReport(contents: input.contents(dir: dir))
            switch format {
            case .json: Console.out.write(DoctorPrinter.json(report))
            default: Console.out.write(DoctorPrinter.text(report))
            }
            return report.exitCode
        }
    }
}

internal import ArgumentParser
internal import ZKToolSupport

/// `zkdata`: the operator's command for ZooKeeper data directories (contract:
/// shared/docs/zkdata-spec.md). Each verb is a thin command over ZKStorage.
struct ZKDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkdata",
        abstract: "Check, repair, query and restore ZooKeeper data directories.",
        version: PackageVersion.current,
        subcommands: [
            StatusCommand.self, DoctorCommand.self, RepairCommand.self, LogCommand.self, HistoryCommand.self,
            AtCommand.self, SealCommand.self, MembersCommand.self, DiffCommand.self, DuCommand.self, SchemaCommand.self,
        ]
    )

}

/// The process entry of `zkdata`: parses this process's arguments and runs the verb, exiting with
/// the spec's code.
public enum ZKDataMain {
    public static func main() {
        ZKDataCommand.main()
    }
}

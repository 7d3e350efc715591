internal import ArgumentParser
internal import ZKToolSupport

/// `zkdata schema VERB`: the JSON Schema of the records a verb prints with `--format json` or
/// `ndjson` (``RecordSchemas``), so scripts can rely on the fields.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of a verb's JSON and NDJSON records.",
        discussion: """
            The records are stable: names, types and key order are the ones the schema lists.
            64-bit ids (zxids, sessions) are hex strings, times ISO-8601 UTC with milliseconds.
            Example:
              zkdata schema log > txn.schema.json
            """
    )

    @Argument(help: "The verb whose records to describe.")
    var verb: RecordVerb

    func run() throws {
        try runVerb {
            Console.out.write(RecordSchemas.schema(verb) + "\n")
            return ZKDataExit.clean
        }
    }
}

extension RecordVerb: ExpressibleByArgument {}

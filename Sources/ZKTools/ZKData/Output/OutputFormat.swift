internal import ArgumentParser
internal import Glibc

/// `--format`: text for people, JSON/NDJSON for scripts (shared/docs/zkdata-spec.md).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text
    case json
    case ndjson
    case html

    /// NDJSON when stdout is not a terminal, text when it is (the spec's default for record
    /// streams such as `log`).
    static var recordDefault: OutputFormat { isatty(1) == 1 ? .text : .ndjson }
}

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

extension OutputFormat {
    /// A verb's `validate()` check: `--format` must be one of `allowed`.
    func require(_ allowed: OutputFormat...) throws {
        guard allowed.contains(self) else {
            throw ValidationError("--format must be " + allowed.map(\.rawValue).joined(separator: " or "))
        }
    }
}

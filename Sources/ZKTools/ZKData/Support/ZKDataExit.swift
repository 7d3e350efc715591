internal import ArgumentParser
internal import Glibc
internal import ZKStorage
internal import ZKToolSupport

/// `zkdata`'s exit codes, as `diff(1)` and `cmp(1)` use them (shared/docs/zkdata-spec.md).
enum ZKDataExit {
    /// Clean: nothing wrong, no differences.
    static let clean: Int32 = 0
    /// Findings: damage, divergence, differences.
    static let findings: Int32 = 1
    /// Trouble: unreadable input, an I/O error, a point in time that cannot be reached.
    static let trouble: Int32 = 2
    /// Usage: ArgumentParser's validation error (`EX_USAGE`).
    static let usage: Int32 = 64
}

/// A problem that stops a verb: one stderr line (`zkdata <verb>: error: …`) and exit code 2.
struct ZKDataError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    init(_ message: String, exitCode: Int32 = ZKDataExit.trouble) {
        self.message = message
        self.exitCode = exitCode
    }

    /// A storage error as one line: file, what was expected, the byte offset.
    init(_ error: ZKStorageError) {
        self.init(error.description)
    }

    var description: String { message }
}

extension ParsableCommand {
    /// Runs a verb's body: flushes stdout, maps its status to the process exit code, and turns a
    /// thrown ``ZKDataError`` or `ZKStorageError` into one stderr line and exit code 2. A failed
    /// write to stdout (other than the reader closing the pipe) is trouble too.
    func runVerb(_ body: () throws -> Int32) throws {
        let verb = Self.configuration.commandName ?? "zkdata"
        var status: Int32
        do {
            status = try body()
        } catch let error as ZKDataError {
            Console.errorLine("zkdata \(verb): error: \(ToolError.escapingControls(error.message))")
            status = error.exitCode
        } catch let error as ZKStorageError {
            Console.errorLine("zkdata \(verb): error: \(ToolError.escapingControls(error.description))")
            status = ZKDataExit.trouble
        } catch let error as ArgumentParser.ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            // Anything else a library call throws is trouble too (never ArgumentParser's exit 1).
            Console.errorLine("zkdata \(verb): error: \(ToolError.escapingControls("\(error)"))")
            status = ZKDataExit.trouble
        }
        Console.out.flush()
        if let problem = Console.out.writeProblem {
            Console.errorLine("zkdata \(verb): error: \(problem)")
            status = ZKDataExit.trouble
        }
        if status != 0 {
            throw ArgumentParser.ExitCode(status)
        }
    }
}

import TestSupport

/// Runs the built `zk-purge-txnlog` (and `bin/zkCleanup.sh`) through the shared `ToolRunner`.
enum PurgeHarness {
    /// The executable, built next to the test bundle by `swift test`.
    static let binary = ToolRunner.executable("zk-purge-txnlog")

    typealias Result = ToolRunner.Result

    /// Runs the tool with `arguments` in `cwd`.
    static func run(
        _ arguments: [String],
        cwd: String,
        environment: [String: String] = ToolRunner.defaultEnvironment,
        stdin: [UInt8]? = nil
    ) throws -> Result {
        try run(executable: binary, arguments, cwd: cwd, environment: environment, stdin: stdin)
    }

    /// Runs `executable` with `arguments` in `cwd`, with exactly `environment` (plus PATH),
    /// stdin from `stdin` bytes or /dev/null.
    static func run(
        executable: String,
        _ arguments: [String],
        cwd: String,
        environment: [String: String] = ToolRunner.defaultEnvironment,
        stdin: [UInt8]? = nil
    ) throws -> Result {
        try ToolRunner.run(executable, arguments, cwd: cwd, environment: environment, stdin: stdin)
    }
}

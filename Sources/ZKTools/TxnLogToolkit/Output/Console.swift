internal import ZKToolSupport

/// The standard streams of one run, as the JVM gives them to this tool (ZKToolSupport's
/// `ToolIO`): stdout is flushed before stderr is written and before stdin is read, so `2>&1`
/// interleaving and the recovery prompt come out as with Java, which flushes every print.
struct Console: ~Copyable {
    let io: ToolIO
    /// stdout.
    var out: ToolOutput
    /// The charset of Java's `System.out`/`System.err` for this environment.
    var charset: JavaPlatformCharset { io.charset }
    /// stdin (`new Scanner(System.in)`).
    var input: ScannerInput { io.input }

    /// What went wrong where Java carries on and exits as usual (printed as one `warning:` line
    /// at the end, after Java's own output).
    var warnings: [String] = []

    init(io: ToolIO) {
        self.io = io
        out = io.out
        out.flushesWhenFull = false
    }

    /// Writes the rendered lines once there are enough of them.
    @inline(__always)
    mutating func flushIfFull() { out.flushIfFull() }

    /// Writes everything rendered so far to stdout.
    mutating func flush() { out.flush() }

    /// `System.err.println(text)`, after flushing stdout.
    mutating func errorLine(_ text: String) { io.err.line(text) }

    /// Notes a problem Java passes over (it keeps its exit code and stdout).
    mutating func warn(_ text: String) { warnings.append(text) }
}

extension ToolOutput {
    /// A scratch buffer for text that is rendered only to be checked, never written.
    convenience init(capacity: Int) {
        self.init(fileDescriptor: -1, capacity: capacity, flushesWhenFull: false)
    }

    /// Drops everything buffered.
    func removeAll() { truncate(to: 0) }
}

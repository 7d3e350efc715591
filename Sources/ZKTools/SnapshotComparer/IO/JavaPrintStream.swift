internal import ZKToolSupport

/// Java's `PrintStream` calls the comparer makes, on ZKToolSupport's one buffered stream.
extension ToolOutput {
    /// `print(s)` for ASCII text.
    func print(_ text: StaticString) { append(text) }

    /// `print(s)` for a Java string in UTF-8 form, encoded for the output charset.
    func print(javaString text: [UInt8]) { appendJavaString(text) }

    func print(javaString text: UnsafeRawBufferPointer) { appendJavaString(text) }

    /// `String.format("%d", value)` in an English locale.
    func print(_ value: Int64) { appendDecimal(value) }

    func print(_ value: Int) { appendDecimal(Int64(value)) }

    func print(_ value: Int32) { appendDecimal(Int64(value)) }

    /// `String.format("%f", seconds)`.
    func printSeconds(_ seconds: Double) { appendFixed(max(seconds, 0)) }

    /// `println()`.
    func newline() { append(UInt8(ascii: "\n")) }

    /// `println(s)` for ASCII text.
    func println(_ text: StaticString) {
        append(text)
        newline()
    }
}

extension JavaFile {
    /// The pathname as given, as the bytes of its Java string (this tool's messages name it).
    var argument: [UInt8] { Array(given.utf8) }
}

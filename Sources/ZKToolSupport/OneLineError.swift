/// The one line a tool prints where the Java tool dies with a stack trace, the same in every tool:
///
///     <tool>: error: [<file>: ]<problem>[ at <location>] (Java: <exception>)
///
/// for example `zk-snapshot-formatter: error: snapshot.8e: snapshot ends inside node record at
/// byte offset 5123 (Java: java.io.EOFException)`. The exception is Java's first stack-trace line
/// without `Exception in thread "main" `. Control characters are shown escaped (`\n`, `\r`, `\t`,
/// `\xNN`), so bytes from a damaged file can neither split the line nor drive the terminal.
public enum OneLineError {
    public static func text(
        tool: String,
        file: String?,
        problem: String,
        location: String? = nil,
        javaException: String?
    ) -> String {
        var text = "\(tool): error: "
        if let file { text += "\(file): " }
        text += problem
        if let location { text += " at \(location)" }
        if let javaException { text += " (Java: \(javaException))" }
        return escapingControls(text)
    }

    /// `text` with every control character escaped.
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F:
                out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

import Testing
import ZKToolSupport

/// The one line every tool prints instead of Java's stack trace.
@Suite struct ToolErrorTests {
    @Test func layout() {
        #expect(
            ToolError.text(
                tool: "zk-snapshot-formatter",
                file: "snapshot.8e",
                problem: "snapshot ends inside node record",
                location: "byte offset 5123",
                javaException: "java.io.EOFException"
            ) == "zk-snapshot-formatter: error: snapshot.8e: snapshot ends inside node record at byte offset 5123 "
                + "(Java: java.io.EOFException)"
        )
        #expect(
            ToolError.text(tool: "t", file: nil, problem: "p", javaException: nil) == "t: error: p"
        )
    }

    /// Bytes from a damaged file (a NUL, a line feed, ESC, DEL) cannot split the line or reach
    /// the terminal; other characters stay as they are.
    @Test func controlCharactersAreEscaped() {
        #expect(
            ToolError.escapingControls("/a\u{0}b\nc\r\td\u{1B}[2J\u{7F}é") == "/a\\x00b\\nc\\r\\td\\x1b[2J\\x7fé"
        )
        #expect(ToolError.escapingControls("plain") == "plain")
    }
}

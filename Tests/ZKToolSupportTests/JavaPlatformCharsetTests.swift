import Testing
import ZKToolSupport

/// The JVM's platform charset: which one a codeset names, and how Java strings (valid UTF-8)
/// and command-line bytes go through it.
@Suite struct JavaPlatformCharsetTests {
    @Test func codesetNames() {
        #expect(JavaPlatformCharset.named("UTF-8") == .utf8)
        #expect(JavaPlatformCharset.named("utf8") == .utf8)
        #expect(JavaPlatformCharset.named("ISO-8859-1") == .latin1)
        #expect(JavaPlatformCharset.named("ANSI_X3.4-1968") == .ascii)
        #expect(JavaPlatformCharset.named("ISO-8859-15") == .ascii)
    }

    /// "é" (U+00E9, 2 bytes), "€" (U+20AC, 3 bytes), "😀" (U+1F600, 4 bytes: one surrogate pair
    /// in Java, so one `?`).
    @Test func encodesJavaStrings() {
        let text = "a\u{E9}\u{20AC}\u{1F600}z"
        #expect(JavaPlatformCharset.utf8.encode(text) == Array(text.utf8))
        #expect(JavaPlatformCharset.latin1.encode(text) == [0x61, 0xE9, 0x3F, 0x3F, 0x7A])
        #expect(JavaPlatformCharset.ascii.encode(text) == [0x61, 0x3F, 0x3F, 0x3F, 0x7A])
        #expect(JavaPlatformCharset.latin1.byte(for: 0xFF) == 0xFF)
        #expect(JavaPlatformCharset.latin1.byte(for: 0x100) == 0x3F)
        #expect(JavaPlatformCharset.ascii.byte(for: 0x80) == 0x3F)
        #expect(JavaPlatformCharset.utf8.byte(for: 0x41) == nil)
    }

    /// argv bytes: Java's UTF-8 replacement (one U+FFFD for the lone 0xE9), Latin-1 byte for
    /// byte, US-ASCII `?` per high byte.
    @Test func decodesArguments() {
        let bytes: [UInt8] = [0x2F, 0xE9, 0x2E, 0xC3, 0xA9]
        #expect(JavaPlatformCharset.utf8.decodeArgument(bytes) == "/\u{FFFD}.\u{E9}")
        #expect(JavaPlatformCharset.latin1.decodeArgument(bytes) == "/\u{E9}.\u{C3}\u{A9}")
        #expect(JavaPlatformCharset.ascii.decodeArgument(bytes) == "/?.??")
    }
}

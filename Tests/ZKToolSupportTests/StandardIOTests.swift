import Glibc
import Testing

@testable import ZKToolSupport

@Suite struct StandardIOTests {
    /// A pipe whose write end is filled with `text` and closed.
    static func input(_ text: String) -> StandardInput {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        var bytes = Array(text.utf8)
        _ = write(fds[1], &bytes, bytes.count)
        close(fds[1])
        return StandardInput(fileDescriptor: fds[0])
    }

    @Test func tokensLikeScannerNext() {
        let input = Self.input("  yes please\n\n\tN\u{2003}a\u{A0}b  \u{3000}last")
        #expect(input.next() == "yes")
        #expect(input.next() == "please")
        #expect(input.next() == "N")
        #expect(input.next() == "a\u{A0}b")  // no-break space is not Java whitespace
        #expect(input.next() == "last")
        #expect(input.next() == nil)
    }

    @Test func linesLikeScannerNextLine() {
        let input = Self.input("one\r\ntwo\rthree\u{2028}four\u{85}\n\nlast")
        #expect(input.nextLine() == "one")
        #expect(input.nextLine() == "two")
        #expect(input.nextLine() == "three")
        #expect(input.nextLine() == "four")
        #expect(input.nextLine() == "")
        #expect(input.nextLine() == "")
        #expect(input.nextLine() == "last")
        #expect(input.nextLine() == nil)
    }

    @Test func linesLikeBufferedReader() {
        let input = Self.input("a\u{2028}b\r\nc\n")
        #expect(input.readLine() == "a\u{2028}b")
        #expect(input.readLine() == "c")
        #expect(input.readLine() == nil)
    }

    @Test func mixedTokensAndLines() {
        let input = Self.input("tok rest of line\nnext")
        #expect(input.next() == "tok")
        #expect(input.nextLine() == " rest of line")
        #expect(input.nextLine() == "next")
        #expect(input.next() == nil)
    }

    @Test func invalidUTF8IsDecodedLikeJava() {
        let input = Self.input("")
        input.buffer = [0x61, 0xED, 0xA0, 0x80, 0x62, 0x0A]
        #expect(input.nextLine() == "a\u{FFFD}b")
    }

    @Test func brokenPipeIsSwallowed() {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        close(fds[0])
        let out = StandardOutput(fileDescriptor: fds[1])
        out.write("hello\n")
        out.flush()
        #expect(out.isBroken)
        out.write(String(repeating: "x", count: 100_000))
        out.flush()
        close(fds[1])
    }

    @Test func buffersUntilFlush() {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        let out = StandardOutput(fileDescriptor: fds[1])
        out.write("abc")
        out.writeLine("def")
        #expect(out.buffer.count == 7)
        out.flush()
        #expect(out.buffer.isEmpty)
        var got = [UInt8](repeating: 0, count: 16)
        let n = read(fds[0], &got, 16)
        #expect(Array(got[0..<n]) == Array("abcdef\n".utf8))
        close(fds[0])
        close(fds[1])
    }
}

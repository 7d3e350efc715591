import Glibc
import Testing

@testable import ZKToolSupport

@Suite struct ToolStreamsTests {
    /// A pipe whose write end is filled with `text` and closed.
    static func input(_ text: String) -> ScannerInput {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        var bytes = Array(text.utf8)
        _ = write(fds[1], &bytes, bytes.count)
        close(fds[1])
        return ScannerInput(fileDescriptor: fds[0])
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
        let input = ScannerInput(bytes: [0x61, 0xED, 0xA0, 0x80, 0x62, 0x0A])
        #expect(input.nextLine() == "a\u{FFFD}b")
    }

    @Test func latin1InputIsDecodedByteForByte() {
        let input = ScannerInput(bytes: [0x61, 0xE9, 0x85, 0x62, 0x20, 0xA0, 0x63], charset: .latin1)
        #expect(input.nextLine() == "a\u{E9}")  // 0x85 is NEL, a line terminator in Latin-1
        #expect(input.next() == "b")
        #expect(input.next() == "\u{A0}c")  // no-break space is not whitespace
        #expect(input.next() == nil)
    }

    @Test func asciiInputReplacesHighBytes() {
        let input = ScannerInput(bytes: [0x61, 0xE9, 0x0A], charset: .ascii)
        #expect(input.nextLine() == "a\u{FFFD}")
    }

    /// `/dev/zero` on stdin: one endless token. The scanner stops at its bound instead of
    /// growing without limit.
    @Test func endlessTokenIsBounded() {
        let fd = open("/dev/zero", O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        let input = ScannerInput(fileDescriptor: fd)
        let token = input.next()
        #expect(input.overflowed)
        #expect((token?.utf8.count ?? 0) > ScannerInput.maximumLength)
        #expect((token?.utf8.count ?? .max) <= ScannerInput.maximumLength + (1 << 16))
        #expect(input.next() == nil)
    }

    @Test func brokenPipeIsSwallowed() {
        _ = signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        close(fds[0])
        let out = ToolOutput(fileDescriptor: fds[1])
        out.append(string: "hello\n")
        out.flush()
        #expect(out.writeFailed)
        out.append(string: String(repeating: "x", count: 100_000))
        out.flush()
        close(fds[1])
    }

    @Test func buffersUntilFlush() {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        let out = ToolOutput(fileDescriptor: fds[1])
        out.append(string: "abc")
        out.line("def")
        #expect(out.count == 7)
        out.flush()
        #expect(out.count == 0)
        var got = [UInt8](repeating: 0, count: 16)
        let n = read(fds[0], &got, 16)
        #expect(Array(got[0..<n]) == Array("abcdef\n".utf8))
        close(fds[0])
        close(fds[1])
    }

    /// Java's `System.err` is unbuffered and `System.out` flushes every line, so what a tool
    /// printed on stdout comes out before its error line.
    @Test func stderrFlushesStdoutFirst() {
        let io = ToolIO.memory()
        io.out.append(string: "partial ")
        io.err.line("oops")
        #expect(io.out.written == Array("partial ".utf8))
        #expect(io.err.written == Array("oops\n".utf8))
    }

    @Test func javaNumberText() {
        let out = ToolOutput.memory()
        out.reserve(200)
        out.putHexPadded(0x1c)
        out.put(UInt8(ascii: " "))
        out.putHexPadded(-1)
        out.put(UInt8(ascii: " "))
        out.putHex(0)
        out.put(UInt8(ascii: " "))
        out.putHex(-2)
        out.put(UInt8(ascii: " "))
        out.putDecimal(Int64.min)
        out.append(UInt8(ascii: " "))
        out.appendFixed(0.0000005)
        out.append(UInt8(ascii: " "))
        Array("ab".utf8).withUnsafeBytes { out.appendBase64($0) }
        out.flush()
        #expect(
            String(decoding: out.written, as: UTF8.self)
                == "0x0000000000001c 0xffffffffffffffff 0 fffffffffffffffe -9223372036854775808 0.000001 YWI="
        )
    }

    @Test func javaStringsAreEncodedInTheOutputCharset() {
        let out = ToolOutput.memory(charset: .latin1)
        out.line("caf\u{E9} \u{20AC}")
        out.flush()
        #expect(out.written == [0x63, 0x61, 0x66, 0xE9, 0x20, 0x3F, 0x0A])
    }

    @Test func linesHeldForTakingBackGrowTheBuffer() {
        let out = ToolOutput(fileDescriptor: -1, capacity: 256, flushesWhenFull: false)
        out.append(string: "kept\n")
        let mark = out.count
        out.append(string: String(repeating: "y", count: 1000))
        out.truncate(to: mark)
        out.flush()
        #expect(out.written == Array("kept\n".utf8))
    }
}

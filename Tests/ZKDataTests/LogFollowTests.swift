import Foundation
internal import TestSupport
import Testing
internal import ZKStorage

@testable import ZKData

/// `log --follow` on a log written as a live server writes it: preallocated zeros, each entry
/// written in place, then a roll to a newer log. Driven step by step (no clock).
@Suite struct LogFollowTests {
    static let source = FixturePaths.fixtures + "/zk-3.8.0/standalone/version-2/log.1"

    /// The source log's header and entries.
    static func entries() throws -> (header: [UInt8], entries: [[UInt8]]) {
        let bytes = try FixturePaths.read(source)
        var reader = try TxnLogReader(path: source)
        var entries: [[UInt8]] = []
        while case .entry(let e) = try reader.next() { entries.append(Array(bytes[e.offset..<e.endOffset])) }
        return (Array(bytes[0..<16]), entries)
    }

    static func zxids(_ printer: LogPrinter) -> [String] {
        textLines(printer.json.out.bytes).compactMap { line in
            line.range(of: #""zxid":"0x[0-9a-f]+""#, options: .regularExpression).map {
                String(line[$0].dropFirst(8).dropLast())
            }
        }
    }

    @Test func printsCompleteEntriesAsTheyAreWrittenAndFollowsTheRoll() throws {
        let (header, entries) = try Self.entries()
        #expect(entries.count > 6)
        let work = WorkDirectory()
        let log = work.path + "/log.1"
        // Preallocated: the header, then zeros.
        var file = header + [UInt8](repeating: 0, count: 1 << 16)
        work.write("log.1", file)
        var printer = LogPrinter(filter: TxnFilter(), format: .ndjson, utf8Data: true)
        var position = printer.follow(log, from: 16, complete: false)
        #expect(position == 16 && Self.zxids(printer).isEmpty)

        // Two entries written, and the third half way (its payload, not its end byte).
        var offset = 16
        for entry in entries[0..<2] {
            file.replaceSubrange(offset..<(offset + entry.count), with: entry)
            offset += entry.count
        }
        let third = entries[2]
        file.replaceSubrange(offset..<(offset + third.count - 1), with: third.dropLast())
        work.write("log.1", file)
        position = printer.follow(log, from: position, complete: false)
        #expect(Self.zxids(printer) == ["0x1", "0x2"])
        #expect(position == offset)

        // The third completed.
        file[offset + third.count - 1] = third[third.count - 1]
        work.write("log.1", file)
        position = printer.follow(log, from: position, complete: false)
        #expect(Self.zxids(printer) == ["0x1", "0x2", "0x3"])
        #expect(printer.status == 0)

        // The server rolls: the rest goes to a newer log; the old one is complete.
        var rolled = header
        for entry in entries[3...] { rolled += entry }
        work.write("log.4", rolled + [UInt8](repeating: 0, count: 4096))
        _ = printer.follow(log, from: position, complete: true)
        _ = printer.follow(work.path + "/log.4", from: 16, complete: false)
        let expected = (1...entries.count).map { "0x" + String($0, radix: 16) }
        #expect(Self.zxids(printer) == expected)
        #expect(printer.status == 0)
    }
}

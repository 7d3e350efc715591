import TestSupport
import Testing
import ZKStorage

/// Decoded values checked against what the real Java tools printed for the same files
/// (Fixtures/goldens): the library's view of every golden'd log and snapshot agrees with Java's.
@Suite struct JavaGoldenValueTests {
    /// A golden case with exactly one input file and exit status 0.
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var arguments: [String]
        var input: String
        var stdout: String
        var description: String { name }
    }

    static func cases(tool: String, prefix: String) -> [Case] {
        let dir = FixturePaths.fixtures + "/goldens/" + tool
        var result: [Case] = []
        for caseDir in FixturePaths.files(under: "goldens/" + tool, where: { $0 == "cmd" }) {
            let base = String(caseDir.dropLast(4))
            let name = String(base.dropFirst(dir.count + 1))
            guard name.hasPrefix(prefix),
                let exit = try? FixturePaths.read(base + "/exit"), String(decoding: exit, as: UTF8.self) == "0\n",
                let setup = try? FixturePaths.read(base + "/setup"),
                let cmd = try? FixturePaths.read(base + "/cmd"),
                let out = try? FixturePaths.read(base + "/stdout")
            else { continue }
            let setupLines = String(decoding: setup, as: UTF8.self).split(separator: "\n")
            let args = String(decoding: cmd, as: UTF8.self).split(separator: "\n").dropFirst().map(String.init)
            guard setupLines.count == 1, let source = setupLines[0].split(separator: "\t").first,
                FixturePaths.files(under: "goldens/\(tool)/\(name)", where: { $0 == "env" }).isEmpty
            else { continue }
            result.append(
                Case(
                    name: name,
                    arguments: args,
                    input: FixturePaths.root + "/" + source,
                    stdout: String(decoding: out, as: UTF8.self)
                )
            )
        }
        return result
    }

    static let dumps = cases(tool: "txnlog", prefix: "dump-").filter { $0.arguments.count == 1 }
    static let formats = cases(tool: "formatter", prefix: "text-").filter { $0.arguments.count == 1 }

    /// `EOF reached after N txns.` and each line's `zxid 0x…` and op name, against the reader.
    @Test(arguments: dumps)
    func txnLogMatchesJavaDump(_ c: Case) throws {
        var zxids: [Int64] = []
        var ops: [String] = []
        for line in c.stdout.split(separator: "\n") where line.contains(" zxid 0x") {
            let words = line.split(separator: " ")
            guard let z = words.firstIndex(of: "zxid"), z + 2 < words.count else { continue }
            zxids.append(Int64(bitPattern: UInt64(words[z + 1].dropFirst(2), radix: 16) ?? 0))
            ops.append(String(words[z + 2]))
        }
        var reader = try TxnLogReader(path: c.input)
        var ours: [Int64] = []
        var ourOps: [String] = []
        var entries = 0
        while case .entry(let entry) = try reader.next() {
            entries += 1
            guard let header = entry.header else { break }
            // A CRC-failing entry is printed twice by Java (with and without the prefix).
            if !entry.checksumMatches {
                ours.append(header.zxid)
                ourOps.append(OpCode.name(header.type))
            }
            ours.append(header.zxid)
            ourOps.append(OpCode.name(header.type))
        }
        #expect(ours == zxids, "\(c.name)")
        #expect(ourOps == ops, "\(c.name)")
        #expect(c.stdout.hasSuffix("EOF reached after \(entries) txns.\n"), "\(c.name)")
    }

    /// Java's node count (`count=` is znodes + 1), the paths, each node's data length, and the
    /// session ids, against DataTree.
    @Test(arguments: formats)
    func snapshotMatchesJavaFormatter(_ c: Case) throws {
        let lines = c.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("ZNode Details (count="),
            let count = Int(first.dropFirst("ZNode Details (count=".count).dropLast(2))
        else {
            Issue.record("\(c.name): no node count line")
            return
        }
        var javaLengths: [String: Int] = [:]
        var javaSessions: [Int64] = []
        var inSessions = false
        var i = 1
        while i < lines.count {
            if lines[i] == "----", i + 1 < lines.count, !inSessions, !lines[i + 1].hasPrefix("Session Details"),
                !lines[i + 1].hasPrefix("Last zxid"), i + 11 < lines.count
            {
                let path = String(lines[i + 1])
                let lengthLine = lines[i + 11]
                if lengthLine.hasPrefix("  dataLength = "), let n = Int(lengthLine.dropFirst(15)) {
                    javaLengths[path] = n
                }
                i += 12
                continue
            }
            if lines[i].hasPrefix("Session Details") {
                inSessions = true
            } else if inSessions && lines[i].hasPrefix("0x"), let comma = lines[i].firstIndex(of: ",") {
                let hex = lines[i][lines[i].index(lines[i].startIndex, offsetBy: 2)..<comma]
                javaSessions.append(Int64(bitPattern: UInt64(hex, radix: 16) ?? 0))
            } else if lines[i] == "----" && inSessions {
                inSessions = false
            }
            i += 1
        }
        let tree = try DataTree(snapshotAt: c.input, options: .init(keepsData: false))
        #expect(tree.nodeCount + 1 == count, "\(c.name)")
        var ours: [String: Int] = [:]
        tree.forEachNode { n in
            let bytes = tree.path(n)
            let path = bytes.isEmpty ? "/" : String(decoding: bytes, as: UTF8.self)
            // Java prints a name with a line break across two lines; leave those out.
            if !path.contains("\n") { ours[path] = Int(max(tree.dataLength(n), 0)) }
        }
        #expect(ours == javaLengths, "\(c.name)")
        #expect(tree.sessionsInJavaOrder.map(\.id) == javaSessions, "\(c.name)")
    }

    @Test func goldenCasesExist() {
        #expect(Self.dumps.count >= 20)
        #expect(Self.formats.count >= 20)
    }
}

import Foundation
internal import TestSupport
import Testing

/// `zkdata log` and `history` against ZooKeeper's own TxnLogToolkit (its dumps of every server
/// fixture log, captured from Java in Fixtures/goldens/txnlog) and the fixture workload.
@Suite struct LogCommandTests {
    /// What both sides say of one txn.
    struct Key: Equatable, CustomStringConvertible {
        var zxid: Int64
        var session: Int64
        var cxid: Int64
        var op: String
        var path: String?
        var description: String {
            "0x\(String(zxid, radix: 16)) 0x\(String(session, radix: 16)) \(cxid) \(op) \(path ?? "-")"
        }
    }

    typealias Record = [String: Any]

    static func run(_ arguments: [String], expectExit: Int32 = 0) throws -> [Record] {
        let result = try ToolRunner.run("zkdata", arguments, cwd: FixturePaths.root)
        #expect(result.exit == expectExit, "zkdata \(arguments): exit \(result.exit): \(result.stderrText)")
        return try textLines(result.stdout).map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? Record else {
                throw HarnessError("not a JSON object: \(line)")
            }
            return object
        }
    }

    static func hex(_ value: Any?) -> Int64? {
        guard let text = value as? String, text.hasPrefix("0x"), let v = UInt64(text.dropFirst(2), radix: 16) else {
            return nil
        }
        return Int64(bitPattern: v)
    }

    static func key(_ r: Record) -> Key? {
        guard let zxid = hex(r["zxid"]), let session = hex(r["session"]), let cxid = r["cxid"] as? Int,
            let op = r["op"] as? String
        else { return nil }
        return Key(zxid: zxid, session: session, cxid: Int64(cxid), op: op, path: r["path"] as? String)
    }

    /// The txn lines of a TxnLogToolkit dump: `<date> session 0x… cxid 0x… zxid 0x… <op> <body>`.
    /// The path is the body's first field (`'`-quoted and jute-escaped for delete and setACL);
    /// createSession, closeSession, error and multi have none.
    static func javaKeys(_ stdout: [UInt8]) -> [Key] {
        var keys: [Key] = []
        for line in textLines(stdout) {
            guard let at = line.range(of: " session 0x") else { continue }
            let fields = line[at.upperBound...].split(separator: " ", maxSplits: 6, omittingEmptySubsequences: false)
            guard fields.count >= 6, fields[1] == "cxid", fields[3] == "zxid",
                let session = UInt64(fields[0], radix: 16),
                let cxid = UInt64(fields[2].dropFirst(2), radix: 16),
                let zxid = UInt64(fields[4].dropFirst(2), radix: 16)
            else { continue }
            let op = String(fields[5])
            let body = fields.count > 6 ? String(fields[6]) : ""
            var path: String?
            switch op {
            case "create", "create2", "createContainer", "createTtl", "setData", "reconfig":
                // `path + "," + data…` without escaping: the body, to be matched as a prefix.
                path = body
            case "delete", "deleteContainer", "setACL":
                path = juteUnescape(String(body.dropFirst().prefix { $0 != "," }))
            default:
                path = nil
            }
            keys.append(
                Key(
                    zxid: Int64(bitPattern: zxid),
                    session: Int64(bitPattern: session),
                    cxid: Int64(cxid),
                    op: op,
                    path: path
                )
            )
        }
        return keys
    }

    /// Our record and Java's line agree: the same zxid, session, cxid and op, and the path
    /// Java prints (for creates and setData, the start of the body: the path and a comma).
    static func agree(_ ours: Key, _ java: Key) -> Bool {
        guard ours.zxid == java.zxid, ours.session == java.session, ours.cxid == java.cxid, ours.op == java.op else {
            return false
        }
        switch ours.op {
        case "create", "create2", "createContainer", "createTtl", "setData", "reconfig":
            guard let path = ours.path, let body = java.path else { return false }
            return body.hasPrefix(path + ",")
        default:
            return ours.path == java.path
        }
    }

    /// jute's `ToStringOutputArchive` escapes (`%2C` and the like) undone.
    static func juteUnescape(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let percent = rest.firstIndex(of: "%") {
            out += rest[..<percent]
            let hex = rest[rest.index(after: percent)...].prefix(2)
            if hex.count == 2, let v = UInt8(hex, radix: 16) {
                out.append(Character(Unicode.Scalar(v)))
                rest = rest[rest.index(percent, offsetBy: 3)...]
            } else {
                out.append("%")
                rest = rest[rest.index(after: percent)...]
            }
        }
        return out + rest
    }

    /// Java's capture of `TxnLogToolkit <log>` for a server fixture log.
    static func javaDump(of log: String) -> GoldenCase? {
        let parts = log.split(separator: "/")
        guard parts.count >= 3 else { return nil }
        let name = "dump-\(parts[parts.count - 3])-\(parts[parts.count - 1])"
        return GoldenCase.all(tool: "txnlog").first { $0.name == name }
    }

    @Test func everyServerLogMatchesTxnLogToolkit() throws {
        let logs = FixturePaths.serverLogs
        #expect(logs.count >= 30)
        var compared = 0
        for log in logs {
            guard let golden = Self.javaDump(of: log), let stdout = golden.bytes("stdout") else {
                Issue.record("no TxnLogToolkit capture for \(log)")
                continue
            }
            let java = Self.javaKeys(stdout)
            let ours = try Self.run(["log", "--format", "ndjson", log]).compactMap(Self.key)
            #expect(!java.isEmpty, "\(log): Java's dump has no txns")
            #expect(ours.count == java.count, "\(log): \(ours.count) records, Java \(java.count)")
            for (a, b) in zip(ours, java) where !Self.agree(a, b) {
                Issue.record("\(log): first difference: ours \(a), Java \(b)")
                break
            }
            compared += java.count
        }
        #expect(compared > 700)
    }

    // MARK: Filters

    static let standalone = "Fixtures/zk-3.8.0/standalone"

    static func paths(_ r: Record) -> [String] {
        var all: [String] = []
        if let p = r["path"] as? String { all.append(p) }
        for p in r["paths"] as? [Any] ?? [] { if let p = p as? String { all.append(p) } }
        for sub in r["ops"] as? [Record] ?? [] { all += paths(sub) }
        return all
    }

    static func ops(_ r: Record) -> [String] {
        [r["op"] as? String ?? ""] + (r["ops"] as? [Record] ?? []).compactMap { $0["op"] as? String }
    }

    static func inSubtree(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root + "/")
    }

    @Test func filtersEqualTheSameFilterOnTheFullStream() throws {
        let all = try Self.run(["log", Self.standalone])
        #expect(all.count == 145)
        let session = try #require(all.first { ($0["op"] as? String) == "closeSession" }?["session"] as? String)
        let times = all.compactMap { $0["time_ms"] as? Int }
        let mid = times[times.count / 2]
        let cases: [([String], (Record) -> Bool)] = [
            (["--path", "/m2"], { Self.paths($0).contains("/m2") }),
            (["--path", "/app/eph"], { Self.paths($0).contains("/app/eph") }),
            (["--prefix", "/app"], { Self.paths($0).contains { Self.inSubtree($0, "/app") } }),
            (["--prefix", "/holders/"], { Self.paths($0).contains { Self.inSubtree($0, "/holders") } }),
            (["--session", session], { ($0["session"] as? String) == session }),
            (["--op", "delete,closeSession"], { !Set(Self.ops($0)).isDisjoint(with: ["delete", "closeSession"]) }),
            (["--op", "createTtl"], { Self.ops($0).contains("createTtl") }),
            (["--zxid", "0x10..0x20"], { (0x10...0x20).contains(Self.hex($0["zxid"]) ?? -1) }),
            (["--zxid", "100.."], { (Self.hex($0["zxid"]) ?? -1) >= 100 }),
            (["--zxid", "..0x3"], { (Self.hex($0["zxid"]) ?? .max) <= 3 }),
            (["--since", String(mid)], { ($0["time_ms"] as? Int ?? 0) >= mid }),
            (["--until", String(mid)], { ($0["time_ms"] as? Int ?? .max) <= mid }),
            (
                ["--prefix", "/app", "--op", "create", "--session", session],
                {
                    Self.paths($0).contains { Self.inSubtree($0, "/app") } && Self.ops($0).contains("create")
                        && ($0["session"] as? String) == session
                }
            ),
        ]
        for (arguments, predicate) in cases {
            let filtered = try Self.run(["log"] + arguments + [Self.standalone]).compactMap(Self.key)
            let expected = all.filter(predicate).compactMap(Self.key)
            #expect(!expected.isEmpty, "\(arguments) selects nothing")
            #expect(filtered == expected, "\(arguments): \(filtered.count) records, expected \(expected.count)")
        }
    }

    /// Outside multis (whose sub-ops Java's 3.8.0 dump does not decode) and closeSessions, a
    /// `--path` or `--session` filter selects exactly Java's txns with that path or session.
    @Test func filtersAgreeWithJavasDumpOutsideMultis() throws {
        let logs = FixturePaths.files(under: "zk-3.8.0/standalone") { $0.hasPrefix("log.") }
        var java: [Key] = []
        for log in logs {
            guard let stdout = Self.javaDump(of: log)?.bytes("stdout") else {
                Issue.record("no TxnLogToolkit capture for \(log)")
                continue
            }
            java += Self.javaKeys(stdout)
        }
        let session = try #require(java.first { $0.op == "closeSession" }?.session)
        let sessionText = "0x" + String(UInt64(bitPattern: session), radix: 16)
        // Java's path field: the quoted path, or for creates and setData the start of the body.
        func javaPath(_ k: Key, is path: String) -> Bool {
            guard let p = k.path else { return false }
            return p == path || p.hasPrefix(path + ",")
        }
        for (arguments, predicate) in [
            (["--path", "/m2"], { (k: Key) in javaPath(k, is: "/m2") }),
            (["--path", "/app"], { (k: Key) in javaPath(k, is: "/app") }),
            (["--session", sessionText], { (k: Key) in k.session == session }),
        ] {
            let ours = try Self.run(["log"] + arguments + [Self.standalone]).compactMap(Self.key)
                .filter { $0.op != "multi" && $0.op != "closeSession" }
            let expected = java.filter(predicate).filter { $0.op != "multi" && $0.op != "closeSession" }
            #expect(
                !expected.isEmpty && ours.count == expected.count,
                "\(arguments): \(ours.count) vs Java \(expected.count)"
            )
            #expect(zip(ours, expected).allSatisfy { Self.agree($0, $1) }, "\(arguments)")
        }
    }

    /// `--stats` counts what the record stream holds.
    @Test func statsCountTheRecordStream() throws {
        let all = try Self.run(["log", Self.standalone])
        let stats = try #require(
            try Self.run(["log", "--stats", "--format", "json", "--top", "3", Self.standalone]).first
        )
        #expect(stats["txns"] as? Int == all.count && stats["errors"] as? Int == 0)
        var perOp: [String: Int] = [:]
        for r in all { perOp[r["op"] as? String ?? "", default: 0] += 1 }
        let ops = stats["ops"] as? [Record] ?? []
        #expect(
            Dictionary(uniqueKeysWithValues: ops.map { ($0["op"] as? String ?? "", $0["txns"] as? Int ?? -1) }) == perOp
        )
        var writes: [String: Int] = [:]
        for r in all { for p in Self.paths(r) { writes[p, default: 0] += 1 } }
        let top = (stats["paths_by_writes"] as? [Record] ?? []).map {
            ($0["path"] as? String ?? "", $0["writes"] as? Int ?? -1)
        }
        let expected = writes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3)
        #expect(top.map { $0.0 } == expected.map { $0.key } && top.map { $0.1 } == expected.map { $0.value })
        let zxid = stats["zxid"] as? Record
        #expect(zxid?["first"] as? String == all.first?["zxid"] as? String)
        #expect(zxid?["last"] as? String == all.last?["zxid"] as? String)
    }

    // MARK: Damage

    @Test func damageIsAnErrorRecordAndExitOne() throws {
        let records = try Self.run(["log", "Fixtures/damaged/log-trunc-mid-payload/log.1e"], expectExit: 1)
        let error = try #require(records.last)
        #expect(error["kind"] as? String == "error" && error["code"] as? String == "truncated")
        #expect(error["offset"] as? Int == 353)
        #expect((error["file"] as? String)?.hasSuffix("log-trunc-mid-payload/log.1e") == true)
        let crc = try Self.run(["log", "Fixtures/damaged/log-crc1/log.1e"], expectExit: 1)
        #expect(crc.filter { $0["kind"] as? String == "error" }.map { $0["code"] as? String } == ["checksumMismatch"])
        let missing = try ToolRunner.run("zkdata", ["log", "Fixtures/no-such-log.1"], cwd: FixturePaths.root)
        #expect(missing.exit == 2)
        let clean = try ToolRunner.run("zkdata", ["log", Self.standalone], cwd: FixturePaths.root)
        #expect(clean.exit == 0 && clean.stderr.isEmpty)
    }

    @Test func textLinesHaveNoControlBytes() throws {
        let result = try ToolRunner.run("zkdata", ["log", "--format", "text", Self.standalone], cwd: FixturePaths.root)
        #expect(result.exit == 0)
        let lines = textLines(result.stdout)
        #expect(lines.count == 145)
        #expect(!result.stdout.contains { $0 < 0x20 && $0 != 0x0A })
        #expect(
            lines.contains { $0.contains(" 0x2 0x100000cb1470000 create /app data=\"hello\" acl=world:anyone:cdrwa") }
        )
    }

    // MARK: History

    /// Fixtures/generate/workload.py: a holder process (session timeout 1000 ms, tag `exp1`)
    /// creates `/holders/exp1-eph0` and `-eph1` ("held by exp1") and is killed, so its session
    /// expires; the `restart` holder (4000 ms, one ephemeral) is killed at the restart.
    @Test func historyFollowsEphemeralsToTheirSessionsEnd() throws {
        let records = try Self.run(["history", "/holders/exp1-eph0", Self.standalone, "--data", "auto"])
        #expect(records.map { $0["op"] as? String } == ["create", "closeSession"])
        let create = records[0]
        let close = records[1]
        #expect(create["ephemeral"] as? Bool == true)
        #expect((create["data"] as? Record)?["utf8"] as? String == "held by exp1")
        #expect((close["paths"] as? [String])?.contains("/holders/exp1-eph0") == true)
        #expect(create["session"] as? String == close["session"] as? String)
        #expect(create["session_timeout"] as? Int == 1000 && close["session_timeout"] as? Int == 1000)
        // The session's createSession, found in the full stream.
        let all = try Self.run(["log", "--op", "createSession", Self.standalone])
        let created = try #require(all.first { $0["session"] as? String == create["session"] as? String })
        #expect(created["timeout"] as? Int == 1000)
        #expect(close["session_created"] as? String == created["time"] as? String)
        #expect(close["session_created_ms"] as? Int == created["time_ms"] as? Int)

        let subtree = try Self.run(["history", "--subtree", "/holders", Self.standalone])
        let timeouts = subtree.filter { $0["op"] as? String == "closeSession" }.map { $0["session_timeout"] as? Int }
        #expect(timeouts == [1000, 4000])
        #expect(subtree.filter { $0["ephemeral"] as? Bool == true }.count == 3)
    }

    @Test func historyOfAPersistentNode() throws {
        // workload.py: /m2 is created in a multi, set ten times, checked, and set in multis.
        let records = try Self.run(["history", "/m2", Self.standalone])
        let ops = records.map { $0["op"] as? String ?? "" }
        #expect(ops.first == "multi")
        #expect(ops.filter { $0 == "setData" }.count == 10)
        #expect(records.allSatisfy { Self.paths($0).contains("/m2") })
    }
}

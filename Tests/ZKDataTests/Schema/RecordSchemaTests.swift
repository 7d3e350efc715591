import Foundation
internal import TestSupport
import Testing

@testable import ZKData

/// Every JSON and NDJSON record `zkdata` prints on the fixtures (real servers' dirs, the
/// captured races, crafted and damaged files) validates against the schema `zkdata schema VERB`
/// prints, key order included; each schema names only what the records hold.
@Suite struct RecordSchemaTests {
    static let root = FixturePaths.root

    /// The group's data dirs: its folders, and for a folder of ensemble members without a
    /// `version-2` of its own (`captured/members-surrogates`), each member's.
    static func directories(_ group: String) -> [String] {
        func folders(_ dir: String) -> [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + dir)) ?? []
            return names.sorted().map { dir + "/" + $0 }.filter {
                var isDir: ObjCBool = false
                return FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &isDir)
                    && isDir.boolValue
            }
        }
        return folders("Fixtures/" + group).flatMap { dir -> [String] in
            let members = folders(dir).filter {
                FileManager.default.fileExists(atPath: root + "/" + $0 + "/version-2")
            }
            let hasOwn = FileManager.default.fileExists(atPath: root + "/" + dir + "/version-2")
            let isEnsemble = !hasOwn && !members.isEmpty
            return isEnsemble ? members : [dir]
        }
    }

    static func files(in dir: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root + "/" + dir)
        var found: [String] = []
        while let name = enumerator?.nextObject() as? String {
            let base = (name as NSString).lastPathComponent
            if base.hasPrefix("log.") || base.hasPrefix("snapshot.") { found.append(dir + "/" + name) }
        }
        return found.sorted()
    }

    /// The zkdata command lines to check for one fixture directory, with the verb whose schema
    /// their records follow.
    static func commands(_ dir: String, full: Bool) -> [(RecordVerb, [String])] {
        let files = files(in: dir)
        var commands: [(RecordVerb, [String])] = [
            (.doctor, ["doctor", "--format", "json", dir]),
            (.log, ["log", "--format", "ndjson", "--data", "auto", dir]),
            (.log, ["log", "--stats", "--format", "json", dir]),
        ]
        if !files.isEmpty { commands.append((.status, ["status", "--format", "json"] + files)) }
        for log in files where (log as NSString).lastPathComponent.hasPrefix("log.") {
            commands.append((.repair, ["repair", "--format", "json", "--dry-run", log, "--output", "/dev/null/x"]))
            commands.append((.repair, ["repair", "--format", "json", "--dry-run", "--salvage", log, "--output", "x"]))
        }
        guard full else { return commands }
        commands.append((.history, ["history", "--subtree", "/", "--format", "ndjson", "--data", "utf8", dir]))
        commands.append((.at, ["at", "--format", "ndjson", "--zxid", "0x10", dir]))
        let snapshots = files.filter { ($0 as NSString).lastPathComponent.hasPrefix("snapshot.") }
        if let newest = snapshots.last { commands.append((.du, ["du", "--format", "json", "--top", "3", newest])) }
        if let first = snapshots.first, let last = snapshots.last, first != last {
            commands.append((.diff, ["diff", "--format", "ndjson", first, last]))
            commands.append((.diff, ["diff", "--format", "json", first, last]))
        }
        return commands
    }

    static func check(_ verb: RecordVerb, _ arguments: [String]) throws -> (records: Int, problems: [String]) {
        let schema = try OrderedJSON.parse(RecordSchemas.schema(verb))
        let validator = SchemaValidator(root: schema)
        let result = try ToolRunner.run("zkdata", arguments, cwd: root)
        var problems: [String] = []
        var records = 0
        for line in result.stdoutText.split(separator: "\n") where !line.isEmpty {
            records += 1
            do {
                let record = try OrderedJSON.parse(String(line))
                problems += validator.problems(record, schema).map { "\(arguments.joined(separator: " ")): \($0)" }
            } catch {
                problems.append("\(arguments.joined(separator: " ")): \(error): \(line.prefix(200))")
            }
        }
        return (records, problems)
    }

    @Test(arguments: ["zk-3.8.0", "captured", "crafted", "damaged"])
    func everyRecordFollowsItsSchema(_ group: String) throws {
        let dirs = Self.directories(group)
        #expect(!dirs.isEmpty, "no fixtures in \(group)")
        var records: [RecordVerb: Int] = [:]
        var problems: [String] = []
        for dir in dirs {
            for (verb, arguments) in Self.commands(dir, full: group != "damaged") {
                let (n, found) = try Self.check(verb, arguments)
                records[verb, default: 0] += n
                problems += found
            }
        }
        #expect(problems.isEmpty, "\(problems.count) problems, the first: \(problems.prefix(5))")
        #expect(records[.log, default: 0] > 0 && records[.doctor, default: 0] == dirs.count)
        if group == "zk-3.8.0" {
            for verb in RecordVerb.allCases where verb != .members {
                #expect(records[verb, default: 0] > 0, "no \(verb) records")
            }
        }
    }

    @Test func membersRecordsFollowTheSchema() throws {
        let (n, problems) = try Self.check(
            .members,
            ["members", "--format", "json", "Fixtures/zk-3.8.0/ensemble-server1", "Fixtures/zk-3.8.0/ensemble-server2"]
        )
        #expect(n == 1)
        #expect(problems.isEmpty, "\(problems)")
    }

    /// The validator is not vacuous: a record with a field the schema does not list, one
    /// without a required field, keys out of order or a wrong type each fail.
    @Test func theValidatorRejectsWhatTheSchemaDoesNotAllow() throws {
        let schema = try OrderedJSON.parse(RecordSchemas.schema(.diff))
        let validator = SchemaValidator(root: schema)
        let good = #"{"path":"/a","change":"modified","fields":["data"],"bytes_a":1,"bytes_b":2}"#
        #expect(validator.problems(try OrderedJSON.parse(good), schema).isEmpty)
        for bad in [
            #"{"path":"/a","change":"modified","fields":["data"],"extra":1}"#,
            #"{"path":"/a","fields":["data"]}"#,
            #"{"change":"added","path":"/a","fields":[]}"#,
            #"{"path":"/a","change":"renamed","fields":[]}"#,
            #"{"path":"/a","change":"added","fields":[],"bytes_b":"2"}"#,
        ] {
            #expect(!validator.problems(try OrderedJSON.parse(bad), schema).isEmpty, "\(bad)")
        }
    }

    @Test func theCommandPrintsTheSchema() throws {
        for verb in RecordVerb.allCases {
            let result = try ToolRunner.run("zkdata", ["schema", verb.rawValue], cwd: Self.root)
            #expect(result.exit == 0)
            #expect(result.stdoutText == RecordSchemas.schema(verb) + "\n")
            let parsed = try OrderedJSON.parse(result.stdoutText)
            #expect(parsed["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        }
        #expect(try ToolRunner.run("zkdata", ["schema", "seal"], cwd: Self.root).exit == 64)
    }
}

internal import ArgumentParser
internal import ZKStorage
internal import ZKToolSupport

/// `zkdata members DIR…`: the first zxid at which ensemble members' data diverge (a different
/// txn at the same zxid, or different snapshot digests), or "identical up to 0x…". Exit 0 when
/// they agree, 1 when they diverge, 2 when a directory cannot be read.
struct MembersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "Find the first zxid at which ensemble members' data differ."
    )

    @Argument(help: "Each member's data dir or version-2 directory.")
    var dirs: [String]

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard dirs.count >= 2 else { throw ValidationError("give at least two member directories") }
        guard format == .text || format == .json else { throw ValidationError("--format: text or json") }
    }

    func run() throws {
        try runVerb {
            var members: [EnsembleComparison.Member] = []
            for dir in dirs {
                let version = try DataDirOptions.versionDirectory(dir)
                guard let contents = DataDirContents(snapDirectory: version, logDirectory: version) else {
                    throw ZKDataError("\(version): cannot list the directory")
                }
                members.append(.init(name: dir, contents: contents))
            }
            let report = EnsembleComparison.compare(members)
            for problem in report.readErrors { Console.errorLine("zkdata members: \(problem)") }
            if format == .json {
                writeJSON(report)
            } else {
                writeText(report)
            }
            if report.divergence != nil { return ZKDataExit.findings }
            return report.readErrors.isEmpty ? ZKDataExit.clean : ZKDataExit.trouble
        }
    }

    private func writeText(_ report: EnsembleComparison.Report) {
        if let d = report.divergence {
            var text = "members differ at \(ZxidArgument.hex(d.zxid)):\n"
            for (name, entry) in d.entries {
                let place = entry.offset.map { "\(entry.file) at byte offset \($0)" } ?? entry.file
                text += "  \(name): \(entry.summary) (\(place))\n"
            }
            Console.out.write(text)
        } else if let common = report.commonUpTo {
            Console.out.write(
                "identical up to \(ZxidArgument.hex(common)) (\(report.compared) zxids compared)\n"
            )
        } else {
            Console.out.write("no common txns to compare\n")
        }
    }

    private func writeJSON(_ report: EnsembleComparison.Report) {
        var json = JSONWriter()
        json.beginObject()
        json.member("identical", report.divergence == nil)
        json.key("identical_up_to")
        if let common = report.commonUpTo, report.divergence == nil { json.hex(common) } else { json.null() }
        json.key("diverge_at")
        if let d = report.divergence { json.hex(d.zxid) } else { json.null() }
        json.member("compared", report.compared)
        json.key("members")
        json.beginArray()
        for range in report.ranges {
            json.beginObject()
            json.member("dir", range.name)
            json.key("first")
            if let f = range.first { json.hex(f) } else { json.null() }
            json.key("last")
            if let l = range.last { json.hex(l) } else { json.null() }
            json.key("entry")
            if let d = report.divergence, let e = d.entries.first(where: { $0.name == range.name }) {
                json.beginObject()
                json.member("summary", e.entry.summary)
                json.member("file", e.entry.file)
                json.key("offset")
                if let o = e.entry.offset { json.int(o) } else { json.null() }
                json.endObject()
            } else {
                json.null()
            }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        json.endLine()
        Console.out.write(json.bytes)
    }
}

internal import ArgumentParser
internal import ZKStorage

/// The input options every directory verb shares (shared/docs/zkdata-spec.md, "Shape"): a
/// `version-2` directory or the data dir holding it, `--data-log-dir DIR` when the logs live
/// apart, or `--config zoo.cfg` (its `dataDir` and `dataLogDir`). Nothing is opened for writing,
/// nothing is locked.
struct DataDirOptions: ParsableArguments {
    @Option(name: .customLong("data-log-dir"), help: "The txn-log directory, when logs live apart from snapshots.")
    var dataLogDir: String?

    @Option(help: ArgumentHelp("Read dataDir and dataLogDir from a ZooKeeper config file.", valueName: "zoo.cfg"))
    var config: String?

    init() {}

    /// The `version-2` directories for `dir` (the verb's DIR argument, default `.`) and the
    /// options, listed.
    func contents(dir: String?) throws(ZKDataError) -> DataDirContents {
        var snapRoot = dir ?? "."
        var logRoot = dataLogDir
        if let config {
            let settings = try ZooConfig(path: config)
            guard dir == nil else {
                throw ZKDataError("give either a directory or --config, not both", exitCode: ZKDataExit.usage)
            }
            snapRoot = settings.dataDir
            logRoot = logRoot ?? settings.dataLogDir
        }
        let snapDirectory = try Self.versionDirectory(snapRoot)
        let logDirectory = try logRoot.map { r throws(ZKDataError) in try Self.versionDirectory(r) } ?? snapDirectory
        guard let contents = DataDirContents(snapDirectory: snapDirectory, logDirectory: logDirectory) else {
            throw ZKDataError("\(snapDirectory): cannot list the directory")
        }
        return contents
    }

    /// `path` itself when it is a `version-2` directory (by name, or because it holds `log.*` /
    /// `snapshot.*` files), else `path/version-2` when that exists.
    static func versionDirectory(_ path: String) throws(ZKDataError) -> String {
        guard JavaFileSystem.isDirectory(path) else {
            throw ZKDataError("\(path): not a directory")
        }
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        if JavaFileSystem.name(trimmed) == DataDirLayout.versionDirectoryName {
            return trimmed
        }
        let child = JavaFileSystem.child(trimmed, DataDirLayout.versionDirectoryName)
        if JavaFileSystem.isDirectory(child) {
            return child
        }
        let names = JavaFileSystem.list(trimmed) ?? []
        if names.contains(where: { DataFileName.isLogFileName($0) || DataFileName.isSnapshotFileName($0) }) {
            return trimmed
        }
        throw ZKDataError("\(path): no version-2 directory and no log.* or snapshot.* files")
    }
}

/// The parts of a ZooKeeper config file (`zoo.cfg`, Java properties) that locate its data.
struct ZooConfig {
    var dataDir: String
    var dataLogDir: String?

    init(path: String) throws(ZKDataError) {
        let file: MappedFile
        do {
            file = try MappedFile(path: path)
        } catch {
            throw ZKDataError(error)
        }
        var values: [String: String] = [:]
        let text = String(decoding: file.bytes, as: UTF8.self)
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            guard let first = line.first, first != "#", first != "!" else { continue }
            guard let sep = line.firstIndex(where: { $0 == "=" || $0 == ":" || $0 == " " || $0 == "\t" }) else {
                continue
            }
            let key = String(line[..<sep])
            var value = line[line.index(after: sep)...].drop { $0 == " " || $0 == "\t" || $0 == "=" || $0 == ":" }
            while let last = value.last, last == " " || last == "\t" { value = value.dropLast() }
            values[key] = String(value)
        }
        guard let dataDir = values["dataDir"], !dataDir.isEmpty else {
            throw ZKDataError("\(path): no dataDir setting")
        }
        self.dataDir = dataDir
        self.dataLogDir = values["dataLogDir"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

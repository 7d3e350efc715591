internal import Glibc
internal import ZKStorage
internal import ZKToolSupport

/// `SnapshotFormatter.main`'s argument loop: `-d` and `-json` (exact, repeatable) until the
/// first other token, which is the file; anything after the file, or no file, is a usage error.
struct Invocation {
    var dumpData = false
    var dumpJSON = false
    /// The file argument as given (raw bytes).
    var file: [UInt8]

    static let usage = [
        "USAGE: SnapshotFormatter [-d|-json] snapshot_file",
        "       -d dump the data for each znode",
        "       -json dump znode info in json format",
    ]

    /// nil for a usage error.
    init?(arguments: [[UInt8]]) {
        var file: [UInt8]?
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            if a == Array("-d".utf8) {
                dumpData = true
            } else if a == Array("-json".utf8) {
                dumpJSON = true
            } else {
                file = a
                break
            }
        }
        guard let file, i == arguments.count else { return nil }
        self.file = file
    }
}

extension JavaFile {
    /// `ZKUtil.validateFileInput`: the error text, or nil when the file can be read.
    var validationError: String? {
        if !exists { return "File '\(absolutePath)' does not exist." }
        if !canRead { return "Read permission is denied on the file '\(absolutePath)'" }
        if isDirectory { return "'\(absolutePath)' is a directory. it must be a file." }
        return nil
    }

    /// `Util.getZxidFromName(getName(), "snapshot")`: the name split at `.` (trailing empty parts
    /// dropped) must have at least two parts, the first `snapshot`; the second is parsed with
    /// `Long.parseLong(part, 16)`. -1 otherwise.
    var snapshotNameZxid: Int64 {
        var parts = name.split(separator: ".", omittingEmptySubsequences: false)
        while let last = parts.last, last.isEmpty { parts.removeLast() }
        guard parts.count >= 2, parts[0] == "snapshot" else { return -1 }
        return JavaNumber.parseLong(String(parts[1]), radix: 16) ?? -1
    }
}

/// Ordering of directory entries by the zxid in their names (`Util.sortDataDir`,
/// `FileTxnLog.getLogFiles`).
///
/// Java sorts with `Collections.sort`, which is stable: entries with equal zxids (for example
/// `snapshot.1a` and `snapshot.1a.gz`, or every name that does not parse, which counts as -1)
/// keep their `File.listFiles()` order, i.e. the order `readdir` returned them in. A descending
/// sort negates the comparator, so ties are **not** reversed.
public enum DataDirSort {
    /// `Util.sortDataDir(files, prefix, ascending)`: a stable sort of `names` by
    /// ``DataFileName/zxid(_:prefix:)``.
    public static func sorted(_ names: [String], prefix: String, ascending: Bool) -> [String] {
        sorted(names, prefix: prefix, ascending: ascending, name: { $0 })
    }

    /// `Util.sortDataDir` for any element that has a file name.
    public static func sorted<Element>(
        _ elements: [Element],
        prefix: String,
        ascending: Bool,
        name: (Element) -> String
    ) -> [Element] {
        // Decorate with the zxid and the original index so the sort is stable by construction.
        let keyed = elements.enumerated().map {
            (zxid: DataFileName.zxid(name($0.element), prefix: prefix), index: $0.offset)
        }
        let order = keyed.sorted { a, b in
            if a.zxid != b.zxid { return ascending ? a.zxid < b.zxid : a.zxid > b.zxid }
            return a.index < b.index
        }
        return order.map { elements[$0.index] }
    }

    /// `FileTxnLog.getLogFiles(files, zxid)`: the log files needed to replay from `zxid`.
    ///
    /// Sorts `names` ascending by log zxid; the base is the largest log zxid that is ≤ `zxid`
    /// and > 0 (0 when there is none); the result is every entry whose log zxid is ≥ the base,
    /// in ascending order. The log that *contains* `zxid` (the newest one starting at or before
    /// it) is therefore included. Names that do not parse (-1) are never included, since the
    /// base is ≥ 0.
    public static func logFiles(_ names: [String], zxid: Int64) -> [String] {
        logFilesAndBase(names, zxid: zxid).files
    }

    /// ``logFiles(_:zxid:)`` together with the base log zxid it chose.
    public static func logFilesAndBase(_ names: [String], zxid: Int64) -> (files: [String], base: Int64) {
        let prefix = DataFileName.logPrefix
        let ascending = sorted(names, prefix: prefix, ascending: true)
        let zxids = ascending.map { DataFileName.zxid($0, prefix: prefix) }
        var base: Int64 = 0
        for z in zxids {
            if z > zxid { break }
            if z > base { base = z }
        }
        var files: [String] = []
        for (name, z) in zip(ascending, zxids) where z >= base {
            files.append(name)
        }
        return (files, base)
    }
}

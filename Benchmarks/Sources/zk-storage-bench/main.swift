// zk-storage-bench: times the ZKStorage library alone (no tool, no output formatting).
//
//   zk-storage-bench [--repeat N] MEASUREMENT FILE      one measurement, one line
//   zk-storage-bench [--repeat N] all [DATA_DIR]        the standard set over bench-data/
//
// Measurements:
//   txnlog         TxnLogReader.next() over every entry: Adler-32 of every payload checked,
//                  TxnHeader decoded; counts entries and checksum mismatches
//   txnlog-decode  the same plus the full Txn decode (header, body, digest) of every entry
//   snapshot       SnapshotReader end to end: readSessions, readACLCache, nextNode until the
//                  terminator, readTail; the seals must verify (codec from the file name)
//   datatree       DataTree(snapshotAt:readTail:true): the in-memory tree the formatter
//                  and comparer use (Java child order, quota recompute), seals verified
//
// Each line: name, file, runs, median and min seconds, throughput over the file's size
// (and over the decoded size for snapshots), counts, and the process's peak RSS so far.
// Exit status 1 if a measurement fails or a check (seals, checksums) does not hold.

import Foundation
import ZKStorage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct Result {
    var counts: [(String, String)] = []
    var decodedBytes: Int? = nil
    var ok = true
    var note = ""
}

enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    case check(String)
    var description: String {
        switch self {
        case .usage(let s): s
        case .check(let s): s
        }
    }
}

func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : 0
}

func peakRSSKiB() -> Int {
    var u = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &u)
    #else
    getrusage(RUSAGE_SELF, &u)
    #endif
    #if canImport(Darwin)
    return Int(u.ru_maxrss) / 1024
    #else
    return Int(u.ru_maxrss)
    #endif
}

/// Keeps a value alive so the optimizer cannot drop the work that produced it.
@inline(never) func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }

func txnlog(_ path: String, fullDecode: Bool) throws -> Result {
    var reader = try TxnLogReader(path: path)
    var entries = 0
    var badCRC = 0
    var badEOR = 0
    var zxidSum: Int64 = 0
    var bodies = 0
    loop: while true {
        switch try reader.next() {
        case .entry(let e):
            entries += 1
            if !e.checksumMatches { badCRC += 1 }
            if e.endOfRecord != .valid { badEOR += 1 }
            if fullDecode {
                let txn = try e.decode()
                zxidSum &+= txn.header.zxid
                bodies += 1
            } else if let h = e.header {
                zxidSum &+= h.zxid
            }
        case .end:
            break loop
        }
    }
    blackHole(zxidSum)
    var r = Result()
    r.counts = [("entries", "\(entries)"), ("crc_errors", "\(badCRC)"), ("bad_eor", "\(badEOR)")]
    if fullDecode { r.counts.append(("decoded", "\(bodies)")) }
    r.decodedBytes = reader.position
    return r
}

func snapshot(_ path: String) throws -> Result {
    var reader = try SnapshotReader(path: path)
    var sessions = 0
    try reader.readSessions { _, _ in sessions += 1 }
    var acls = 0
    try reader.readACLCache { _, _ in acls += 1 }
    var nodes = 0
    var dataBytes = 0
    var czxidSum: Int64 = 0
    while let n = try reader.nextNode() {
        nodes += 1
        dataBytes += n.data?.count ?? 0
        czxidSum &+= n.stat.czxid
    }
    let tail = try reader.readTail()
    blackHole(czxidSum)
    var r = Result()
    r.counts = [
        ("nodes", "\(nodes)"), ("sessions", "\(sessions)"), ("acl_lists", "\(acls)"),
        ("data_bytes", "\(dataBytes)"), ("seals", "\(tail.seals.count)"), ("seals_valid", "\(tail.sealsValid)"),
    ]
    r.decodedBytes = reader.offset
    if !tail.sealsValid {
        r.ok = false
        r.note = "seal mismatch"
    }
    return r
}

func datatree(_ path: String) throws -> Result {
    let tree = try DataTree(snapshotAt: path, readTail: true)
    var r = Result()
    let valid = tree.tail?.sealsValid ?? false
    r.counts = [
        ("nodes", "\(tree.nodeCount)"), ("sessions", "\(tree.sessionTimeouts.count)"),
        ("acl_lists", "\(tree.aclCache.count)"), ("seals_valid", "\(valid)"),
    ]
    if !valid {
        r.ok = false
        r.note = "seal mismatch"
    }
    return r
}

func measurement(_ name: String) -> ((String) throws -> Result)? {
    switch name {
    case "txnlog": { try txnlog($0, fullDecode: false) }
    case "txnlog-decode": { try txnlog($0, fullDecode: true) }
    case "snapshot": snapshot
    case "datatree": datatree
    default: nil
    }
}

func fmt(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }

/// Runs one measurement `repeatCount` times and prints its line. Returns false on failure.
func run(_ name: String, _ path: String, repeatCount: Int) -> Bool {
    guard let body = measurement(name) else {
        print("\(name) file=\(path) error=\"unknown measurement\"")
        return false
    }
    var times: [Double] = []
    var last = Result()
    let clock = ContinuousClock()
    for _ in 0..<repeatCount {
        let start = clock.now
        do {
            last = try body(path)
        } catch {
            print("\(name) file=\(path) error=\"\(error)\"")
            return false
        }
        let d = clock.now - start
        times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
    times.sort()
    let median =
        times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
    let size = fileSize(path)
    var fields: [String] = [
        name, "file=\(path)", "runs=\(times.count)", "median_s=\(fmt(median))", "min_s=\(fmt(times[0]))",
        "file_MB=\(fmt(Double(size) / 1e6, 1))", "file_MB_per_s=\(fmt(Double(size) / 1e6 / median, 1))",
    ]
    if let decoded = last.decodedBytes, decoded != size {
        fields.append("decoded_MB=\(fmt(Double(decoded) / 1e6, 1))")
        fields.append("decoded_MB_per_s=\(fmt(Double(decoded) / 1e6 / median, 1))")
    }
    fields += last.counts.map { "\($0.0)=\($0.1)" }
    fields.append("peak_rss_MiB=\(peakRSSKiB() / 1024)")
    if !last.ok { fields.append("FAILED=\"\(last.note)\"") }
    print(fields.joined(separator: " "))
    fflush(nil)
    return last.ok
}

func firstFile(_ dir: String, suffix: String) -> String? {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return nil }
    return names.filter { n in
        if suffix.isEmpty { return !n.hasSuffix(".gz") && !n.hasSuffix(".snappy") && !n.hasSuffix(".fixed") }
        return n.hasSuffix(suffix)
    }.sorted().first.map { dir + "/" + $0 }
}

func usage() -> Never {
    let text = """
        usage: zk-storage-bench [--repeat N] MEASUREMENT FILE
               zk-storage-bench [--repeat N] all [DATA_DIR]   (default DATA_DIR: bench-data)
        measurements: txnlog, txnlog-decode, snapshot, datatree

        """
    FileHandle.standardError.write(text.data(using: .utf8)!)
    exit(2)
}

var args = Array(CommandLine.arguments.dropFirst())
var repeatCount = 1
if let i = args.firstIndex(of: "--repeat") {
    guard i + 1 < args.count, let n = Int(args[i + 1]), n > 0 else { usage() }
    repeatCount = n
    args.removeSubrange(i...(i + 1))
}
if args.isEmpty || args.contains("--help") || args.contains("-h") { usage() }

var ok = true
if args[0] == "all" {
    let dir = args.count > 1 ? args[1] : "bench-data"
    var plan: [(String, String?)] = []
    for log in ["txnlog-64M", "txnlog-400M", "txnlog-1G"] {
        plan.append(("txnlog", firstFile("\(dir)/\(log)", suffix: "")))
    }
    plan.append(("txnlog-decode", firstFile("\(dir)/txnlog-400M", suffix: "")))
    for suffix in ["", ".gz", ".snappy"] {
        plan.append(("snapshot", firstFile("\(dir)/snap-1M", suffix: suffix)))
    }
    for suffix in ["", ".gz", ".snappy"] {
        plan.append(("datatree", firstFile("\(dir)/snap-1M", suffix: suffix)))
    }
    for (name, file) in plan {
        guard let file else {
            print("\(name) error=\"data missing under \(dir) (run bin/bench once to generate it)\"")
            ok = false
            continue
        }
        ok = run(name, file, repeatCount: repeatCount) && ok
    }
} else {
    guard args.count == 2 else { usage() }
    ok = run(args[0], args[1], repeatCount: repeatCount)
}
exit(ok ? 0 : 1)

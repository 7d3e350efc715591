import Foundation
import Glibc
import TestSupport

/// Runs the built `zk-purge-txnlog` (and `bin/zkCleanup.sh`) on scratch directories.
enum PurgeHarness {
    /// The executable, built next to the test bundle by `swift test`.
    static let binary: String = {
        var dir = Bundle.main.bundleURL.path
        if !FileManager.default.isExecutableFile(atPath: dir + "/zk-purge-txnlog") {
            // Fall back to the directory of the running test executable.
            dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
        }
        return dir + "/zk-purge-txnlog"
    }()

    /// The outcome of one run.
    struct Result {
        var exit: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs the tool with `arguments` in `cwd`.
    static func run(
        _ arguments: [String],
        cwd: String,
        environment: [String: String] = ["TZ": "UTC", "LANG": "C.UTF-8"],
        stdin: [UInt8]? = nil
    ) throws -> Result {
        try run(executable: binary, arguments, cwd: cwd, environment: environment, stdin: stdin)
    }

    /// Runs `executable` with `arguments` in `cwd`, with exactly `environment` (plus PATH),
    /// stdin from `stdin` bytes or /dev/null.
    static func run(
        executable: String,
        _ arguments: [String],
        cwd: String,
        environment: [String: String] = ["TZ": "UTC", "LANG": "C.UTF-8"],
        stdin: [UInt8]? = nil
    ) throws -> Result {
        let scratch = ScratchDir()
        let outPath = scratch.path + "/stdout"
        let errPath = scratch.path + "/stderr"
        let inPath = scratch.path + "/stdin"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        _ = FileManager.default.createFile(atPath: inPath, contents: Data(stdin ?? []))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        var env = environment
        if env["PATH"] == nil { env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin" }
        process.environment = env
        let out = FileHandle(forWritingAtPath: outPath)!
        let err = FileHandle(forWritingAtPath: errPath)!
        let input = stdin == nil ? FileHandle(forReadingAtPath: "/dev/null")! : FileHandle(forReadingAtPath: inPath)!
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        try input.close()
        let status =
            process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
        return Result(exit: status, stdout: try FixturePaths.read(outPath), stderr: try FixturePaths.read(errPath))
    }
}

/// A fresh directory under /tmp (its real path), removed with its contents on deinit.
final class ScratchDir {
    let path: String

    init() {
        var template = Array("/tmp/zk-purge-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let raw = made.map { String(cString: $0) } ?? "/tmp"
        path = URL(fileURLWithPath: raw).resolvingSymlinksInPath().path
    }

    deinit { Self.removeTree(path) }

    /// Writes `bytes` to `relative` (creating parent directories) and sets its mtime. Plain
    /// `open`/`write`, like the golden generator's `shutil.copyfile`, so that directory
    /// entries are created in the same order (readdir order decides the output order).
    func write(_ relative: String, _ bytes: [UInt8], mtime: Int64 = 1_700_000_000) {
        let full = path + "/" + relative
        mkdirs(String(full[..<full.lastIndex(of: "/")!]))
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        precondition(fd >= 0, "cannot create \(full)")
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                precondition(n > 0, "cannot write \(full)")
                offset += n
            }
        }
        close(fd)
        setMtime(relative, mtime)
    }

    /// Copies a file and sets its mtime.
    func copy(_ source: String, to relative: String, mtime: Int64 = 1_700_000_000) throws {
        write(relative, try FixturePaths.read(source), mtime: mtime)
    }

    func setMtime(_ relative: String, _ mtime: Int64) {
        let t = timespec(tv_sec: Int(mtime), tv_nsec: 0)
        let times = [t, t]
        _ = utimensat(AT_FDCWD, path + "/" + relative, times, 0)
    }

    func mkdirs(_ full: String) {
        try? FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
    }

    func exists(_ relative: String) -> Bool {
        var st = stat()
        return lstat(path + "/" + relative, &st) == 0
    }

    /// Names in a directory, in readdir order.
    func list(_ relative: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path + "/" + relative)) ?? []
    }

    /// `"<sha256>  <size>  <relative path>\n"` for every regular file below the directory,
    /// sorted by path bytes (the goldens' `after` format).
    func afterListing() throws -> String {
        var rows: [(key: [UInt8], line: String)] = []
        func walk(_ relative: String) throws {
            let full = relative.isEmpty ? path : path + "/" + relative
            for name in (try? FileManager.default.contentsOfDirectory(atPath: full)) ?? [] {
                let rel = relative.isEmpty ? name : relative + "/" + name
                var st = stat()
                guard lstat(path + "/" + rel, &st) == 0 else { continue }
                if (st.st_mode & S_IFMT) == S_IFDIR {
                    try walk(rel)
                } else if (st.st_mode & S_IFMT) == S_IFREG {
                    let bytes = try FixturePaths.read(path + "/" + rel)
                    rows.append((Array(rel.utf8), "\(SHA256.hex(bytes))  \(bytes.count)  \(rel)\n"))
                }
            }
        }
        try walk("")
        rows.sort { $0.key.lexicographicallyPrecedes($1.key) }
        return rows.map(\.line).joined()
    }

    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// SHA-256 (FIPS 180-4), for the goldens' `after` listings.
enum SHA256 {
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    static func hex(_ message: [UInt8]) -> String {
        var h: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        var data = message
        let bitLength = UInt64(message.count) * 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for i in (0..<8).reversed() { data.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        var w = [UInt32](repeating: 0, count: 64)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for i in 0..<16 {
                let b = chunk + i * 4
                w[i] =
                    UInt32(data[b]) << 24 | UInt32(data[b + 1]) << 16 | UInt32(data[b + 2]) << 8 | UInt32(data[b + 3])
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let ch = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ maj
                hh = g
                g = f
                f = e
                e = d &+ t1
                d = c
                c = b
                b = a
                a = t1 &+ t2
            }
            h[0] &+= a
            h[1] &+= b
            h[2] &+= c
            h[3] &+= d
            h[4] &+= e
            h[5] &+= f
            h[6] &+= g
            h[7] &+= hh
        }
        return h.map { word in
            let s = String(word, radix: 16)
            return String(repeating: "0", count: 8 - s.count) + s
        }.joined()
    }
}

import Foundation
internal import TestSupport
import Testing

/// A snapshot as Java's `SnapshotFormatter -d` printed it (the goldens under
/// `Fixtures/goldens/formatter/d-<case>-<snapshot>/stdout`, captured from Java by
/// `Fixtures/generate/capture.py`): every node reachable from `/` with its stat and base64 data,
/// and the session table with each session's ephemeral count (`DataTree.getEphemerals`).
struct JavaSnapshotDump {
    struct Node {
        /// `cZxid`, `ctime`, `mZxid`, `mtime`, `pZxid`, `cversion`, `dataVersion`, `aclVersion`,
        /// `ephemeralOwner`, `data` as Java printed them.
        var fields: [String: String] = [:]
        /// The data's length (0 for null and empty: Java prints both as "").
        var dataLength: Int {
            guard let b64 = fields["data"], !b64.isEmpty else { return 0 }
            let padding = b64.reversed().prefix(while: { $0 == "=" }).count
            return b64.count / 4 * 3 - padding
        }
    }

    var nodes: [String: Node] = [:]
    /// Paths in Java's print order.
    var order: [String] = []
    /// `(sid, timeout, ephemeralCount)` lines.
    var sessions: [(id: Int64, timeout: Int, ephemerals: Int)] = []

    init(text: String) {
        var current: String?
        var inSessions = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            if line.hasPrefix("Session Details") {
                inSessions = true
                current = nil
                continue
            }
            if inSessions {
                let parts = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 3, parts[0].hasPrefix("0x"), let id = UInt64(parts[0].dropFirst(2), radix: 16),
                    let timeout = Int(parts[1]), let count = Int(parts[2])
                {
                    sessions.append((Int64(bitPattern: id), timeout, count))
                }
                continue
            }
            if line == "----" || line.hasPrefix("ZNode Details") {
                current = nil
                continue
            }
            if line.hasPrefix("  "), let path = current, let eq = line.range(of: " = ") {
                let key = line[line.index(line.startIndex, offsetBy: 2)..<eq.lowerBound]
                nodes[path, default: Node()].fields[String(key)] = String(line[eq.upperBound...])
            } else if current == nil, line.hasPrefix("/") {
                current = line
                order.append(line)
                nodes[line] = Node()
            }
        }
    }

    /// The Java golden of a server-written fixture snapshot (`Fixtures/zk-3.8.0/<case>/version-2/<name>`).
    static func golden(of snapshot: String) -> JavaSnapshotDump? {
        let parts = snapshot.split(separator: "/")
        guard parts.count >= 3 else { return nil }
        let name = parts[parts.count - 1]
        let fixtureCase = parts[parts.count - 3]
        let goldenPath = FixturePaths.fixtures + "/goldens/formatter/d-\(fixtureCase)-\(name)/stdout"
        guard let bytes = try? FixturePaths.read(goldenPath) else { return nil }
        return JavaSnapshotDump(text: String(decoding: bytes, as: UTF8.self))
    }

    /// The fixture snapshot `Fixtures/zk-3.8.0/<fixtureCase>/version-2/<name>`.
    static func fixture(_ fixtureCase: String, _ name: String) -> String {
        FixturePaths.fixtures + "/zk-3.8.0/\(fixtureCase)/version-2/\(name)"
    }

    /// Nodes and data bytes of the subtree at `path` (its root included).
    func subtree(_ path: String) -> (nodes: Int, bytes: Int) {
        var n = 0
        var b = 0
        for p in order where p == path || p.hasPrefix(path == "/" ? "/" : path + "/") {
            n += 1
            b += nodes[p]?.dataLength ?? 0
        }
        return (n, b)
    }

    /// Direct children per path.
    var childCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for p in order {
            counts[p, default: 0] += 0
            guard p != "/", let slash = p.lastIndex(of: "/") else { continue }
            let parent = slash == p.startIndex ? "/" : String(p[..<slash])
            counts[parent, default: 0] += 1
        }
        return counts
    }

    /// Depth of a path ("/" is 0).
    static func depth(_ path: String) -> Int { path == "/" ? 0 : path.split(separator: "/").count }
}

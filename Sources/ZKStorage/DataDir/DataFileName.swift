/// Names of the files in a `version-2` directory (`persistence/Util.java`).
///
/// Txn logs are `log.<hex zxid>`, snapshots `snapshot.<hex zxid>[.gz|.snappy]`, where the zxid
/// is `Long.toHexString` (lowercase, no leading zeros). ZooKeeper parses names leniently, and
/// the retention rules depend on the exact leniency:
///
/// ```
/// zxid("log.100000001", prefix: "log")         == 0x100000001
/// zxid("snapshot.1a.gz", prefix: "snapshot")   == 0x1a    // extra components are ignored
/// zxid("log.3.bak", prefix: "log")             == 3
/// zxid("log.+10", prefix: "log")               == 0x10    // Long.parseLong accepts a sign
/// zxid("log.-5", prefix: "log")                == -5
/// zxid("log.xyz", prefix: "log")               == -1      // unparsable
/// zxid("log..5", prefix: "log")                == -1      // parts[1] is empty
/// zxid("snapshot.5", prefix: "log")            == -1      // other prefix
/// ```
///
/// All comparisons are on code units, as in Java: `"log.\u{301}"` starts with `"log."` here,
/// although Swift's `hasPrefix` (which compares grapheme clusters) says it does not.
public enum DataFileName {
    /// The prefix of txn-log names (`FileTxnLog.LOG_FILE_PREFIX`).
    public static let logPrefix = "log"
    /// The prefix of snapshot names (`FileSnap.SNAPSHOT_FILE_PREFIX`).
    public static let snapshotPrefix = "snapshot"
    /// The value `zxid(_:prefix:)` returns for a name that does not parse.
    public static let unparsable: Int64 = -1

    /// `Util.getZxidFromName(name, prefix)`: split `name` at `.` (Java `split`, so trailing
    /// empty parts are dropped); if there are at least two parts and the first equals `prefix`,
    /// `Long.parseLong(parts[1], 16)`, otherwise -1. A parse failure is also -1.
    ///
    /// Note that `log.-1` legitimately parses to -1 and is then indistinguishable from junk.
    public static func zxid(_ name: String, prefix: String) -> Int64 {
        parsedZxid(name, prefix: prefix) ?? unparsable
    }

    /// Like ``zxid(_:prefix:)``, but nil when the name does not parse, so that `log.-1`
    /// (which parses to -1) and `log.xyz` (which does not) can be told apart.
    public static func parsedZxid(_ name: String, prefix: String) -> Int64? {
        let bytes = Array(name.utf8)
        let dot = UInt8(ascii: ".")
        // Java's split: a leading separator gives a leading empty part; trailing empty parts go.
        var end = bytes.count
        while end > 0 && bytes[end - 1] == dot { end -= 1 }
        guard let firstDot = bytes[..<end].firstIndex(of: dot) else { return nil }
        guard bytes[..<firstDot].elementsEqual(prefix.utf8) else { return nil }
        let start = firstDot + 1
        let stop = bytes[start..<end].firstIndex(of: dot) ?? end
        let part = String(decoding: bytes[start..<stop], as: UTF8.self)
        return JavaNumber.parseLong(part, radix: 16)
    }

    /// `Util.isLogFileName`: the name starts with `log.`.
    public static func isLogFileName(_ name: String) -> Bool {
        hasPrefix(name, logPrefix + ".")
    }

    /// `Util.isSnapshotFileName`: the name starts with `snapshot.`.
    public static func isSnapshotFileName(_ name: String) -> Bool {
        hasPrefix(name, snapshotPrefix + ".")
    }

    /// Java's `String.startsWith`, on code units.
    public static func hasPrefix(_ name: String, _ prefix: String) -> Bool {
        name.utf8.starts(with: prefix.utf8)
    }

    /// The name ZooKeeper gives the txn log whose first txn has `zxid`: `log.<hex>`.
    public static func logFileName(zxid: Int64) -> String {
        logPrefix + "." + javaHex(zxid)
    }

    /// The name ZooKeeper gives a snapshot of `zxid` written with `codec`:
    /// `snapshot.<hex>[.gz|.snappy]`.
    public static func snapshotFileName(zxid: Int64, codec: SnapshotCodec = .plain) -> String {
        snapshotPrefix + "." + javaHex(zxid) + codec.suffix
    }

    /// `Long.toHexString`: lowercase two's complement, no leading zeros.
    static func javaHex(_ v: Int64) -> String {
        String(UInt64(bitPattern: v), radix: 16)
    }
}

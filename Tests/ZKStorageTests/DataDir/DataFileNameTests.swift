import Testing
import ZKStorage

/// `Util.getZxidFromName`, `Long.parseLong(_, 16)` and `Integer.parseInt`, against the values
/// in spec-formats §7.2 and spec-tools §5.1–§5.2 (and Java 17 where noted).
@Suite struct DataDirFileNameTests {
    @Test(arguments: [
        ("log.100000001", "log", Int64(0x1_0000_0001)),
        ("snapshot.1a.gz", "snapshot", 0x1a),
        ("snapshot.1a.snappy", "snapshot", 0x1a),
        ("snapshot.1a.tmp", "snapshot", 0x1a),
        ("snapshot.1a.gz.tmp", "snapshot", 0x1a),
        ("log.100.fixed", "log", 0x100),
        ("log.3.bak", "log", 3),
        ("log.+10", "log", 0x10),
        ("log.-5", "log", -5),
        ("log.-1", "log", -1),
        ("log.xyz", "log", -1),
        ("log..5", "log", -1),
        ("log.0x5", "log", -1),
        ("log.", "log", -1),
        ("log", "log", -1),
        ("log.5.", "log", 5),
        (".log.5", "log", -1),
        ("...", "log", -1),
        ("log.0001A", "log", 0x1a),
        ("log.7fffffffffffffff", "log", Int64.max),
        ("log.8000000000000000", "log", -1),
        ("log.-8000000000000000", "log", Int64.min),
        ("log.-8000000000000001", "log", -1),
        ("log.+", "log", -1),
        ("log.-", "log", -1),
        ("log. 5", "log", -1),
        ("snapshot.5", "log", -1),
        ("log.5", "snapshot", -1),
        ("Log.5", "log", -1),
        ("log.\u{661}\u{662}", "log", 0x12),  // Arabic-Indic digits: Character.digit accepts them
        ("log.\u{FF26}\u{FF26}", "log", 0xff),  // fullwidth F
        ("log.\u{FF47}", "log", -1),  // fullwidth g: 16 is not a hex digit
        ("log.1\u{301}", "log", -1),
        ("log.\u{1D7CE}", "log", -1),  // a supplementary digit is two UTF-16 units, neither a digit
        ("log.ffffffff.x.y", "log", 0xffff_ffff),
    ])
    func zxidFromName(_ name: String, _ prefix: String, _ expected: Int64) {
        #expect(DataFileName.zxid(name, prefix: prefix) == expected)
    }

    @Test func parsedZxidTellsMinusOneFromJunk() {
        #expect(DataFileName.parsedZxid("log.-1", prefix: "log") == -1)
        #expect(DataFileName.parsedZxid("log.xyz", prefix: "log") == nil)
        #expect(DataFileName.parsedZxid("snapshot.0", prefix: "snapshot") == 0)
    }

    @Test func prefixesCompareCodeUnits() {
        #expect(DataFileName.isLogFileName("log.1"))
        #expect(DataFileName.isLogFileName("log.xyz"))
        #expect(DataFileName.isLogFileName("log."))
        #expect(!DataFileName.isLogFileName("log"))
        #expect(!DataFileName.isLogFileName("Log.1"))
        #expect(!DataFileName.isLogFileName("logs.1"))
        // "." + U+0301 is one grapheme cluster; Swift's hasPrefix would say false, Java says true.
        #expect(DataFileName.isLogFileName("log.\u{301}1"))
        #expect(DataFileName.isSnapshotFileName("snapshot.1"))
        #expect(DataFileName.isSnapshotFileName("snapshot.foo"))
        #expect(!DataFileName.isSnapshotFileName("snapshot"))
        #expect(!DataFileName.isSnapshotFileName("acceptedEpoch"))
    }

    @Test func namesZooKeeperWrites() {
        #expect(DataFileName.logFileName(zxid: 0x1_0000_0001) == "log.100000001")
        #expect(DataFileName.snapshotFileName(zxid: 0) == "snapshot.0")
        #expect(DataFileName.snapshotFileName(zxid: 0x1a, codec: .gzip) == "snapshot.1a.gz")
        #expect(DataFileName.snapshotFileName(zxid: 0x1a, codec: .snappy) == "snapshot.1a.snappy")
    }

    @Test(arguments: [
        ("3", Int32?(3)),
        ("+3", 3),
        ("-3", -3),
        (" 3", nil),
        ("3 ", nil),
        ("0x3", nil),
        ("", nil),
        ("+", nil),
        ("-", nil),
        ("2147483647", Int32.max),
        ("2147483648", nil),
        ("-2147483648", Int32.min),
        ("-2147483649", nil),
        ("00000000000000000000005", 5),
        ("\u{663}", 3),  // ARABIC-INDIC DIGIT THREE
        ("\u{FF13}", 3),  // FULLWIDTH DIGIT THREE
        ("a", nil),
        ("3.0", nil),
    ])
    func parseInt(_ text: String, _ expected: Int32?) {
        #expect(JavaNumber.parseInt(text) == expected)
    }

    @Test func digitTable() {
        #expect(JavaNumber.digit(UInt16(UInt8(ascii: "f")), radix: 16) == 15)
        #expect(JavaNumber.digit(UInt16(UInt8(ascii: "g")), radix: 16) == -1)
        #expect(JavaNumber.digit(UInt16(UInt8(ascii: "z")), radix: 36) == 35)
        #expect(JavaNumber.digit(0x0966, radix: 10) == 0)  // DEVANAGARI DIGIT ZERO
        #expect(JavaNumber.digit(0xFF21, radix: 16) == 10)  // FULLWIDTH LATIN CAPITAL A
        #expect(JavaNumber.digit(0x00B2, radix: 10) == -1)  // SUPERSCRIPT TWO is not Nd
    }
}

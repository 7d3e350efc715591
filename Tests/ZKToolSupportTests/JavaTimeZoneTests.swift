import Glibc
import TestSupport
import Testing

@testable import ZKToolSupport

@Suite(.serialized) struct JavaTimeZoneTests {
    @Test func resolvesIDsLikeJava() throws {
        var count = 0
        for line in try JavaVectors.lines("tz-ids.txt") {
            let f = line.split(separator: " ")
            let id = JavaVectors.unescape(f[0])
            let zone = JavaTimeZone.named(id)
            if f[1] == "-" {
                #expect(zone == nil, "\(id) should be unknown")
            } else {
                #expect(zone?.id == String(f[1]), "\(id)")
                #expect(zone?.standardName == String(f[2]), "\(id)")
                #expect(zone?.daylightName == String(f[3]), "\(id)")
            }
            count += 1
        }
        #expect(count > 1000)
    }

    @Test func defaultZoneFollowsTZLikeJava() throws {
        let saved = getenv("TZ").map { String(cString: $0) }
        defer {
            if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
            tzset()
        }
        for line in try JavaVectors.lines("tz-default.txt") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            let tz: String? = f[0] == "unset" ? nil : String(f[0])
            // The C library's view (used for unknown IDs) must see the same TZ as Java did.
            if let tz { setenv("TZ", tz, 1) } else { unsetenv("TZ") }
            tzset()
            let zone = JavaTimeZone.systemDefault(tz: tz)
            #expect(zone.id == String(f[1]), "TZ=\(tz ?? "unset")")
            #expect(JavaDateFormat.dateToString(millis: 1_700_000_000_000, zone: zone) == f[2], "TZ=\(tz ?? "unset")")
            #expect(JavaDateFormat.dateToString(millis: 1_688_212_800_000, zone: zone) == f[3], "TZ=\(tz ?? "unset")")
        }
    }

    @Test func specZoneNames() {
        let cases: [(String, String, String)] = [
            ("UTC", "UTC", "UTC"), ("Etc/UTC", "UTC", "UTC"), ("GMT", "GMT", "GMT"), ("Europe/London", "GMT", "BST"),
            ("Europe/Berlin", "CET", "CEST"), ("Europe/Paris", "CET", "CEST"), ("Europe/Moscow", "MSK", "MSD"),
            ("America/New_York", "EST", "EDT"), ("EST5EDT", "EST", "EDT"), ("America/Chicago", "CST", "CDT"),
            ("America/Denver", "MST", "MDT"), ("America/Los_Angeles", "PST", "PDT"),
            ("America/Sao_Paulo", "BRT", "BRST"),
            ("Asia/Tokyo", "JST", "JDT"), ("Asia/Shanghai", "CST", "CDT"), ("Asia/Kolkata", "IST", "IDT"),
            ("Asia/Singapore", "SGT", "SGST"), ("Australia/Sydney", "AEST", "AEDT"),
            ("Pacific/Auckland", "NZST", "NZDT"),
            ("Etc/GMT-3", "GMT+03:00", "GMT+03:00"), ("Etc/GMT+5", "GMT-05:00", "GMT-05:00"),
            ("GMT+05:30", "GMT+05:30", "GMT+05:30"),
        ]
        for (id, std, dst) in cases {
            let zone = JavaTimeZone.named(id)
            #expect(zone?.standardName == std, "\(id)")
            #expect(zone?.daylightName == dst, "\(id)")
        }
    }

    @Test func defaultZoneKeepsJavasRuleCache() {
        // OpenJDK 17, one JVM: TimeZone.getTimeZone("America/Santiago").getOffset(2415661944018L)
        // (2046-07-20, southern winter) is -14400000 in a fresh zone, but -10800000 (DST) after the
        // same object was asked about Long.MAX_VALUE and Long.MIN_VALUE.
        let zone = JavaTimeZone.named("America/Santiago")!
        let winter2046: Int64 = 2_415_661_944_018
        #expect(zone.offsetsAsDefaultZone(atMillis: winter2046).total == -14_400_000)
        _ = zone.offsetsAsDefaultZone(atMillis: .max)
        _ = zone.offsetsAsDefaultZone(atMillis: .min)
        #expect(zone.offsetsAsDefaultZone(atMillis: winter2046).total == -10_800_000)
        #expect(zone.offsets(atMillis: winter2046).total == -14_400_000)
        #expect(JavaDateFormat.dateToString(millis: winter2046, zone: zone) == "Thu Jul 19 22:12:24 CLST 2046")
        #expect(JavaDateFormat.shortLong(millis: winter2046, zone: zone) == "7/19/46, 9:12:24 PM CLT")
        #expect(JavaTimeZone.named("America/Santiago") == zone)
        #expect(JavaTimeZone.named("America/Santiago") != JavaTimeZone.named("Chile/Continental"))
    }

    @Test func findsACopiedLocaltimeFileByContent() throws {
        // A regular-file /etc/localtime: Java searches /usr/share/zoneinfo for identical bytes,
        // UTC and GMT first.
        let path = "/tmp/zk-java-localtime-\(getpid())"
        let bytes = JavaTimeZone.readWholeFile("/usr/share/zoneinfo/Asia/Tokyo")
        try #require(bytes != nil)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = bytes!.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        defer { unlink(path) }
        let id = JavaTimeZone.platformZoneID(localtimePath: path, zoneinfoDirectory: "/usr/share/zoneinfo")
        // Several files hold Tokyo's bytes (Japan, Asia/Tokyo, posix/…); any of them names a zone
        // with Tokyo's names.
        let zone = id.flatMap { JavaTimeZone.systemDefault(tz: ":" + $0) }
        #expect(zone?.standardName == "JST")
        #expect(
            JavaTimeZone.platformZoneID(localtimePath: "/nonexistent", zoneinfoDirectory: "/usr/share/zoneinfo") == nil
        )
        #expect(JavaTimeZone.systemDefault(tz: nil, localtimePath: "/nonexistent").id == "GMT")
    }
}

import TestSupport
import Testing

@testable import ZKToolSupport

@Suite struct JavaDateFormatTests {
    @Test func matchesJavaForNamedZones() throws {
        var zone: JavaTimeZone?
        var count = 0
        for line in try JavaVectors.lines("date-named.txt") {
            if line.hasPrefix("Z ") {
                zone = JavaTimeZone.named(String(line.dropFirst(2)))
                #expect(zone != nil, "zone \(line)")
                continue
            }
            guard let zone else { continue }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            let millis = Int64(f[0])!
            #expect(JavaDateFormat.shortLong(millis: millis, zone: zone) == f[1], "\(zone.id) \(millis)")
            #expect(JavaDateFormat.mediumMedium(millis: millis, zone: zone) == f[2], "\(zone.id) \(millis)")
            #expect(JavaDateFormat.dateToString(millis: millis, zone: zone) == f[3], "\(zone.id) \(millis)")
            count += 1
        }
        #expect(count > 3000)
    }

    /// SplitMix64, as in DateVectors.java.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> Int64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int64(bitPattern: z ^ (z >> 31))
        }
        mutating func range(_ lo: Int64, _ hi: Int64) -> Int64 {
            lo + Int64(bitPattern: UInt64(bitPattern: next()) % UInt64(hi - lo))
        }
    }

    static let fixedInstants: [Int64] = [
        0, -1, 1, 1_700_000_000_000, 1_523_016_958_000, .min, .max, .min + 1, .max - 1, -12_219_292_800_000,
        -12_219_292_800_001, -12_219_292_800_000 - 86_400_000 * 10, -2_208_988_800_000, -2_208_988_800_001,
        -2_208_988_800_000 - 3_600_000, 2_145_916_799_000, 2_145_916_800_000, 2_147_483_647_000, 2_147_483_648_000,
        4_102_444_800_000, -62_135_596_800_000, -62_135_596_800_001, -62_135_769_600_000, 253_402_300_799_999,
        253_402_300_800_000, 86_399_999, 86_400_000, -86_400_000, -86_400_001, 43_199_999, 43_200_000,
    ]

    static func digestInstants() -> [Int64] {
        var rng = SplitMix64(state: 0x5eed_2023)
        var out = fixedInstants
        for i in 0..<400 {
            switch i % 5 {
            case 0: out.append(rng.next())
            case 1: out.append(rng.range(-2_300_000_000_000, 4_200_000_000_000))
            case 2:
                let base = rng.range(0, 2_200_000_000_000) / 1_800_000 * 1_800_000
                out.append(base + rng.range(-1, 2))
            case 3: out.append(rng.range(1_893_456_000_000, 2_398_291_200_000))
            default: out.append(rng.range(-13_000_000_000_000, -11_000_000_000_000))
            }
        }
        return out
    }

    @Test func matchesJavaForEveryZoneJavaKnows() throws {
        let instants = Self.digestInstants()
        var zones = 0
        for line in try JavaVectors.lines("date-digest.txt") {
            let f = line.split(separator: " ")
            let id = String(f[0])
            guard let zone = JavaTimeZone.named(id) else {
                Issue.record("unknown zone \(id)")
                continue
            }
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for t in instants {
                var out: [UInt8] = []
                JavaDateFormat.appendShortLong(millis: t, zone: zone, to: &out)
                out.append(0x7C)
                JavaDateFormat.appendMediumMedium(millis: t, zone: zone, to: &out)
                out.append(0x7C)
                JavaDateFormat.appendDateToString(millis: t, zone: zone, to: &out)
                out.append(0x0A)
                for b in out {
                    h = (h ^ UInt64(b)) &* 0x100_0000_01b3
                }
            }
            #expect(String(h, radix: 16) == f[1], "zone \(id)")
            zones += 1
        }
        #expect(zones > 600)
        #expect(zones == JavaTimeZone.knownIDs.count)
    }

    @Test func specExamples() {
        let utc = JavaTimeZone.named("UTC")!
        #expect(JavaDateFormat.shortLong(millis: 1_700_000_000_000, zone: utc) == "11/14/23, 10:13:20 PM UTC")
        #expect(JavaDateFormat.mediumMedium(millis: 1_700_000_000_000, zone: utc) == "Nov 14, 2023, 10:13:20 PM")
        #expect(JavaDateFormat.dateToString(millis: 1_700_000_000_000, zone: utc) == "Tue Nov 14 22:13:20 UTC 2023")
    }
}

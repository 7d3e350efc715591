import Testing
internal import ZKToolSupport

@testable import ZKData

@Suite struct JSONWriterTests {
    private func text(_ build: (inout JSONWriter) -> Void) -> String {
        var w = JSONWriter()
        build(&w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test func recordKeepsKeyOrderAndCommas() {
        let line = text { w in
            w.beginObject()
            w.key("zxid")
            w.hex(0x1_0000_0001)
            w.key("session")
            w.hex(0x1000_018c_8c10_000)
            w.key("cxid")
            w.int(Int32(-2))
            w.key("ops")
            w.beginArray()
            w.beginObject()
            w.key("op")
            w.string("create")
            w.endObject()
            w.beginObject()
            w.key("ephemeral")
            w.bool(true)
            w.endObject()
            w.endArray()
            w.key("digest")
            w.null()
            w.endObject()
            w.endLine()
        }
        #expect(
            line
                == #"{"zxid":"0x100000001","session":"0x1000018c8c10000","cxid":-2,"ops":[{"op":"create"},{"ephemeral":true}],"digest":null}"#
                + "\n"
        )
    }

    @Test func negativeIdsPrintAsJavaToHexString() {
        #expect(text { $0.hex(-1) } == #""0xffffffffffffffff""#)
        #expect(text { $0.hex(0) } == #""0x0""#)
        #expect(text { $0.int(Int64.min) } == "-9223372036854775808")
    }

    @Test func stringsAreEscapedAndBadUTF8Replaced() {
        let bytes: [UInt8] = [0x61, 0x22, 0x5C, 0x0A, 0x01, 0xC3, 0xA9, 0xFF, 0xE2, 0x82]
        let out = text { w in bytes.withUnsafeBytes { w.string($0) } }
        #expect(out == "\"a\\\"\\\\\\n\\u0001é\u{FFFD}\u{FFFD}\u{FFFD}\"")
    }

    @Test func dataCarriesLengthBase64AndUTF8WhenValid() {
        let hello = Array("hello".utf8)
        #expect(
            text { w in hello.withUnsafeBytes { w.data($0, utf8: true) } }
                == #"{"len":5,"b64":"aGVsbG8=","utf8":"hello"}"#
        )
        #expect(text { w in hello.withUnsafeBytes { w.data($0, utf8: false) } } == #"{"len":5,"b64":"aGVsbG8="}"#)
        let binary: [UInt8] = [0xFF, 0x00]
        #expect(text { w in binary.withUnsafeBytes { w.data($0, utf8: true) } } == #"{"len":2,"b64":"/wA="}"#)
        #expect(text { $0.data(nil, utf8: true) } == #"{"len":-1}"#)
        let empty: [UInt8] = []
        #expect(text { w in empty.withUnsafeBytes { w.data($0, utf8: true) } } == #"{"len":0,"b64":"","utf8":""}"#)
    }

    @Test func timesAreISO8601UTCWithMilliseconds() {
        #expect(text { $0.time(millis: 1_795_720_875_123) } == #""2026-11-26T19:21:15.123Z""#)
        #expect(ISOTime.string(millis: 0) == "1970-01-01T00:00:00.000Z")
        #expect(ISOTime.string(millis: -1) == "1969-12-31T23:59:59.999Z")
        #expect(ISOTime.string(millis: 951_782_400_000) == "2000-02-29T00:00:00.000Z")
    }

    @Test func timesParseBackFromISOAndEpochMillis() {
        #expect(ISOTime.parse("2026-11-26T19:21:15.123Z") == 1_795_720_875_123)
        #expect(ISOTime.parse("2026-11-26T20:21:15.123+01:00") == 1_795_720_875_123)
        #expect(ISOTime.parse("2026-11-26") == 1_795_651_200_000)
        #expect(ISOTime.parse("1795720875123") == 1_795_720_875_123)
        #expect(ISOTime.parse("2026-13-01") == nil)
        #expect(ISOTime.parse("yesterday") == nil)
    }
}

internal import ZKToolSupport

/// The txn time as `DateFormat.getDateTimeInstance(SHORT, LONG)` prints it for en/en_US on
/// JDK 17 (`M/d/yy, h:mm:ss a z`, via ZKToolSupport's `JavaDateFormat`), cached per second: a
/// log holds many txns per second, and the text only changes when the second does.
struct DateCache {
    let zone: JavaTimeZone
    private var second = Int64.min
    private var text: [UInt8] = []

    init(zone: JavaTimeZone) {
        self.zone = zone
        text.reserveCapacity(48)
    }

    mutating func append(millis: Int64, to sink: inout ToolOutput) {
        // Floor division: the second that contains `millis`, also before 1970.
        let s = millis >= 0 ? millis / 1000 : -((-(millis &+ 1)) / 1000) &- 1
        if s != second || text.isEmpty {
            second = s
            text.removeAll(keepingCapacity: true)
            JavaDateFormat.appendShortLong(millis: millis, zone: zone, to: &text)
        }
        sink.append(text)
    }
}

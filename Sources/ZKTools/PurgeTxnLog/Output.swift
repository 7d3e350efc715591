internal import ZKToolSupport

/// Line output as Java's `System.out.println` / `System.err.println` behave for this tool:
/// stdout is flushed after every line (so a `Removing file:` line is out before the file goes,
/// and `2>&1` interleaves as with Java), stderr flushes stdout first, and write errors such
/// as EPIPE are ignored (`StandardOutput` ignores SIGPIPE).
enum Console {
    /// Prints `line` and a newline on stdout, at once.
    static func out(_ line: String) {
        StandardOutput.shared.writeLine(line)
        StandardOutput.shared.flush()
    }

    /// Prints `line` and a newline on stderr.
    static func err(_ line: String) {
        StandardError.writeLine(line)
    }
}

/// `DateFormat.getDateTimeInstance().format(millis)` in the JVM's default zone: en/en_US on
/// JDK 17, `MMM d, y, h:mm:ss a` (`Nov 14, 2023, 10:13:20 PM`).
enum MediumDate {
    /// Java's default zone (`TZ`, else `/etc/localtime`), resolved once.
    static let zone = JavaTimeZone.systemDefault()

    static func format(millis: Int64) -> String {
        JavaDateFormat.mediumMedium(millis: millis, zone: zone)
    }
}

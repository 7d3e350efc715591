import Foundation

/// A Latin-1 locale for tests, compiled once with `localedef` into a fixed directory that golden
/// cases name in their `env` (`LOCPATH=/tmp/zk-tests-locales`, `LANG=en_US.ISO-8859-1`). The
/// definitions come from Debian's `locales` package, which `bin/install-deps` installs.
public enum TestLocales {
    public static let path = "/tmp/zk-tests-locales"
    public static let latin1 = "en_US.ISO-8859-1"

    /// Builds the locale if it is not there yet; throws when it cannot be built.
    public static func ensureLatin1() throws {
        try lock.withLock {
            let target = path + "/" + latin1
            if FileManager.default.fileExists(atPath: target + "/LC_CTYPE") { return }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            // Built under a temporary name and renamed, so a concurrent test run never sees half.
            let temporary = target + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
            let build = Process()
            build.executableURL = URL(fileURLWithPath: "/usr/bin/localedef")
            build.arguments = ["-i", "en_US", "-f", "ISO-8859-1", temporary]
            build.standardOutput = FileHandle.nullDevice
            build.standardError = FileHandle.nullDevice
            try build.run()
            build.waitUntilExit()
            guard FileManager.default.fileExists(atPath: temporary + "/LC_CTYPE") else {
                throw HarnessError(
                    "cannot build the \(latin1) locale with localedef (apt-get install -y locales)"
                )
            }
            if rename(temporary, target) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        }
    }

    private static let lock = NSLock()
}

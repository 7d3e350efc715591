import TestSupport
import Testing

import ZKToolSupport

@Suite struct PackageVersionTests {
    /// The compiled-in version is the repository's `VERSION` file, the one place it is set.
    @Test func matchesTheVersionFile() throws {
        let file = try FixturePaths.read(FixturePaths.root + "/VERSION")
        #expect(String(decoding: file, as: UTF8.self) == PackageVersion.current + "\n")
    }

    /// Debian's version syntax (upstream part only): digits separated by single dots.
    @Test func isAPlainDottedVersion() {
        let parts = PackageVersion.current.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= "0" && $0 <= "9" } })
    }
}

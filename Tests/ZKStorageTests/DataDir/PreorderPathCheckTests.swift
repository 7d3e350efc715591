import Testing

@testable import ZKStorage

/// The streaming parent check accepts exactly the pre-order, repeat-free record sequences, and
/// sends every other one to the full tree load.
@Suite struct PreorderPathCheckTests {
    private func check(_ paths: [String]) -> PreorderPathCheck {
        var check = PreorderPathCheck()
        for path in paths {
            Array(path.utf8).withUnsafeBytes { check.add(path: $0) }
        }
        return check
    }

    private func isRegular(_ check: PreorderPathCheck) -> Bool {
        if case .regular = check.outcome { return true }
        return false
    }

    @Test func preOrderTreeIsRegularWithOneNodePerRecord() {
        let c = check(["", "/zookeeper", "/zookeeper/quota", "/a", "/a/b", "/a/b/c", "/a/d", "/e"])
        #expect(isRegular(c))
        #expect(c.nodeCount == 8)
    }

    @Test func missingParentIsIrregular() {
        #expect(!isRegular(check(["", "/a/b"])))
        #expect(!isRegular(check(["/a"])))
        // "/a/" has the parent "/a", which is missing here.
        #expect(!isRegular(check(["", "/b", "/a/"])))
    }

    @Test func parentOffTheChainIsIrregular() {
        // "/a" was seen, but it is no longer on the chain: only the tree load can tell.
        #expect(!isRegular(check(["", "/a", "/b", "/a/c"])))
    }

    @Test func repeatedPathIsIrregular() {
        #expect(!isRegular(check(["", "/a", "/a"])))
        #expect(!isRegular(check(["", "/a", "/a/b", "/a"])))
        #expect(!isRegular(check(["", ""])))
    }

    @Test func nonCanonicalPathIsIrregular() {
        var c = PreorderPathCheck()
        [UInt8]().withUnsafeBytes { c.add(path: $0) }
        [0x2F, 0xFF].withUnsafeBytes { c.add(path: $0) }
        #expect(!isRegular(c))
    }

    @Test func manySiblingsStayRegular() {
        let c = check([""] + (0..<100_000).map { "/node-\($0)" })
        #expect(isRegular(c))
        #expect(c.nodeCount == 100_001)
    }
}

import Testing

@Test func placeholderSnapshotComparerTests() {}

import Testing

@Test func placeholderSnapshotFormatterTests() {}

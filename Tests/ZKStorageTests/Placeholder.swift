import Testing

@Test func placeholderZKStorageTests() {}

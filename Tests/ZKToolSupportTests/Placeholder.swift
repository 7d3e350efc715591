import Testing

@Test func placeholderZKToolSupportTests() {}

import Testing

@Test func placeholderTxnLogToolkitTests() {}

import Testing

@Test func placeholderPurgeTxnLogTests() {}

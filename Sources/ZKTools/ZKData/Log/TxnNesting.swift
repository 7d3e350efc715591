internal import ZKStorage

/// Where a record-writing visitor is inside a txn: the top-level record, or a multi's sub-txn.
/// Both of `log`'s writers (``TxnJSONRecord``, ``TxnTextLine``) close what it says ended.
struct TxnNesting {
    /// Records begun and not ended.
    private(set) var depth = 0
    private var top: TxnRecordType?

    enum Ended {
        /// A multi's sub-txn record.
        case subTxn
        /// A multi whose list of sub-txns was written (a null list has nothing to close).
        case multiList
        /// Any other top-level record.
        case record
    }

    mutating func reset() {
        depth = 0
        top = nil
    }

    mutating func begin(_ record: TxnRecordType) {
        if depth == 0 { top = record }
        depth += 1
    }

    /// The multi's list is null: nothing to close at its end.
    mutating func nullList() { top = nil }

    mutating func end() -> Ended {
        depth -= 1
        if depth == 1 { return .subTxn }
        return top == .multiTxn ? .multiList : .record
    }

    /// The op name a record shows: `Request.op2String`, or `unknown` for a type with no record
    /// (the spec's `{"op":"unknown","type":N,"raw":…}`).
    static func opName(_ type: Int32, inMulti: Bool) -> StaticString {
        let known = inMulti ? TxnRecordType.inMulti(type) != nil : TxnRecordType.topLevel(type) != nil
        guard known, let name = OpCode.staticName(type) else { return "unknown" }
        return name
    }
}

/// The `limit` largest values seen, each with its path. Offering a value costs one comparison
/// unless it makes the list; the path is only decoded for values that do.
struct TopList {
    private(set) var items: [(path: String, value: Int)] = []
    let limit: Int
    /// The smallest value in a full list (a new value must beat it).
    private var floor = Int.min

    init(limit: Int) { self.limit = max(0, limit) }

    /// True when `value` would enter the list.
    @inline(__always)
    func accepts(_ value: Int) -> Bool { limit > 0 && (items.count < limit || value > floor) }

    /// Adds `value`; call only when ``accepts(_:)`` is true.
    mutating func insert(path: String, value: Int) {
        if items.count == limit {
            var lowest = 0
            for i in items.indices where items[i].value < items[lowest].value { lowest = i }
            items[lowest] = (path, value)
        } else {
            items.append((path, value))
        }
        if items.count == limit { floor = items.map(\.value).min() ?? Int.min }
    }

    /// Largest first; equal values by path.
    var sorted: [(path: String, value: Int)] {
        items.sorted { $0.value != $1.value ? $0.value > $1.value : $0.path < $1.path }
    }
}

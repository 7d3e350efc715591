/// A first-in first-out hand-over between one producer and one consumer thread, holding at most
/// `capacity` elements: `put` waits while it is full, `take` while it is empty.
///
/// `close()` ends it: `put` then refuses elements and `take` returns the ones left, then nil.
public final class BoundedQueue<Element>: @unchecked Sendable {
    public let capacity: Int
    private let lock = ConditionLock()
    private var items: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false

    public init(capacity: Int) {
        self.capacity = max(capacity, 1)
        items = Array(repeating: nil, count: self.capacity)
    }

    /// Appends `element`, waiting for room; false (and nothing appended) once closed.
    @discardableResult
    public func put(_ element: Element) -> Bool {
        lock.withLock {
            while count == capacity && !closed { lock.wait() }
            if closed { return false }
            items[(head + count) % capacity] = element
            count += 1
            lock.broadcast()
            return true
        }
    }

    /// Removes the oldest element, waiting for one; nil once closed and empty.
    public func take() -> Element? {
        lock.withLock {
            while count == 0 && !closed { lock.wait() }
            guard count > 0 else { return nil }
            let element = items[head]
            items[head] = nil
            head = (head + 1) % capacity
            count -= 1
            lock.broadcast()
            return element
        }
    }

    /// Refuses further elements and wakes every waiter; elements already queued can still be taken.
    public func close() {
        lock.withLock {
            closed = true
            lock.broadcast()
        }
    }
}

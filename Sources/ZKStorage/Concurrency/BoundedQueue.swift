internal import Glibc

/// A first-in first-out hand-over between one producer and one consumer thread, holding at most
/// `capacity` elements: `put` waits while it is full, `take` while it is empty.
///
/// `close()` ends it: `put` then refuses elements and `take` returns the ones left, then nil.
public final class BoundedQueue<Element>: @unchecked Sendable {
    public let capacity: Int
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let changed: UnsafeMutablePointer<pthread_cond_t>
    private var items: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false

    public init(capacity: Int) {
        self.capacity = max(capacity, 1)
        items = Array(repeating: nil, count: self.capacity)
        // Trivial C types, initialised by pthread_*_init rather than by Swift.
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        changed = .allocate(capacity: 1)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        changed.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Appends `element`, waiting for room; false (and nothing appended) once closed.
    @discardableResult
    public func put(_ element: Element) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == capacity && !closed { pthread_cond_wait(changed, mutex) }
        if closed { return false }
        items[(head + count) % capacity] = element
        count += 1
        pthread_cond_broadcast(changed)
        return true
    }

    /// Removes the oldest element, waiting for one; nil once closed and empty.
    public func take() -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == 0 && !closed { pthread_cond_wait(changed, mutex) }
        guard count > 0 else { return nil }
        let element = items[head]
        items[head] = nil
        head = (head + 1) % capacity
        count -= 1
        pthread_cond_broadcast(changed)
        return element
    }

    /// Refuses further elements and wakes every waiter; elements already queued can still be taken.
    public func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }
}

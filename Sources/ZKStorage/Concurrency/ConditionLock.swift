internal import Glibc

/// A POSIX mutex with one condition variable: the one lock the hand-over types share.
///
/// `withLock` runs a closure holding the mutex; inside it, `wait()` releases the mutex until
/// another thread calls `broadcast()` (callers re-check their condition in a loop).
final class ConditionLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        // Trivial C types, initialised by pthread_*_init rather than by Swift.
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Waits for a `broadcast()`; call only inside `withLock`.
    func wait() { pthread_cond_wait(condition, mutex) }

    /// Wakes every waiter; call inside `withLock`.
    func broadcast() { pthread_cond_broadcast(condition) }
}

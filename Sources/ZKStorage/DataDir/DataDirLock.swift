internal import Glibc

/// An exclusive advisory lock (`flock(LOCK_EX)`) on one or more `version-2` directories, so
/// that two purges (say, a cron job and an operator) cannot interleave their decisions and
/// deletions.
///
/// The lock is taken on the **directory itself** (an `O_RDONLY | O_DIRECTORY` descriptor),
/// so it leaves no file behind and a purge changes nothing in the directory but the files it
/// removes. Where a file system refuses `flock` on a directory, a lock file
/// ``fallbackLockFileName`` inside the directory is used instead (and left in place, as
/// removing a lock file is racy). ZooKeeper itself takes no locks: this only serialises
/// purges against each other.
///
/// Directories are locked in a fixed order (device, inode), so two runs over the same pair
/// cannot deadlock; a directory given twice is locked once. The locks are released when the
/// value is deinitialised (or the process exits).
public final class DataDirLock {
    /// The name of the lock file used when a directory cannot be locked directly.
    public static let fallbackLockFileName = ".zk-purge.lock"

    private var descriptors: [Int32]

    private init(descriptors: [Int32]) {
        self.descriptors = descriptors
    }

    deinit {
        for fd in descriptors {
            _ = flock(fd, LOCK_UN)
            close(fd)
        }
    }

    /// The result of one locking attempt.
    public enum Outcome {
        /// All directories are locked.
        case acquired(DataDirLock)
        /// Another process holds the lock on `directory`; nothing is held.
        case busy(directory: String)
    }

    /// Tries to lock every directory in `directories` without waiting.
    ///
    /// Directories that do not exist, are not directories or cannot be opened for reading are
    /// skipped: they cannot be listed either, so nothing in them will be touched.
    ///
    /// - Throws: `.io` when a directory cannot be opened or locked for another reason.
    public static func tryAcquire(_ directories: [String]) throws(ZKStorageError) -> Outcome {
        var targets: [(dev: UInt64, ino: UInt64, path: String)] = []
        for path in directories {
            guard let st = JavaFileSystem.status(osPath: JavaFileSystem.osPath(path)), (st.st_mode & S_IFMT) == S_IFDIR
            else { continue }
            if targets.contains(where: { $0.dev == UInt64(st.st_dev) && $0.ino == UInt64(st.st_ino) }) { continue }
            targets.append((UInt64(st.st_dev), UInt64(st.st_ino), path))
        }
        targets.sort { ($0.dev, $0.ino) < ($1.dev, $1.ino) }
        var held: [Int32] = []
        func releaseAll() {
            for fd in held {
                _ = flock(fd, LOCK_UN)
                close(fd)
            }
            held = []
        }
        for target in targets {
            let result = lockOne(target.path)
            switch result {
            case .success(let fd):
                if let fd { held.append(fd) }
            case .failure(let error):
                releaseAll()
                if error.errno == EWOULDBLOCK { return .busy(directory: target.path) }
                throw error
            }
        }
        return .acquired(DataDirLock(descriptors: held))
    }

    /// Locks every directory, retrying every `pollInterval` seconds for up to `timeout`
    /// seconds (forever when nil). Returns nil on timeout.
    public static func acquire(
        _ directories: [String],
        timeout: Double?,
        pollInterval: Double = 0.05
    ) throws(ZKStorageError) -> DataDirLock? {
        let start = monotonicSeconds()
        while true {
            if case .acquired(let lock) = try tryAcquire(directories) { return lock }
            if let timeout, monotonicSeconds() - start >= timeout { return nil }
            var delay = timespec(
                tv_sec: Int(pollInterval),
                tv_nsec: Int((pollInterval - Double(Int(pollInterval))) * 1e9)
            )
            var remaining = timespec()
            while nanosleep(&delay, &remaining) != 0 && errno == EINTR { delay = remaining }
        }
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Opens and locks one directory (non-blocking); falls back to the lock file. nil when the
    /// directory cannot be opened (then it cannot be listed, and nothing in it is touched).
    private static func lockOne(_ path: String) -> Result<Int32?, ZKStorageError> {
        let dir = JavaFileSystem.normalize(path)
        let fd = JavaFileSystem.withCString(osPath: JavaFileSystem.osPath(dir)) {
            open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        guard fd >= 0 else { return .success(nil) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return .success(fd) }
        let e = errno
        close(fd)
        if e == EWOULDBLOCK {
            return .failure(ZKStorageError(.io, file: path, "locked by another process", errno: e))
        }
        guard e == EBADF || e == EINVAL || e == ENOLCK || e == EOPNOTSUPP else {
            return .failure(ZKStorageError(.io, file: path, "cannot lock directory", errno: e))
        }
        let lockPath = dir + "/" + fallbackLockFileName
        let lfd = JavaFileSystem.withCString(osPath: JavaFileSystem.osPath(lockPath)) {
            open($0, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        }
        guard lfd >= 0 else {
            return .failure(ZKStorageError(.io, file: lockPath, "cannot create lock file", errno: errno))
        }
        if flock(lfd, LOCK_EX | LOCK_NB) == 0 { return .success(lfd) }
        let e2 = errno
        close(lfd)
        let detail = e2 == EWOULDBLOCK ? "locked by another process" : "cannot lock file"
        return .failure(ZKStorageError(.io, file: lockPath, detail, errno: e2))
    }
}

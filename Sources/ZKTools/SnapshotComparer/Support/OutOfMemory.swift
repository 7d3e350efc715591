internal import Glibc

/// Ends the process the way the JVM does when the heap is exhausted: the exception's first line
/// on stderr and exit status 1 (not a trap).
func outOfMemory() -> Never {
    let line = Array("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n".utf8)
    line.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    exit(1)
}

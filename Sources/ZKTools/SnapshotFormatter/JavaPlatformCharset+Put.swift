internal import Glibc
internal import ZKStorage
internal import ZKToolSupport

extension JavaPlatformCharset {
    /// Appends canonical UTF-8 text (``JavaString/isCanonical(_:)``) in this charset.
    @inline(__always)
    func put(_ text: UnsafeRawBufferPointer, to sink: OutputSink) {
        if self == .utf8 {
            sink.append(text)
        } else {
            sink.append(encode(text))
        }
    }
}

/// The release version of zk-datafiles: what `zkdata --version` prints, and the version of the
/// Debian package `bin/package` builds.
///
/// Its one source is the repository's `VERSION` file. This constant repeats it so that the
/// binaries carry it without a generated file or a build step; `PackageVersionTests` fails while
/// the two differ, and `bin/package` refuses to build when the binary prints anything else.
/// To release: edit `VERSION`, then this line.
public enum PackageVersion {
    /// `major.minor.patch`, as in `VERSION` (without its newline).
    public static let current = "0.1.0"
}

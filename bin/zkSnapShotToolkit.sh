#!/bin/sh
#
# zkSnapShotToolkit.sh: dump a ZooKeeper snapshot. A drop-in for ZooKeeper 3.8.0's
# bin/zkSnapShotToolkit.sh that runs zk-snapshot-formatter (a Swift port of
# org.apache.zookeeper.server.SnapshotFormatter) instead of Java: same arguments, same
# stdout, stderr and exit codes (where Java dies with a stack trace, one line naming the
# file, the byte offset and the problem instead).
#
#   zkSnapShotToolkit.sh [--config <confdir>] [-d|-json] snapshot_file
#
# As upstream's zkEnv.sh does, a leading "--config <dir>" is consumed (the formatter reads
# no configuration, so it has no other effect). The release build of this repository is
# used; it is (re)built quietly, on stderr, when missing or older than the sources.
# ZK_SNAPSHOT_FORMATTER=<path> runs that binary instead.
set -eu

if [ $# -gt 1 ] && [ "$1" = "--config" ]; then
    shift 2
fi

if [ -n "${ZK_SNAPSHOT_FORMATTER:-}" ]; then
    exec "$ZK_SNAPSHOT_FORMATTER" "$@"
fi

root=$(cd "$(dirname "$0")/.." && pwd)
bin_dir=$(swift build --package-path "$root" -c release --show-bin-path 2>/dev/null) || bin_dir="$root/.build/release"
binary="$bin_dir/zk-snapshot-formatter"
if [ ! -x "$binary" ] \
    || [ -n "$(find "$root/Sources" "$root/Package.swift" -newer "$binary" -print 2>/dev/null | head -n 1)" ]; then
    swift build --package-path "$root" -c release -q --product zk-snapshot-formatter >&2
    bin_dir=$(swift build --package-path "$root" -c release --show-bin-path)
    binary="$bin_dir/zk-snapshot-formatter"
fi
exec "$binary" "$@"

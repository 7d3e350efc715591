#!/bin/sh
#
# zkSnapshotComparer.sh: compare two ZooKeeper snapshots. A drop-in for ZooKeeper 3.8.0's
# bin/zkSnapshotComparer.sh that runs zk-snapshot-comparer (a Swift port of
# org.apache.zookeeper.server.SnapshotComparer) instead of Java: same options, same output,
# same exit codes.
#
#   zkSnapshotComparer.sh [--config <confdir>] -l <left> -r <right> -b <bytes> -n <nodes> [-d] [-i]
#
# As upstream's zkEnv.sh does, a leading "--config <dir>" is consumed (the comparer reads no
# configuration, so it has no other effect). The release build of this repository is used;
# it is (re)built quietly, on stderr, when missing or older than the sources.
# ZK_SNAPSHOT_COMPARER=<path> runs that binary instead.
set -eu

if [ $# -gt 1 ] && [ "$1" = "--config" ]; then
    shift 2
fi

if [ -n "${ZK_SNAPSHOT_COMPARER:-}" ]; then
    exec "$ZK_SNAPSHOT_COMPARER" "$@"
fi

root=$(cd "$(dirname "$0")/.." && pwd)
bin_dir=$(swift build --package-path "$root" -c release --show-bin-path 2>/dev/null) || bin_dir="$root/.build/release"
binary="$bin_dir/zk-snapshot-comparer"
if [ ! -x "$binary" ] \
    || [ -n "$(find "$root/Sources" "$root/Package.swift" -newer "$binary" -print 2>/dev/null | head -n 1)" ]; then
    swift build --package-path "$root" -c release -q --product zk-snapshot-comparer >&2
    bin_dir=$(swift build --package-path "$root" -c release --show-bin-path)
    binary="$bin_dir/zk-snapshot-comparer"
fi
exec "$binary" "$@"

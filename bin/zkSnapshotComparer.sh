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
# configuration, so it has no other effect).
#
# The binary: $ZK_SNAPSHOT_COMPARER if set; else zk-snapshot-comparer beside this script (resolving
# symlinks), where bin/install and the Debian package put it: an installed copy never builds;
# else, in a source checkout, the checkout's release build (bin/dev-binary: built quietly,
# on stderr, when missing or older than the sources).
set -eu

if [ $# -gt 1 ] && [ "$1" = "--config" ]; then
    shift 2
fi

# bin/install sets this to "yes" in the copies it installs.
installed=no
here=$(dirname "$(readlink -f "$0")")
if [ -n "${ZK_SNAPSHOT_COMPARER:-}" ]; then
    exec "$ZK_SNAPSHOT_COMPARER" "$@"
elif [ -x "$here/zk-snapshot-comparer" ]; then
    exec "$here/zk-snapshot-comparer" "$@"
elif [ "$installed" = no ] && [ -x "$here/dev-binary" ]; then
    binary=$("$here/dev-binary" zk-snapshot-comparer)
    exec "$binary" "$@"
fi
echo "zkSnapshotComparer.sh: no executable $here/zk-snapshot-comparer (set ZK_SNAPSHOT_COMPARER to its path)" >&2
exit 127

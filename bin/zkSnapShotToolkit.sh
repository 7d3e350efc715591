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
# no configuration, so it has no other effect).
#
# The binary: $ZK_SNAPSHOT_FORMATTER if set; else zk-snapshot-formatter beside this script (resolving
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
if [ -n "${ZK_SNAPSHOT_FORMATTER:-}" ]; then
    exec "$ZK_SNAPSHOT_FORMATTER" "$@"
elif [ -x "$here/zk-snapshot-formatter" ]; then
    exec "$here/zk-snapshot-formatter" "$@"
elif [ "$installed" = no ] && [ -x "$here/dev-binary" ]; then
    binary=$("$here/dev-binary" zk-snapshot-formatter)
    exec "$binary" "$@"
fi
echo "zkSnapShotToolkit.sh: no executable $here/zk-snapshot-formatter (set ZK_SNAPSHOT_FORMATTER to its path)" >&2
exit 127

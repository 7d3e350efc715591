#!/bin/sh
#
# zkTxnLogToolkit.sh: dump, recover (-r) or chop (-c -z) a ZooKeeper txn log. A drop-in for
# ZooKeeper 3.8.0's bin/zkTxnLogToolkit.sh that runs zk-txnlog-toolkit (a Swift port of
# org.apache.zookeeper.server.persistence.TxnLogToolkit) instead of Java: same arguments,
# same stdout, stderr, exit codes and output files (where Java dies with a stack trace, one
# line naming the file, the byte offset and the problem instead).
#
#   zkTxnLogToolkit.sh [--config <confdir>] [-dhrvyc] <txn_log_file_name> [-z <zxid>]
#
# As upstream's zkEnv.sh does, a leading "--config <dir>" is consumed (the toolkit reads no
# configuration, so it has no other effect).
#
# The binary: $ZK_TXNLOG_TOOLKIT if set; else zk-txnlog-toolkit beside this script (resolving
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
if [ -n "${ZK_TXNLOG_TOOLKIT:-}" ]; then
    exec "$ZK_TXNLOG_TOOLKIT" "$@"
elif [ -x "$here/zk-txnlog-toolkit" ]; then
    exec "$here/zk-txnlog-toolkit" "$@"
elif [ "$installed" = no ] && [ -x "$here/dev-binary" ]; then
    binary=$("$here/dev-binary" zk-txnlog-toolkit)
    exec "$binary" "$@"
fi
echo "zkTxnLogToolkit.sh: no executable $here/zk-txnlog-toolkit (set ZK_TXNLOG_TOOLKIT to its path)" >&2
exit 127

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
# configuration, so it has no other effect). The release build of this repository is used;
# it is (re)built quietly, on stderr, when missing or older than the sources.
# ZK_TXNLOG_TOOLKIT=<path> runs that binary instead.
set -eu

if [ $# -gt 1 ] && [ "$1" = "--config" ]; then
    shift 2
fi

if [ -n "${ZK_TXNLOG_TOOLKIT:-}" ]; then
    exec "$ZK_TXNLOG_TOOLKIT" "$@"
fi

root=$(cd "$(dirname "$0")/.." && pwd)
bin_dir=$(swift build --package-path "$root" -c release --show-bin-path 2>/dev/null) || bin_dir="$root/.build/release"
binary="$bin_dir/zk-txnlog-toolkit"
if [ ! -x "$binary" ] \
    || [ -n "$(find "$root/Sources" "$root/Package.swift" -newer "$binary" -print 2>/dev/null | head -n 1)" ]; then
    swift build --package-path "$root" -c release -q --product zk-txnlog-toolkit >&2
    bin_dir=$(swift build --package-path "$root" -c release --show-bin-path)
    binary="$bin_dir/zk-txnlog-toolkit"
fi
exec "$binary" "$@"

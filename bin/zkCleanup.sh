#!/usr/bin/env bash
#
# zkCleanup.sh: remove old ZooKeeper snapshots and txn logs, keeping the newest N snapshots
# and the logs needed to recover them. A drop-in for ZooKeeper 3.8.0's bin/zkCleanup.sh that
# runs zk-purge-txnlog (a Swift port of org.apache.zookeeper.server.PurgeTxnLog) instead of
# Java. Safe for cron: concurrent runs are serialised by a lock on the version-2 directories.
#
#   zkCleanup.sh [--config <confdir>] -n <count> [--dry-run] [--verify] [--lock-timeout=SECONDS]
#
# Configuration, as upstream (zkEnv.sh):
#   --config <dir> (first two arguments) or $ZOOCFGDIR selects the config directory, and
#   $ZOOCFG the file in it (default zoo.cfg; an absolute $ZOOCFG is used as is). Without
#   either, <this script's dir>/../conf/zoo.cfg is used if it exists, else
#   /etc/zookeeper/conf/zoo.cfg (Debian's location).
#
# dataDir and dataLogDir are read from the config the way ZooKeeper reads it (a Java
# properties file, values trimmed): "key=value", "key = value", "key: value" and "key value"
# all work, the last occurrence wins, trailing blanks and CR (CRLF files) are dropped, and
# lines starting with # or ! are comments. (Upstream's grep/sed took only "key=value", kept
# trailing blanks and CRs, and cut at the last "=".) Backslash escapes and continuation
# lines are not interpreted.
#
# Then, as upstream: without dataLogDir it runs  zk-purge-txnlog <dataDir> <args...>,
# otherwise  zk-purge-txnlog <dataLogDir> <dataDir> <args...>. The arguments are passed
# through quoted ("$@"), where upstream word-split them ($*).
#
# The binary: $ZK_PURGE_TXNLOG if set; else zk-purge-txnlog beside this script (resolving
# symlinks), where bin/install and the Debian package put it: an installed copy never builds;
# else, in a source checkout, the checkout's release build (bin/dev-binary: built quietly, on
# stderr, when missing or older than the sources).

set -u

# Where this script really lives (it may be reached through a symlink, e.g. from /usr/bin).
ZOOBIN="$(readlink -f "${BASH_SOURCE[0]:-$0}")"
ZOOBINDIR="$(cd "$(dirname "$ZOOBIN")" && pwd)"
REPO_ROOT="$(cd "$ZOOBINDIR/.." && pwd)"

# --config <dir> as the first two arguments (zkEnv.sh consumes them).
if [ $# -gt 1 ] && [ "$1" = "--config" ]; then
    ZOOCFGDIR="$2"
    shift 2
fi

CFGNAME="${ZOOCFG:-zoo.cfg}"
if [ "${CFGNAME#/}" != "$CFGNAME" ]; then
    CFGFILE="$CFGNAME"
elif [ -n "${ZOOCFGDIR:-}" ]; then
    CFGFILE="$ZOOCFGDIR/$CFGNAME"
elif [ -f "$REPO_ROOT/conf/$CFGNAME" ]; then
    CFGFILE="$REPO_ROOT/conf/$CFGNAME"
else
    CFGFILE="/etc/zookeeper/conf/$CFGNAME"
fi

# Prints the value of java.util.Properties key $1 in file $2 (empty when absent).
zk_config_value() {
    awk -v key="$1" '
        { sub(/\r$/, "") }
        /^[ \t\f]*([#!]|$)/ { next }
        {
            line = $0
            sub(/^[ \t\f]+/, "", line)
            if (substr(line, 1, length(key)) != key) next
            rest = substr(line, length(key) + 1)
            if (rest != "" && rest !~ /^[ \t\f]*[=:]/ && rest !~ /^[ \t\f]/) next
            sub(/^[ \t\f]*[=:]?[ \t\f]*/, "", rest)
            sub(/[ \t\f\r]+$/, "", rest)
            value = rest
        }
        END { print value }
    ' "$2"
}

ZOODATADIR=""
ZOODATALOGDIR=""
if [ -r "$CFGFILE" ] && [ -f "$CFGFILE" ]; then
    ZOODATADIR="$(zk_config_value dataDir "$CFGFILE")"
    ZOODATALOGDIR="$(zk_config_value dataLogDir "$CFGFILE")"
else
    echo "zkCleanup.sh: cannot read ZooKeeper config $CFGFILE" >&2
fi

# The binary. bin/install sets "installed" to "yes" in the copies it installs.
installed=no
if [ -n "${ZK_PURGE_TXNLOG:-}" ]; then
    PURGE="$ZK_PURGE_TXNLOG"
elif [ -x "$ZOOBINDIR/zk-purge-txnlog" ]; then
    PURGE="$ZOOBINDIR/zk-purge-txnlog"
elif [ "$installed" = no ] && [ -x "$ZOOBINDIR/dev-binary" ]; then
    PURGE="$("$ZOOBINDIR/dev-binary" zk-purge-txnlog)" || exit 1
else
    echo "zkCleanup.sh: no executable $ZOOBINDIR/zk-purge-txnlog (set ZK_PURGE_TXNLOG to its path)" >&2
    exit 127
fi

if [ -z "$ZOODATALOGDIR" ]; then
    exec "$PURGE" "$ZOODATADIR" "$@"
else
    exec "$PURGE" "$ZOODATALOGDIR" "$ZOODATADIR" "$@"
fi

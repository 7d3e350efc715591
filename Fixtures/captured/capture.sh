#!/usr/bin/env bash
# Fixtures/captured/capture.sh: recaptures the Java goldens of the captured data dirs.
#
# For each case and each zxid listed below, ZooKeeper 3.8.0's own classes rebuild the tree
# after that txn (Conformance/java/ReplayAt.java: FileSnap from the oldest snapshot, here
# snapshot.0, then FileTxnSnapLog.processTransaction up to the zxid, then FileSnap.serialize)
# and the snapshot they write is kept as <case>/java-at-<zxid>.snapshot.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cp=/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar
replay=$here/../../Conformance/java/ReplayAt.java
capture() { # case zxid
    local out
    out=$(mktemp -d)
    java -XX:-UsePerfData -cp "$cp" "$replay" "$here/$1/version-2" "$2" "$out/snapshot"
    mv "$out/snapshot" "$here/$1/java-at-$2.snapshot"
    rm -rf "$out"
}
capture inflight-create 0x37
capture inflight-create 0x38
capture inflight-close 0x39
capture inflight-close 0x3a

#!/usr/bin/env bash
# Fixtures/captured/capture.sh: recaptures the Java goldens of the captured data dirs.
#
# For each case and each zxid listed below, ZooKeeper 3.8.0's own classes rebuild the tree
# after that txn (Conformance/java/ReplayAt.java: FileSnap from the oldest snapshot, here
# snapshot.0, snapshot.18c or snapshot.1a2, then FileTxnSnapLog.processTransaction up to the zxid, then FileSnap.serialize)
# and the snapshot they write is kept as <case>/java-at-<zxid>.snapshot.
#
# For acl-fallback, a real 3.8.0 server (ZooKeeperServerMain, slf4j-simple) starts on a copy of
# the directory, and on a copy without snapshot.110; the line that says how each startup ended
# (the exception it dies with, or "Snapshot loaded ... highest zxid is ...") is kept in
# acl-fallback/server-startup.txt.
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
capture inflight-window 0x1b7
capture inflight-window 0x1b8
capture inflight-window 0x1d1
capture inflight-quota 0x1c3
capture inflight-quota 0x1c4
# zookeeper.jar's manifest Class-Path names the server's other jars.
server_cp=/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-api.jar:/usr/share/java/slf4j-simple.jar
startup() { # case label [file left out]
    local d port line
    d=$(mktemp -d)
    cp -r "$here/$1/version-2" "$d/"
    if [ -n "${3:-}" ]; then rm "$d/version-2/$3"; fi
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    printf 'tickTime=500\ndataDir=%s\nclientPort=%s\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n' \
        "$d" "$port" >"$d/zoo.cfg"
    timeout 20 java -cp "$server_cp" org.apache.zookeeper.server.ZooKeeperServerMain "$d/zoo.cfg" >"$d/out" 2>&1 || true
    line=$(grep -m1 -E '^java\.lang\.[A-Za-z]+Exception|highest zxid is' "$d/out" | sed 's/^\[main\] INFO [^ ]* - //')
    echo "$2: $line"
    rm -rf "$d"
}
{
    startup acl-fallback "all files"
    startup acl-fallback "without snapshot.110" snapshot.110
} >"$here/acl-fallback/server-startup.txt"

#!/bin/bash
# Runs real ZooKeeper 3.8.0 servers (standalone and a 3-server ensemble) on 127.0.0.1,
# drives them with workload.py and copies their version-2 directories into
# Fixtures/zk-3.8.0/<case>/.  Servers are stopped by PID, also on failure (trap).
#
# Usage: servers.sh [case...]     (default: all cases)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

RUN=$(mktemp -d /tmp/zkfixtures-servers.XXXXXX)
PIDFILE="$RUN/pids"
: >"$PIDFILE"
OUT="$FIX_DIR/zk-3.8.0"

cleanup() {
    local rc=$?
    local pid
    cat "$RUN"/*/holder.pid >>"$PIDFILE" 2>/dev/null || true
    for pid in $(cat "$PIDFILE" 2>/dev/null); do
        if kill -0 "$pid" 2>/dev/null; then
            log "cleanup: killing pid $pid"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    if [ $rc -ne 0 ]; then
        log "FAILED (rc=$rc); server output kept in $RUN"
    else
        rm -rf "$RUN"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SERVER_FLAGS=(
    -Xmx256m -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true
    -Dzookeeper.preAllocSize=8             # KiB: small, padded log files
    -Dzookeeper.snapCount=40               # a snapshot every 20..40 txns
    -Dzookeeper.extendedTypesEnabled=true  # TTL nodes
    -Dznode.container.checkIntervalMs=300  # container / TTL reaping
    -Dzookeeper.admin.enableServer=false
)

track() { echo "$1" >>"$PIDFILE"; }

wait_port() { # port
    python3 - "$1" <<'EOF'
import socket, sys, time
port = int(sys.argv[1]); end = time.time() + 60
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close(); sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit("port %d did not open" % port)
EOF
}

start_server() { # name main-class cfg [extra jvm flags...]
    local name=$1 main=$2 cfg=$3
    shift 3
    java -cp "$ZK_CP" "${SERVER_FLAGS[@]}" "$@" "$main" "$cfg" >>"$RUN/$name.out" 2>&1 &
    local pid=$!
    track "$pid"
    echo "$pid" >"$RUN/$name.pid"
    log "started $name (pid $pid)"
}

stop_server() { # name [signal]
    local name=$1 sig=${2:-TERM}
    local pid
    pid=$(cat "$RUN/$name.pid")
    kill -"$sig" "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$name did not stop, SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    log "stopped $name (pid $pid, SIG$sig)"
}

# ---------------------------------------------------------------------------------
run_standalone() { # case port big(0/1) [extra jvm flags...]
    local case=$1 port=$2 big=$3
    shift 3
    local dir="$RUN/$case"
    mkdir -p "$dir/data"
    cat >"$dir/zoo.cfg" <<EOF
tickTime=500
dataDir=$dir/data
clientPort=$port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
EOF
    local bigflag=()
    [ "$big" = 1 ] && bigflag=(--big)
    log "== $case"
    start_server "$case" org.apache.zookeeper.server.ZooKeeperServerMain "$dir/zoo.cfg" "$@"
    wait_port "$port"
    timeout 300 python3 "$GEN_DIR/workload.py" --hosts "127.0.0.1:$port" --phase one "${bigflag[@]}" \
        --pidfile "$dir/holder.pid"
    local holder
    holder=$(cat "$dir/holder.pid")
    track "$holder"
    sleep 0.5
    kill -KILL "$holder"
    stop_server "$case"
    # restart: the server replays the log, writes a startup snapshot and later expires
    # the session left behind by the killed holder
    start_server "$case" org.apache.zookeeper.server.ZooKeeperServerMain "$dir/zoo.cfg" "$@"
    wait_port "$port"
    timeout 300 python3 "$GEN_DIR/workload.py" --hosts "127.0.0.1:$port" --phase two "${bigflag[@]}"
    stop_server "$case"
    rm -rf "${OUT:?}/$case"
    mkdir -p "$OUT/$case"
    cp -r "$dir/data/version-2" "$OUT/$case/version-2"
}

# ---------------------------------------------------------------------------------
srvr_mode() { # port -> leader|follower|?
    python3 - "$1" <<'EOF'
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
    s.sendall(b"srvr"); data = b""
    while True:
        b = s.recv(4096)
        if not b: break
        data += b
    for line in data.decode().splitlines():
        if line.startswith("Mode: "): print(line[6:]); break
    else: print("?")
except OSError:
    print("?")
EOF
}

wait_quorum() { # ports... ; waits until one leader and the rest followers
    local i p m leaders followers
    for i in $(seq 1 150); do
        leaders=0
        followers=0
        for p in "$@"; do
            m=$(srvr_mode "$p")
            [ "$m" = leader ] && leaders=$((leaders + 1))
            [ "$m" = follower ] && followers=$((followers + 1))
        done
        if [ $leaders -eq 1 ] && [ $((leaders + followers)) -eq $# ]; then return 0; fi
        sleep 0.2
    done
    log "quorum did not form on ports $*"
    return 1
}

run_ensemble() {
    local base="$RUN/ensemble" i
    log "== ensemble"
    for i in 1 2 3; do
        mkdir -p "$base/s$i/data"
        echo "$i" >"$base/s$i/data/myid"
        cat >"$base/s$i/zoo.cfg" <<EOF
tickTime=500
initLimit=20
syncLimit=10
dataDir=$base/s$i/data
clientPort=2228$i
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=srvr
server.1=127.0.0.1:22381:22391
server.2=127.0.0.1:22382:22392
server.3=127.0.0.1:22383:22393
EOF
    done
    local hosts="127.0.0.1:22281,127.0.0.1:22282,127.0.0.1:22283"
    for i in 1 2 3; do
        start_server "ens$i" org.apache.zookeeper.server.quorum.QuorumPeerMain "$base/s$i/zoo.cfg"
    done
    wait_quorum 22281 22282 22283
    timeout 300 python3 "$GEN_DIR/workload.py" --hosts "$hosts" --phase ens-a
    local leader=""
    for i in 1 2 3; do
        [ "$(srvr_mode 2228$i)" = leader ] && leader=$i
    done
    [ -n "$leader" ] || { log "no leader found"; return 1; }
    log "leader is server $leader: SIGKILL"
    stop_server "ens$leader" KILL
    local rest=()
    for i in 1 2 3; do [ "$i" != "$leader" ] && rest+=("2228$i"); done
    wait_quorum "${rest[@]}"
    timeout 300 python3 "$GEN_DIR/workload.py" --hosts "$hosts" --phase ens-b
    log "restarting server $leader"
    start_server "ens$leader" org.apache.zookeeper.server.quorum.QuorumPeerMain "$base/s$leader/zoo.cfg"
    wait_quorum 22281 22282 22283
    timeout 300 python3 "$GEN_DIR/workload.py" --hosts "$hosts" --phase ens-c
    for i in 1 2 3; do stop_server "ens$i"; done
    # keep the killed-and-restarted old leader and one of the others
    local keep=("$leader" "${rest[0]#2228}")
    for i in 1 2 3; do rm -rf "${OUT:?}/ensemble-server$i"; done
    for i in "${keep[@]}"; do
        mkdir -p "$OUT/ensemble-server$i"
        cp -r "$base/s$i/data/version-2" "$OUT/ensemble-server$i/version-2"
        cp "$base/s$i/data/myid" "$OUT/ensemble-server$i/myid"
    done
    echo "old leader (SIGKILLed, restarted): server$leader; kept: ${keep[*]}" >"$OUT/ensemble-notes.txt"
}

# ---------------------------------------------------------------------------------
CASES=("$@")
[ ${#CASES[@]} -eq 0 ] && CASES=(standalone standalone-gz standalone-snappy standalone-nodigest ensemble)
mkdir -p "$OUT"
for c in "${CASES[@]}"; do
    case $c in
    standalone) run_standalone standalone 22181 0 ;;
    standalone-gz) run_standalone standalone-gz 22182 1 -Dzookeeper.snapshot.compression.method=gz ;;
    standalone-snappy) run_standalone standalone-snappy 22183 1 -Dzookeeper.snapshot.compression.method=snappy ;;
    standalone-nodigest) run_standalone standalone-nodigest 22184 0 -Dzookeeper.digest.enabled=false ;;
    ensemble) run_ensemble ;;
    *)
        log "unknown case $c"
        exit 2
        ;;
    esac
done
log "servers done"

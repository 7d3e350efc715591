# Shared settings for the fixture generator (sourced, not executed).

GEN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIX_DIR=$(cd "$GEN_DIR/.." && pwd)
REPO_DIR=$(cd "$FIX_DIR/.." && pwd)

# The Debian jars (zookeeper 3.8.0-11+deb12u2). slf4j-nop silences the SLF4J
# "no binding" warning, so stderr holds only what the tools print themselves.
J=/usr/share/java
ZK_CP="$J/zookeeper.jar:$J/zookeeper-jute.jar:$J/commons-cli.jar:$J/slf4j-api.jar:$J/slf4j-nop.jar"
ZK_CP="$ZK_CP:$J/snappy-java.jar:$J/jackson-databind.jar:$J/jackson-core.jar:$J/jackson-annotations.jar"
ZK_CP="$ZK_CP:$J/metrics-core.jar:$J/commons-io.jar"
export ZK_CP GEN_DIR FIX_DIR REPO_DIR

log() { printf '[generate] %s\n' "$*" >&2; }

ensure_deps() {
    local need_apt=()
    command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
    dpkg -s zookeeper >/dev/null 2>&1 || need_apt+=(zookeeper)
    [ -f "$J/slf4j-nop.jar" ] || need_apt+=(libslf4j-java)
    [ -f "$J/snappy-java.jar" ] || need_apt+=(libsnappy-java)
    if [ ${#need_apt[@]} -gt 0 ]; then
        log "installing ${need_apt[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
    fi
    local v
    v=$(dpkg-query -W -f='${Version}' zookeeper)
    if [ "$v" != "3.8.0-11+deb12u2" ]; then
        log "WARNING: zookeeper package is $v, the fixtures were made with 3.8.0-11+deb12u2"
    fi
    if ! python3 -c 'import kazoo' >/dev/null 2>&1; then
        log "installing kazoo"
        pip install -q kazoo
    fi
}
export PYTHONDONTWRITEBYTECODE=1

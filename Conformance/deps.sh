#!/usr/bin/env bash
# Installs what bin/conformance needs when it is missing (idempotent, quiet when all is there):
#   * Debian: a JRE, `zookeeper` (3.8.0 jars, /usr/share/java/zookeeper.jar), slf4j-nop,
#     snappy-java, and the C libraries the Swift build links against (bin/install-deps);
#   * Python: kazoo (pip --target .build-conformance/pydeps, else Debian's python3-kazoo).
# Needs root (or sudo-less root in CI containers) only when something is missing.
set -euo pipefail
J=/usr/share/java
say() { printf '[conformance] %s\n' "$*" >&2; }

apt_install() {
    if [ "$(id -u)" != 0 ]; then
        say "missing Debian packages: $*; run: sudo apt-get install -y $*"
        exit 1
    fi
    say "apt-get install $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "$@" >&2
}

need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
dpkg -s zookeeper >/dev/null 2>&1 || need+=(zookeeper)
[ -f "$J/slf4j-nop.jar" ] || need+=(libslf4j-java)
[ -f "$J/snappy-java.jar" ] || need+=(libsnappy-java)
command -v python3 >/dev/null 2>&1 || need+=(python3)
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"

v=$(dpkg-query -W -f='${Version}' zookeeper 2>/dev/null || true)
case $v in
3.8.0-*) ;;
*) say "WARNING: Debian zookeeper is '$v'; the tools re-implement 3.8.0 (3.8.0-11+deb12u2)" ;;
esac

# kazoo: already importable, or in our own --target dir (never the system site-packages, so
# PEP 668 "externally managed" Pythons are left alone), or Debian's python3-kazoo.
pydeps="$(cd "$(dirname "$0")/.." && pwd)/.build-conformance/pydeps"
if ! PYTHONPATH="$pydeps${PYTHONPATH:+:$PYTHONPATH}" python3 -c 'import kazoo' >/dev/null 2>&1; then
    say "installing kazoo (pip --target $pydeps)"
    if ! python3 -m pip --version >/dev/null 2>&1; then
        apt_install python3-pip || true
    fi
    mkdir -p "$pydeps"
    python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore --target "$pydeps" kazoo >&2 ||
        apt_install python3-kazoo
    PYTHONPATH="$pydeps${PYTHONPATH:+:$PYTHONPATH}" python3 -c 'import kazoo' ||
        { say "kazoo is still not importable"; exit 1; }
fi

# The C libraries of the Swift build (zlib, snappy, ISA-L); only needed when we build.
if [ "${CONFORMANCE_SKIP_BUILD_DEPS:-0}" != 1 ]; then
    "$(dirname "$0")/../bin/install-deps"
fi

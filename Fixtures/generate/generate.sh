#!/bin/bash
# Regenerates every fixture under Fixtures/ from scratch (idempotent):
#   1. real ZooKeeper 3.8.0 servers on 127.0.0.1 write txn logs and snapshots  (servers.sh)
#   2. crafted files are written with ZooKeeper's own writer classes           (Craft.java)
#   3. damaged copies are made from the real files                             (damage.py)
#   4. goldens are captured from the real Java tools                           (capture.py)
# Usage: Fixtures/generate/generate.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ensure_deps
cd "$FIX_DIR"

log "wiping old fixtures"
rm -rf "$FIX_DIR/zk-3.8.0" "$FIX_DIR/crafted" "$FIX_DIR/damaged" "$FIX_DIR/goldens"

log "step 1/4: real servers"
bash "$GEN_DIR/servers.sh"

log "step 2/4: crafted files"
nodigest=$(python3 -c 'import os, sys
d = sys.argv[1]
print(max((n for n in os.listdir(d) if n.startswith("snapshot.")), key=lambda n: int(n.split(".")[1], 16)))' \
    "$FIX_DIR/zk-3.8.0/standalone-nodigest/version-2")
java -cp "$ZK_CP" "$GEN_DIR/Craft.java" "$FIX_DIR/crafted" \
    "$FIX_DIR/zk-3.8.0/standalone-nodigest/version-2/$nodigest" >&2

log "step 3/4: damaged copies"
python3 "$GEN_DIR/damage.py" "$FIX_DIR"

log "step 4/4: goldens"
python3 "$GEN_DIR/capture.py"

log "checking"
python3 "$GEN_DIR/check.py"
log "done: $(du -sh "$FIX_DIR" | cut -f1) in $FIX_DIR"

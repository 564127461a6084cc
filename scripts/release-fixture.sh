#!/usr/bin/env bash
# Writes internal/cli/testdata/upgrade/release-REV.sql.gz: a SQLite database
# made by release REV of toren (its demo data, a small sample), as SQL text.
# The upgrade test migrates it with the current code. Run it for each
# release, and keep the fixture of the release before the current one.
#
#   scripts/release-fixture.sh REV
set -euo pipefail
rev=${1:?usage: scripts/release-fixture.sh REV}
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add --detach -q "$work/src" "$rev"
(cd "$work/src" && go build -o "$work/toren" ./cmd/toren)
"$work/toren" demo --db "sqlite:$work/old.db" --families 8 --years 2 --seed 11 --addr 127.0.0.1:0 >"$work/demo.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  grep -q 'http://' "$work/demo.log" && break
  sleep 1
done
kill -TERM "$pid"; wait "$pid" || true
short=$(git -C "$root" rev-parse --short=7 "$rev")
out="$root/internal/cli/testdata/upgrade/release-$short.sql.gz"
mkdir -p "$(dirname "$out")"
python3 - "$work/old.db" <<'PY' | gzip -9n >"$out"
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for line in con.iterdump():
    print(line)
PY
echo "wrote $out ($(du -h "$out" | cut -f1))"

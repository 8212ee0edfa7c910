#!/usr/bin/env bash
# Builds Kalkyl (release) and serves dist/ on 127.0.0.1: `bash scripts/run.sh`, then open the
# address it prints. Port 8080 unless PORT is set (e.g. `PORT=9000 bash scripts/run.sh`).
# The page is served exactly as built, policy included: trunk serve's live-reload script is
# refused by that policy (a console violation on every load), so this serves the build with
# the repository's small static server (scripts/static-server.mjs) instead. After a change,
# stop it (Ctrl-C) and run it again; the build is incremental. The one-file edition
# (dist/kalkyl-fristaende.html) is built beside it, as scripts/test.sh builds it.
set -euo pipefail

# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" # cds to the repo root, sets PATH

PORT="${PORT:-8080}"
case "$PORT" in
  '' | *[!0-9]*) kalkyl_die "PORT must be a number, got '$PORT'" ;;
esac

kalkyl_step "build: trunk build --release, and the one-file edition"
trunk build --release
node scripts/single-file.mjs dist

kalkyl_step "serve: dist/ on 127.0.0.1:$PORT"
exec node scripts/static-server.mjs dist "$PORT"

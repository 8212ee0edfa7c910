#!/usr/bin/env bash
# Builds Kalkyl (release) and serves it locally with live rebuilds: `bash scripts/run.sh`.
# Binds to 127.0.0.1 only; port 8080 unless PORT is set (e.g. `PORT=9000 bash scripts/run.sh`).
set -euo pipefail

# shellcheck source=scripts/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" # cds to the repo root, sets PATH

PORT="${PORT:-8080}"
case "$PORT" in
  '' | *[!0-9]*) kalkyl_die "PORT must be a number, got '$PORT'" ;;
esac

kalkyl_step "serve: trunk serve --release on 127.0.0.1:$PORT"
printf '\n    Kalkyl will be at:  http://127.0.0.1:%s/\n' "$PORT"
printf '    (first build takes a while; Ctrl-C to stop)\n\n'
exec trunk serve --release --address 127.0.0.1 --port "$PORT" --open false --disable-address-lookup

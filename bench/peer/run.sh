#!/usr/bin/env bash
# One command for the peer comparison: builds the core's side, installs HyperFormula, compares.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
cargo build --release --quiet --manifest-path ../core/Cargo.toml --bin peer-edits
[ -d node_modules/hyperformula ] || npm install --no-audit --no-fund --silent
node compare.mjs "${1:-10000}" "${2:-1000}"

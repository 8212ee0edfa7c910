#!/usr/bin/env bash
# One command for the peer comparison, all three engines compiled for the same runtime: builds
# Kalkyl's engine for wasm32 (kalkyl-wasm/, then wasm-bindgen --target web), installs the peers
# (HyperFormula, IronCalc's wasm build, playwright-core) and runs run.mjs, which drives one
# headless Chromium page (page.js) through every engine and size and prints the table.
#   bash bench/peer/run.sh              the in-browser comparison (env: SIZES, EDITS, …; run.mjs)
#   KALKYL_OPT=3 bash bench/peer/run.sh  the same with Kalkyl built for speed (opt-level 3, wasm-opt
#                                       -O3) instead of the app's size profile (z, -Oz)
#   bash bench/peer/run.sh native [ROWS] [EDITS]
#                                       secondary: the native core against HyperFormula in Node
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for dep in hyperformula @ironcalc/wasm playwright-core binaryen; do
  [ -d "node_modules/$dep" ] || { npm install --no-audit --no-fund --silent; break; }
done
if [ "${1:-}" = native ]; then
  cargo build --release --quiet --manifest-path ../core/Cargo.toml --bin peer-edits
  PEER_EDITS="${CARGO_TARGET_DIR:-../core/target}/release/peer-edits" exec node native.mjs "${2:-10000}" "${3:-1000}"
fi

# The CLI must be the version the crate links (kalkyl-wasm/Cargo.toml pins the app's).
want=$(sed -n '/^name = "wasm-bindgen"$/{n;s/version = "\(.*\)"/\1/p}' kalkyl-wasm/Cargo.lock)
have=$(wasm-bindgen --version | cut -d' ' -f2)
if [ "$want" != "$have" ]; then
  echo "wasm-bindgen CLI $have, but kalkyl-wasm links $want" >&2
  exit 1
fi
opt=${KALKYL_OPT:-z}
case "$opt" in z|s|3) ;; *) echo "KALKYL_OPT must be z, s or 3" >&2; exit 1 ;; esac
target=${CARGO_TARGET_DIR:-kalkyl-wasm/target}
CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt cargo build --release --quiet --target wasm32-unknown-unknown --manifest-path kalkyl-wasm/Cargo.toml
wasm-bindgen --target web --out-dir kalkyl-wasm/pkg "$target/wasm32-unknown-unknown/release/kalkyl_wasm.wasm"
# As the app's release build does (index.html: data-wasm-opt; binaryen at the app's version).
node_modules/.bin/wasm-opt "-O$opt" --low-memory-unused --converge \
  kalkyl-wasm/pkg/kalkyl_wasm_bg.wasm -o kalkyl-wasm/pkg/kalkyl_wasm_bg.wasm
KALKYL_OPT=$opt exec node run.mjs

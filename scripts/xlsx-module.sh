#!/usr/bin/env bash
# Builds Kalkyl's XLSX module (crates/kalkyl-xlsx: rust_xlsxwriter and calamine, about 540 KB
# gzipped) into the staged dist as xlsx/kalkyl_xlsx.js + xlsx/kalkyl_xlsx_bg.wasm, which the page
# imports on the first XLSX export or import (src/platform/xlsx_module.rs). Run by Trunk as a pre_build
# hook (Trunk.toml), so `trunk build` and `trunk serve` ship it beside the app; it uses the same
# wasm-bindgen and wasm-opt as Trunk (on PATH, never downloaded) and the same cargo profile.
set -euo pipefail
cd "${TRUNK_SOURCE_DIR:-$(dirname "${BASH_SOURCE[0]}")/..}"
profile="${TRUNK_PROFILE:-debug}"
out="${TRUNK_STAGING_DIR:-dist}/xlsx"
flags=(-p kalkyl-xlsx --target wasm32-unknown-unknown)
[ "$profile" = release ] && flags+=(--release)
cargo build "${flags[@]}"
target_dir="$(cargo metadata --format-version 1 --no-deps |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" \
  "$target_dir/wasm32-unknown-unknown/$profile/kalkyl_xlsx.wasm"
if [ "$profile" = release ]; then
  # The feature flags are those rustc's wasm32 target emits by default.
  wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/kalkyl_xlsx_bg.wasm" -o "$out/kalkyl_xlsx_bg.wasm"
fi

#!/usr/bin/env bash
# One command for the in-browser measurements: setup, release build, then bench/browser.mjs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/setup.sh"
rm -rf dist && trunk build --release
node bench/browser.mjs

#!/usr/bin/env bash
# Installs Kalkyl's build/test toolchain. Idempotent: anything already present at the right
# version is skipped. Needs rustup/cargo, node and npm; installs everything else:
#   - rustup target wasm32-unknown-unknown (+ rustfmt, clippy components)
#   - Debian chromium + chromium-driver, firefox-esr (apt, only if missing; needs root or sudo)
#   - Debian libreoffice-calc-nogui + poppler-utils (apt, only if missing): tests recalculate
#     the XLSX export with LibreOffice and read the printed PDF with pdftotext
#   - Debian nginx (apt, only if missing): the smoke, policy and scale journeys run against it
#   - trunk $TRUNK_VERSION                      (cargo install --locked)
#   - wasm-bindgen-cli at Cargo.lock's version  (cargo install; also wasm-bindgen-test-runner)
#   - wasm-pack $WASM_PACK_VERSION, geckodriver $GECKODRIVER_VERSION (cargo install)
#   - npm devDependencies from package-lock.json (binaryen/wasm-opt, playwright-core, selenium-webdriver)
#   - cargo fetch (Trunk builds with --offline)
#
# Usage: `bash scripts/setup.sh`, or `source scripts/setup.sh` to also keep the PATH it sets
# up ($CARGO_HOME/bin and node_modules/.bin first), as scripts/run.sh and scripts/test.sh do.
set -euo pipefail

TRUNK_VERSION="0.21.14"
WASM_PACK_VERSION="0.15.1"
GECKODRIVER_VERSION="0.37.1"

kalkyl_step() { printf '\n==> %s\n' "$*"; }
kalkyl_ok() { printf '    %s\n' "$*"; }
kalkyl_die() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}

KALKYL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$KALKYL_ROOT"

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$KALKYL_ROOT/node_modules/.bin:$CARGO_BIN:$PATH"
# Trunk.toml's `offline = true` stops tool downloads but not trunk's own update check.
export TRUNK_SKIP_VERSION_CHECK=true

kalkyl_setup_started=$SECONDS

kalkyl_step "setup: prerequisites"
for tool in rustup cargo node npm; do
  command -v "$tool" >/dev/null || kalkyl_die "'$tool' not found on PATH; install Rust (rustup) and Node.js >= 20 first"
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || kalkyl_die "Node.js >= 20 required (found $(node --version))"
kalkyl_ok "$(cargo --version), node $(node --version), npm $(npm --version 2>/dev/null)"

kalkyl_step "setup: rust target wasm32-unknown-unknown, rustfmt, clippy"
# (Outputs are captured first: `cmd | grep -q` can fail under pipefail when grep exits early.)
installed_targets="$(rustup target list --installed)"
if grep -qx 'wasm32-unknown-unknown' <<<"$installed_targets"; then
  kalkyl_ok "wasm32-unknown-unknown already installed"
else
  rustup target add wasm32-unknown-unknown
fi
installed_components="$(rustup component list --installed)"
missing_components=()
for component in rustfmt clippy; do
  grep -q "^${component}" <<<"$installed_components" || missing_components+=("$component")
done
if [ "${#missing_components[@]}" -eq 0 ]; then
  kalkyl_ok "rustfmt and clippy already installed"
else
  rustup component add "${missing_components[@]}"
fi

kalkyl_step "setup: Debian packages (apt, only those missing)"
# chromium + chromium-driver and firefox-esr: browser tests (wasm-pack) and journeys;
# libreoffice-calc-nogui: recalculates the XLSX export; poppler-utils: reads the printed PDF;
# nginx: the journeys run once more against a real web server (tests/e2e/nginx.mjs).
kalkyl_deb_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = 'install ok installed' ]; }
missing_debs=()
for deb in chromium chromium-driver firefox-esr libreoffice-calc-nogui poppler-utils nginx; do
  kalkyl_deb_installed "$deb" || missing_debs+=("$deb")
done
if [ "${#missing_debs[@]}" -eq 0 ]; then
  kalkyl_ok "already installed"
else
  command -v apt-get >/dev/null || kalkyl_die "${missing_debs[*]} missing and apt-get unavailable; install them manually"
  if [ "$(id -u)" -eq 0 ]; then
    sudo_cmd=()
  elif command -v sudo >/dev/null; then
    sudo_cmd=(sudo -n)
  else
    kalkyl_die "${missing_debs[*]} missing; run as root or install sudo"
  fi
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    "${missing_debs[@]}"
fi
kalkyl_ok "$(/usr/bin/chromium --version 2>/dev/null || echo 'chromium: version unknown')"
kalkyl_ok "$(chromedriver --version)"
kalkyl_ok "$(firefox-esr --version 2>/dev/null || echo 'firefox-esr: version unknown')"
kalkyl_ok "$(soffice --version 2>/dev/null | head -n1), $(pdftotext -v 2>&1 | head -n1)"

kalkyl_step "setup: trunk $TRUNK_VERSION"
if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
  kalkyl_ok "trunk $TRUNK_VERSION already installed"
else
  started=$SECONDS
  cargo install --locked trunk --version "$TRUNK_VERSION"
  kalkyl_ok "installed trunk $TRUNK_VERSION in $((SECONDS - started))s"
fi

kalkyl_step "setup: wasm-bindgen-cli (version from Cargo.lock)"
[ -f Cargo.lock ] || kalkyl_die "Cargo.lock missing"
WASM_BINDGEN_VERSION="$(awk '
  /^\[\[package\]\]/ { name = "" }
  /^name = "wasm-bindgen"$/ { name = "wasm-bindgen" }
  name == "wasm-bindgen" && /^version = / { gsub(/^version = "|"$/, ""); print; name = "" }
' Cargo.lock)"
case "$WASM_BINDGEN_VERSION" in
  "") kalkyl_die "no wasm-bindgen package in Cargo.lock" ;;
  *$'\n'*) kalkyl_die "several wasm-bindgen versions in Cargo.lock ($(echo "$WASM_BINDGEN_VERSION" | tr '\n' ' ')); unify them" ;;
esac
trunk_pin="$(sed -n 's/^wasm_bindgen *= *"\([^"]*\)".*/\1/p' Trunk.toml)"
[ "$trunk_pin" = "$WASM_BINDGEN_VERSION" ] \
  || kalkyl_die "Trunk.toml pins wasm_bindgen = \"$trunk_pin\" but Cargo.lock has wasm-bindgen $WASM_BINDGEN_VERSION; update [tools] wasm_bindgen in Trunk.toml"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
  && [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" = "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION" ]; then
  kalkyl_ok "wasm-bindgen-cli $WASM_BINDGEN_VERSION already installed"
else
  started=$SECONDS
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  kalkyl_ok "installed wasm-bindgen-cli $WASM_BINDGEN_VERSION in $((SECONDS - started))s"
fi

kalkyl_step "setup: wasm-pack $WASM_PACK_VERSION and geckodriver $GECKODRIVER_VERSION (cargo install)"
# wasm-pack runs the browser tests with the wasm-bindgen and drivers on PATH (--mode
# no-install, --chromedriver, --geckodriver): it never downloads anything.
if [ "$(wasm-pack --version 2>/dev/null || true)" = "wasm-pack $WASM_PACK_VERSION" ]; then
  kalkyl_ok "wasm-pack $WASM_PACK_VERSION already installed"
else
  started=$SECONDS
  cargo install --locked wasm-pack --version "$WASM_PACK_VERSION"
  kalkyl_ok "installed wasm-pack $WASM_PACK_VERSION in $((SECONDS - started))s"
fi
if [ "$(geckodriver --version 2>/dev/null | head -n1 | cut -d' ' -f1-2 || true)" = "geckodriver $GECKODRIVER_VERSION" ]; then
  kalkyl_ok "geckodriver $GECKODRIVER_VERSION already installed"
else
  started=$SECONDS
  cargo install geckodriver --version "$GECKODRIVER_VERSION"
  kalkyl_ok "installed geckodriver $GECKODRIVER_VERSION in $((SECONDS - started))s"
fi

kalkyl_step "setup: npm devDependencies (binaryen/wasm-opt, playwright-core, selenium-webdriver)"
[ -f package-lock.json ] || kalkyl_die "package-lock.json missing"
npm_stamp="node_modules/.kalkyl-npm-ci.stamp"
npm_want="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1) node $(node --version)"
if [ -f "$npm_stamp" ] && [ "$(cat "$npm_stamp")" = "$npm_want" ] \
  && [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] && [ -d node_modules/selenium-webdriver ]; then
  kalkyl_ok "node_modules in sync with package-lock.json"
else
  npm ci --no-audit --no-fund
  printf '%s\n' "$npm_want" >"$npm_stamp"
fi
wasm_opt_pin="$(sed -n 's/^wasm_opt *= *"version_\([^"]*\)".*/\1/p' Trunk.toml)"
wasm_opt_found="$(wasm-opt --version)"
case "$wasm_opt_found" in
  "wasm-opt version $wasm_opt_pin "* | "wasm-opt version $wasm_opt_pin") kalkyl_ok "$wasm_opt_found ($(command -v wasm-opt))" ;;
  *) kalkyl_die "wasm-opt on PATH is '$wasm_opt_found', Trunk.toml pins version_$wasm_opt_pin" ;;
esac

kalkyl_step "setup: cargo fetch"
cargo fetch
kalkyl_ok "crates downloaded (Trunk builds offline)"

kalkyl_step "setup: done in $((SECONDS - kalkyl_setup_started))s"
kalkyl_ok "trunk: $(trunk --version), wasm-bindgen: $(wasm-bindgen --version), $(wasm-opt --version)"
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  kalkyl_ok "to use these tools in your shell: export PATH=\"$KALKYL_ROOT/node_modules/.bin:$CARGO_BIN:\$PATH\""
fi

#!/usr/bin/env bash
# Install everything the tests need and run them all: lint, pytest, worker
# tests under Node with real Pyodide, the docs build, and Galata in Chromium
# against a really built site served isolated and plain.
source "$(dirname "$0")/common.sh"

ensure_chromium() {
  if [ -n "${BG_CHROMIUM:-}" ] && [ -x "$BG_CHROMIUM" ]; then return; fi
  if [ -x /usr/bin/chromium ]; then export BG_CHROMIUM=/usr/bin/chromium; return; fi
  log "installing Debian's chromium"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  export BG_CHROMIUM=/usr/bin/chromium
}

ensure_node_deps() {
  local dir="$1" stamp="$STATE/node-$(basename "$1")"
  local want
  want="$(cat "$dir/package.json" "$dir/yarn.lock" | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ ! -d "$dir/node_modules" ]; then
    log "installing node dependencies in $(basename "$dir")"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 jlpm install --immutable)
    echo "$want" >"$stamp"
  fi
}

ensure_venv
ensure_python_deps "test,docs,dev"
ensure_node_deps "$ROOT/labextension"
ensure_package
ensure_node_deps "$ROOT/ui-tests"
ensure_chromium

log "lint"
(cd "$ROOT" && ruff check . && ruff format --check .)
(cd "$ROOT/labextension" && jlpm lint)

log "pytest"
(cd "$ROOT" && python -m pytest -q)

log "worker tests under Node with real Pyodide"
(cd "$ROOT/labextension" && node --test test/)

log "docs"
(cd "$ROOT" && python -m sphinx -q -W --keep-going -b html docs build/docs)

log "ui tests in Chromium"
GALATA_EXT="$(python -c 'import jupyterlab, pathlib; print(pathlib.Path(jupyterlab.__file__).parent / "galata")')"
rm -rf "$ROOT/ui-tests/sites/lite"
(cd "$ROOT/ui-tests" && jupyter lite build --lite-dir lite --output-dir sites/lite \
  --FederatedExtensionAddon.extra_labextensions_path="$GALATA_EXT" >"$STATE/lite-build.log" 2>&1) ||
  { cat "$STATE/lite-build.log"; exit 1; }
(cd "$ROOT/ui-tests" && BG_PYTHON="$VENV/bin/python" jlpm playwright test)

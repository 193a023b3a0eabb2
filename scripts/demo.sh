#!/usr/bin/env bash
# Build the demo site (jupyter-lite.json + content/) and serve it on 127.0.0.1
# with COOP/COEP headers. Usage: scripts/demo.sh [PORT]
# The site allows the reference host page at http://127.0.0.1:8001 to embed it
# (jupyter-lite.json): run `browsergrad-kernel host` beside it (docs/hub-guide.md).
source "$(dirname "$0")/common.sh"
PORT="${1:-8000}"

ensure_venv
ensure_python_deps ""  # the package's own dependencies are all the demo needs
ensure_package
log "building the demo site"
rm -rf "$ROOT/_output" "$ROOT/.jupyterlite.doit.db"
(cd "$ROOT" && jupyter lite build --lite-dir "$ROOT" --contents "$ROOT/content" \
  --output-dir "$ROOT/_output" --BrowsergradSiteAddon.runtime_example=True)
exec browsergrad-kernel serve "$ROOT/_output" --port "$PORT"

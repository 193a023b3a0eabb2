# Shared set-up for the project's commands; source it, don't run it.
# Finds Python >= 3.12 (pyenv or PATH), keeps a virtualenv in .venv, and builds
# and installs the package only when its sources changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STATE="$ROOT/build/state"
mkdir -p "$STATE"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

find_python() {
  local candidates=()
  if command -v pyenv >/dev/null 2>&1; then
    for v in $(pyenv versions --bare 2>/dev/null | sort -rV); do
      candidates+=("$(pyenv root)/versions/$v/bin/python")
    done
  fi
  candidates+=(python3.14 python3.13 python3.12 python3)
  for py in "${candidates[@]}"; do
    if command -v "$py" >/dev/null 2>&1 &&
      "$py" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$py"
      return
    fi
  done
  echo "error: Python >= 3.12 is needed (from pyenv or PATH) and none was found" >&2
  exit 1
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    local py
    py="$(find_python)"
    log "creating $VENV with $py"
    "$py" -m venv "$VENV"
  fi
  export PATH="$VENV/bin:$PATH"
}

# Hash of everything that goes into the wheel.
source_hash() {
  (cd "$ROOT" && git ls-files -co --exclude-standard -- pyproject.toml install.json browsergrad \
    browsergrad_kernel runtime labextension ':!labextension/node_modules' |
    sort | xargs sha256sum) | sha256sum | cut -d' ' -f1
}

# pip install the extras' dependencies, once per pyproject change.
ensure_python_deps() {
  local extras="$1" stamp="$STATE/deps-$1"
  local want
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing Python dependencies ($extras)"
    python -m pip install -q --upgrade pip
    python -m pip install -q "hatchling>=1.27" "hatch-jupyter-builder>=0.10" "jupyter-builder>=1.3" \
      "pyodide-lock[wheel]>=0.2"
    python - "$extras" >"$STATE/requirements.txt" <<'PY'
import sys, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
deps = list(project["dependencies"])
for extra in sys.argv[1].split(","):
    deps += project["optional-dependencies"].get(extra, [])
print("\n".join(deps))
PY
    python -m pip install -q -r "$STATE/requirements.txt"
    echo "$want" >"$stamp"
  fi
}

# Build the wheel from this tree and install it, when the sources changed.
ensure_package() {
  local want
  want="$(source_hash)"
  if [ "$(cat "$STATE/package" 2>/dev/null)" != "$want" ] ||
    ! python -c 'import browsergrad_kernel' 2>/dev/null; then
    log "building the browsergrad-kernel wheel"
    rm -rf "$ROOT/dist"
    (cd "$ROOT" && python -m pip wheel -q --no-deps --no-build-isolation -w dist .)
    python -m pip install -q --no-deps --force-reinstall "$ROOT"/dist/browsergrad_kernel-*.whl
    echo "$want" >"$STATE/package"
  fi
}

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

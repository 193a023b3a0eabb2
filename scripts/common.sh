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

# Hash of everything that goes into the wheel (tracked and new files that exist).
source_hash() {
  python - "$ROOT" <<'PY'
import hashlib, pathlib, subprocess, sys
root = pathlib.Path(sys.argv[1])
parts = ["pyproject.toml", "install.json", "browsergrad", "browsergrad_kernel", "runtime", "labextension"]
try:
    out = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard", "--", *parts],
                         cwd=root, capture_output=True, check=True).stdout.decode()
    files = [root / name for name in out.split("\0") if name]
except (OSError, subprocess.CalledProcessError):  # not a git checkout: skip build outputs
    built = {"node_modules", "lib", "pyodide_dist", "__pycache__", ".yarn"}
    files = [p for part in parts for p in (root / part).rglob("*")
             if not built & set(p.parts) and "browsergrad_kernel/labextension" not in p.as_posix()]
digest = hashlib.sha256()
for path in sorted(files):
    if path.is_file():
        digest.update(f"{path.relative_to(root)}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
print(digest.hexdigest())
PY
}

# pip install the extras' dependencies, once per pyproject change.
ensure_python_deps() {
  local extras="$1" stamp="$VENV/.browsergrad-deps-$1"
  local want
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing Python dependencies ($extras)"
    python -m pip install -q --upgrade pip
    python -m pip install -q "hatchling>=1.27" "hatch-jupyter-builder>=0.10" "jupyter-builder>=1.3" \
      "pyodide-lock[wheel]>=0.2"
    python - "$ROOT/pyproject.toml" "$extras" >"$STATE/requirements.txt" <<'PY'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
deps = list(project["dependencies"])
for extra in sys.argv[2].split(","):
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
  if [ "$(cat "$VENV/.browsergrad-package" 2>/dev/null)" != "$want" ] ||
    ! python -c 'import browsergrad_kernel' 2>/dev/null; then
    log "building the browsergrad-kernel wheel"
    # The npm build is skipped while its output exists: make it rebuild.
    rm -rf "$ROOT/dist" "$ROOT/browsergrad_kernel/labextension"
    (cd "$ROOT" && python -m pip wheel -q --no-deps --no-build-isolation -w dist .)
    python -m pip install -q --no-deps --force-reinstall "$ROOT"/dist/browsergrad_kernel-*.whl
    echo "$want" >"$VENV/.browsergrad-package"
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

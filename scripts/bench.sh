#!/usr/bin/env bash
# Benchmarks, in one Chromium: start-up of the browsergrad kernel against the
# stock jupyterlite-pyodide-kernel 0.8.6 and a bare loadPyodide() in a module
# worker; a cell of 10,000 bg.assert_pass calls against 10,000 prints; the
# Tests panel with 10,000 results over 50 cells against the cells' own outputs;
# and Stop (each kind of running cell, the fallback, time limits) against the
# stock restart.
#
# Usage: scripts/bench.sh [--suite startup|events|panel|stop|flow|grading|all] [--runs N] [--trials N] [--write-docs]
#   --suite S      startup (vs the stock kernel), events (many outputs),
#                  panel (the Tests panel), stop, flow (the run cycle's round
#                  trip, vs the stock kernel's comm echo), all of these (default),
#                  or grading (100 submissions graded in CPython and in Pyodide)
#   --runs N       runs per configuration (default 5, grading 1; the docs need >= 5)
#   --submissions N  submissions per runtime for grading (default 100)
#   --trials N     Stop trials per case (default 20; the docs need >= 20)
#   --write-docs   also write the tables to docs/_generated/
#
# Both sites are built offline-capable and cached under build/bench/; a second
# run only rebuilds what changed. The stock site's lock addon resolves its wheels
# from PyPI at build time (and only then).
source "$(dirname "$0")/common.sh"

RUNS=
SUITE=all
DRIVER_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs)
      RUNS="${2:-}"
      shift 2 || { echo "--runs needs a number" >&2; exit 2; }
      ;;
    --runs=*)
      RUNS="${1#--runs=}"
      shift
      ;;
    --write-docs)
      DRIVER_ARGS+=(--write-docs)
      shift
      ;;
    --trials)
      DRIVER_ARGS+=(--trials "${2:-}")
      shift 2 || { echo "--trials needs a number" >&2; exit 2; }
      ;;
    --submissions)
      DRIVER_ARGS+=(--submissions "${2:-}")
      shift 2 || { echo "--submissions needs a number" >&2; exit 2; }
      ;;
    --suite)
      SUITE="${2:-}"
      DRIVER_ARGS+=(--suite "$SUITE")
      shift 2 || { echo "--suite needs a name" >&2; exit 2; }
      ;;
    -h | --help)
      sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "unknown argument: $1 (see --help)" >&2
      exit 2
      ;;
  esac
done
if [ -z "$RUNS" ]; then
  if [ "$SUITE" = grading ]; then RUNS=1; else RUNS=5; fi
fi
if ! [[ "$RUNS" =~ ^[0-9]+$ ]] || [ "$RUNS" -lt 1 ]; then
  echo "--runs must be a positive whole number, not '$RUNS'" >&2
  exit 2
fi

BENCH="$ROOT/build/bench"
BENCH_SRC="$ROOT/ui-tests/bench"
PYODIDE_NPM="$ROOT/labextension/node_modules/pyodide"
# The npm Pyodide files the stock site needs in <lite_dir>/static/pyodide/.
PYODIDE_CORE=(pyodide.mjs pyodide.asm.mjs pyodide.asm.wasm python_stdlib.zip pyodide-lock.json
  pyodide.js package.json)
# (jupyter_server: the bench notebook that a direct link opens is site content)
STOCK_REQUIREMENTS=("jupyterlite-core==0.8.6" "jupyterlite-pyodide-kernel==0.8.6" "pyodide-lock[uv]"
  "jupyter_server>=2")
mkdir -p "$BENCH"

# Hash of the named files and folders (relative to $ROOT) plus any extra words.
inputs_hash() {
  local words="$1"
  shift
  {
    echo "$words"
    (cd "$ROOT" && find "$@" -type f | LC_ALL=C sort | xargs sha256sum)
  } | sha256sum | cut -d' ' -f1
}

# The stock kernel's start-up closure, pinned to the versions browsergrad ships
# (runtime/requirements.txt), so that uv does not pick newer releases. The widget
# packages are left out: neither kernel loads them at start, and pinning ipywidgets
# would pull the real widgetsnbextension into the stock lock.
stock_pins() {
  sed -e 's/#.*//' -e 's/\\$//' "$ROOT/runtime/requirements.txt" |
    grep -oE '^[A-Za-z0-9._-]+==[^[:space:]]+' |
    grep -viE '^(ipywidgets|jupyterlab-widgets|widgetsnbextension)=='
}

# $1: lite dir to assemble, $2: folder of jupyter-lite.json + jupyter_lite_config.json
assemble_lite_dir() {
  rm -rf "$1"
  mkdir -p "$1"
  cp "$2/jupyter-lite.json" "$2/jupyter_lite_config.json" "$1/"
  cp -r "$2/files" "$1/"
}

# $1: virtualenv, $2: lite dir, $3: output dir, $4: log name
lite_build() {
  log "building $(basename "$3") (log: build/bench/$4.log)"
  rm -rf "$3"
  (cd "$2" && "$1/bin/jupyter-lite" build --lite-dir "$2" --output-dir "$3" \
    >"$BENCH/$4.log" 2>&1) || { tail -40 "$BENCH/$4.log"; exit 1; }
}

build_browsergrad_site() {
  local lite="$BENCH/browsergrad-lite" site="$BENCH/browsergrad-site" want
  want="$(inputs_hash "$(cat "$VENV/.browsergrad-package")" ui-tests/bench/browsergrad)"
  if [ "$(cat "$BENCH/browsergrad-site.stamp" 2>/dev/null)" != "$want" ] ||
    [ ! -f "$site/index.html" ]; then
    assemble_lite_dir "$lite" "$BENCH_SRC/browsergrad"
    lite_build "$VENV" "$lite" "$site" browsergrad-build
    echo "$want" >"$BENCH/browsergrad-site.stamp"
  fi
  # the bare loadPyodide() page, served from the same site and origin
  rm -rf "$site/bench-bare"
  cp -r "$BENCH_SRC/bare" "$site/bench-bare"
}

# The stock site gets the same widget manager extension as the browsergrad site
# (a dependency of browsergrad-kernel), at the same version, so that the two
# sites differ only in their kernel.
ensure_stock_venv() {
  local venv="$BENCH/stock-venv" want widgets
  widgets="$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("jupyterlab_widgets"))')"
  STOCK_REQUIREMENTS+=("jupyterlab_widgets==$widgets")
  want="$(printf '%s\n' "${STOCK_REQUIREMENTS[@]}")"
  if [ "$(cat "$BENCH/stock-venv.stamp" 2>/dev/null)" != "$want" ] ||
    [ ! -x "$venv/bin/python" ]; then
    log "creating $venv (the stock kernel's build tools)"
    rm -rf "$venv"
    "$(find_python)" -m venv "$venv"
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/python" -m pip install -q "${STOCK_REQUIREMENTS[@]}"
    echo "$want" >"$BENCH/stock-venv.stamp"
  fi
}

build_stock_site() {
  local lite="$BENCH/stock-lite" site="$BENCH/stock-site" want
  want="$(inputs_hash "$(cat "$BENCH/stock-venv.stamp"; stock_pins)" ui-tests/bench/stock \
    labextension/node_modules/pyodide/package.json)"
  if [ "$(cat "$BENCH/stock-site.stamp" 2>/dev/null)" != "$want" ] ||
    [ ! -f "$site/index.html" ]; then
    assemble_lite_dir "$lite" "$BENCH_SRC/stock"
    stock_pins >"$lite/pins.txt"
    mkdir -p "$lite/static/pyodide"
    for file in "${PYODIDE_CORE[@]}"; do
      cp "$PYODIDE_NPM/$file" "$lite/static/pyodide/"
    done
    lite_build "$BENCH/stock-venv" "$lite" "$site" stock-build
    echo "$want" >"$BENCH/stock-site.stamp"
  fi
}

ensure_venv
ensure_python_deps "bench"
ensure_node_deps "$ROOT/labextension"
ensure_package
ensure_node_deps "$ROOT/ui-tests"

# Grading needs no browser and no site: the package, its runtime and Node.
if [ "$SUITE" = grading ]; then
  log "grading, $RUNS run(s) per runtime"
  cd "$ROOT/ui-tests"
  exec node bench/run.mjs --runs "$RUNS" --python "$VENV/bin/python" "${DRIVER_ARGS[@]}"
fi
ensure_chromium

build_browsergrad_site
# the start-up and Stop suites compare with the stock kernel
if [ "$SUITE" = startup ] || [ "$SUITE" = stop ] || [ "$SUITE" = flow ] || [ "$SUITE" = all ]; then
  ensure_stock_venv
  build_stock_site
fi

log "measuring, $RUNS runs per configuration"
cd "$ROOT/ui-tests"
exec node bench/run.mjs --runs "$RUNS" \
  --python "$VENV/bin/python" \
  --chromium "$BG_CHROMIUM" \
  --browsergrad-site "$BENCH/browsergrad-site" \
  --stock-site "$BENCH/stock-site" \
  "${DRIVER_ARGS[@]}"

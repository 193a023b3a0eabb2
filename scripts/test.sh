#!/usr/bin/env bash
# Install everything the tests need and run them all: lint, pytest, worker
# tests under Node with real Pyodide, the docs build, and Galata in Chromium
# against a really built site served isolated and plain.
source "$(dirname "$0")/common.sh"

ensure_venv
ensure_python_deps "test,docs,dev"
ensure_node_deps "$ROOT/labextension"
ensure_package
ensure_node_deps "$ROOT/ui-tests"
ensure_chromium

log "lint"
(cd "$ROOT" && ruff check . && ruff format --check .)
# jlpm lint type-checks ui-tests/ too (tsc -p ../ui-tests), with the @types/node of
# ui-tests/node_modules: install those first (ensure_node_deps above)
(cd "$ROOT/labextension" && jlpm lint)

# the JUnit XSD that pytest and the export specs validate against (from pytest's sdist, once)
python "$ROOT/ui-tests/tests/exports.py" fetch-xsd >/dev/null

log "pytest"
(cd "$ROOT" && python -m pytest -q --junitxml="$STATE/pytest.xml")

log "worker tests under Node with real Pyodide"
# A hung test fails on its own (as pytest-timeout does for pytest).
(cd "$ROOT/labextension" && node --test --test-timeout=300000 --test-reporter=spec --test-reporter=junit \
  --test-reporter-destination=stdout --test-reporter-destination="$STATE/node.xml" test/*.test.mjs)

log "docs"
(cd "$ROOT" && python -m sphinx -q -W --keep-going -b html docs build/docs)

log "ui tests in Chromium"
GALATA_EXT="$(python -c 'import jupyterlab, pathlib; print(pathlib.Path(jupyterlab.__file__).parent / "galata")')"
# Two sites: the main one, and one built with the isolation service worker.
for name in lite lite-sw; do
  rm -rf "$ROOT/ui-tests/sites/$name" "$ROOT/ui-tests/$name/.jupyterlite.doit.db"
  (cd "$ROOT/ui-tests/$name" && jupyter lite build --lite-dir . --output-dir "../sites/$name" \
    --FederatedExtensionAddon.extra_labextensions_path="$GALATA_EXT" >"$STATE/$name-build.log" 2>&1) ||
    { cat "$STATE/$name-build.log"; exit 1; }
done
(cd "$ROOT/ui-tests" && BG_PYTHON="$VENV/bin/python" jlpm playwright test)

log "summary"
python - "$STATE/pytest.xml" "$STATE/node.xml" "$ROOT/ui-tests/test-results/junit.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sys.argv[1:]:
    for case in ET.parse(path).getroot().iter("testcase"):
        kinds = {child.tag for child in case}
        if kinds & {"failure", "error"}:
            failed += 1
        elif "skipped" in kinds:
            skipped += 1
        else:
            passed += 1
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or not passed else 0)
PY

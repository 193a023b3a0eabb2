"""The browser's manifest checks (labextension/src/labs/manifest.ts: ajv with the shipped schema,
npm's semver) agree with the Python ones on the same tables."""

import json
import subprocess
from pathlib import Path

import pytest
from test_manifest import INVALID, VALID
from test_manifest_ranges import TABLE

from browsergrad_kernel.labs.manifest import (
    LabRuntimeMismatch,
    assert_compatible_runtime,
    parse_manifest,
    schema,
)

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "labextension"

SCRIPT = """
import { manifestValidator, runtimeProblem } from './manifest.mjs';
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const job = JSON.parse(Buffer.concat(chunks).toString());
const validate = manifestValidator(job.schema);
process.stdout.write(JSON.stringify({
  errors: job.manifests.map(m => validate(m)),
  problems: job.gates.map(([m, runtime]) => runtimeProblem(m, runtime)),
}));
"""


@pytest.fixture(scope="module")
def browser_checks(tmp_path_factory: pytest.TempPathFactory):
    """Run the compiled module under Node, bundled with its ajv and semver."""
    compiled = EXT / "lib" / "labs" / "manifest.js"
    esbuild = EXT / "node_modules" / ".bin" / "esbuild"
    if not compiled.is_file() or not esbuild.exists():
        pytest.fail("build the labextension first (jlpm install && jlpm build:lib)")
    folder = tmp_path_factory.mktemp("browser")
    subprocess.run(
        [
            str(esbuild),
            str(compiled),
            "--bundle",
            "--format=esm",
            "--platform=node",
            f"--outfile={folder / 'manifest.mjs'}",
            "--log-level=warning",
        ],
        check=True,
        timeout=120,
    )
    (folder / "run.mjs").write_text(SCRIPT)

    def run(manifests: list, gates: list) -> dict:
        job = {"schema": schema(), "manifests": manifests, "gates": gates}
        proc = subprocess.run(
            ["node", str(folder / "run.mjs")],
            input=json.dumps(job),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return json.loads(proc.stdout)

    return run


def test_valid_and_invalid_manifests_agree(browser_checks):
    cases = list(VALID.values()) + [data for data, _ in INVALID.values()]
    errors = browser_checks(cases, [])["errors"]
    for data, found in zip(cases[: len(VALID)], errors, strict=False):
        assert found == [], (data, found)
    for (name, (_, expected)), found in zip(INVALID.items(), errors[len(VALID) :], strict=True):
        fields = {e["field"] for e in found}
        want = {field for field, _ in expected}
        if name == "ops-repeat-lists":
            # ajv skips uniqueItems on items of the wrong type; the types are still reported
            assert fields == want - {"required_ops"}, found
        else:
            assert fields == want, (name, found)
    by_name = dict(zip(INVALID, errors[len(VALID) :], strict=True))
    assert {"field": "title", "message": "is not a manifest field"} in by_name["unknown-field"]
    assert {"field": "version", "message": "is required"} in by_name["missing-all"]
    assert {"field": "required_ops", "message": "has 65 items; at most 64 allowed"} in by_name[
        "ops-too-many"
    ]
    assert {"field": "id", "message": "must be a string, not integer"} in by_name["id-type"]


def test_the_runtime_gate_agrees(browser_checks):
    base = VALID["full"]
    gates = [({**base, "requires_browsergrad": r}, v) for r, v, _ in TABLE]
    problems = browser_checks([], gates)["problems"]
    for (data, runtime), problem in zip(gates, problems, strict=True):
        try:
            assert_compatible_runtime(parse_manifest(data), runtime)
            expected = None
        except LabRuntimeMismatch as err:
            expected = str(err)
        assert problem == expected, (data["requires_browsergrad"], runtime)

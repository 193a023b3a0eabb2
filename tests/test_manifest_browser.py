"""The browser's manifest checks (labextension/src/labs/manifest.ts: ajv with the shipped schema,
npm's semver) agree with the Python ones on the same tables."""

import pytest
from node_bundle import node_module
from test_manifest import INVALID, VALID
from test_manifest_ranges import TABLE

from browsergrad_kernel.labs.manifest import (
    LabRuntimeMismatch,
    assert_compatible_runtime,
    parse_manifest,
    schema,
)

SCRIPT = """
import { manifestValidator, runtimeProblem } from './module.mjs';
const validate = manifestValidator(job.schema);
reply({
  errors: job.manifests.map(m => validate(m)),
  problems: job.gates.map(([m, runtime]) => runtimeProblem(m, runtime)),
});
"""


@pytest.fixture(scope="module")
def browser_checks(tmp_path_factory: pytest.TempPathFactory):
    """The browser's checks of a list of manifests and of (manifest, runtime) gates."""
    run = node_module(tmp_path_factory, "labs/manifest.ts", SCRIPT)
    return lambda manifests, gates: run(
        {"schema": schema(), "manifests": manifests, "gates": gates}
    )


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

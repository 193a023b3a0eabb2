"""The demo site's labs: valid manifests; the reference passes its rubric headless; the starter
fails it, every check with a message that tells the student what is wrong."""

from pathlib import Path

import pytest

import browsergrad
from browsergrad_kernel.grading.runner import Lab, Limits, grade
from browsergrad_kernel.labs.manifest import (
    LAB_MANIFEST_JSON,
    assert_compatible_runtime,
    load_manifest,
)
from browsergrad_kernel.results.document import assertions, overall_status

LABS = sorted(p.parent for p in (Path(__file__).parent.parent / "content").rglob(LAB_MANIFEST_JSON))
LIMITS = Limits(cell=30, total=120)


def test_there_are_at_least_two_labs():
    assert [lab.name for lab in LABS] == ["single-neuron", "text-stats"]


@pytest.mark.parametrize("folder", LABS, ids=lambda p: p.name)
def test_manifest_is_valid_for_this_runtime(folder: Path):
    manifest = load_manifest(folder)
    assert manifest.id == folder.name
    assert_compatible_runtime(manifest, browsergrad.__version__)


@pytest.mark.parametrize("folder", LABS, ids=lambda p: p.name)
def test_reference_passes(folder: Path):
    lab = Lab.load(folder)
    result = grade(lab, folder / lab.manifest.reference_path, LIMITS)
    assert result["problems"] == []
    assert overall_status(result) == "pass"
    assert result["counts"]["pass"] >= 5
    assert {cell["cell_id"] for cell, _ in assertions(result)} == {"rubric", "hidden-rubric"}
    assert result["score"]["points"] == result["score"]["max"] > 0


@pytest.mark.parametrize("folder", LABS, ids=lambda p: p.name)
def test_starter_fails_with_helpful_messages(folder: Path):
    lab = Lab.load(folder)
    result = grade(lab, folder / lab.manifest.starter_path, LIMITS)
    assert result["problems"] == []  # the starter runs; only its answers are wrong
    assert overall_status(result) == "fail"
    failed = [e for _, e in assertions(result) if e["status"] == "fail"]
    assert len(failed) >= 4
    assert not [e for _, e in assertions(result) if e["status"] == "error"]
    for event in failed:
        assert event["message"] and event["message"] != "not equal"
        told = (
            event["expected"] is not None or "None" in event["message"] or "(" in event["message"]
        )
        assert told, event

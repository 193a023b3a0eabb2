"""Hidden rubrics: the build keeps them out of the site (no byte of one is served), and only
the grader runs them, after the rubric; its cell and questions say they were hidden."""

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from helpers import assert_ok, lite
from nbformat.v4 import new_code_cell, new_notebook

from browsergrad_kernel.grading.plan import grading_cells
from browsergrad_kernel.grading.runner import Lab, Limits, grade
from browsergrad_kernel.labs.manifest import InvalidManifest
from browsergrad_kernel.results.document import validator

CONTENT = Path(__file__).resolve().parent.parent / "content"
LABS = sorted(p.parent for p in CONTENT.rglob("manifest.json"))
LIMITS = Limits(cell=30, total=120)


def hidden_rubrics() -> list[Path]:
    found = []
    for lab in LABS:
        rel = json.loads((lab / "manifest.json").read_text())["hidden_rubric_path"]
        found.append(lab / rel)
    return found


def test_both_demo_labs_have_a_hidden_rubric():
    assert [p.name for p in hidden_rubrics()] == ["hidden_rubric.py"] * 2
    assert all(p.is_file() for p in hidden_rubrics())


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lite_dir = tmp_path_factory.mktemp("hidden")
    # a copy an earlier build left in the output must go too
    stale = lite_dir / "_output/files/labs/single-neuron/hidden_rubric.py"
    stale.parent.mkdir(parents=True)
    shutil.copyfile(hidden_rubrics()[0], stale)
    assert_ok(lite("build", lite_dir, "--contents", str(CONTENT)))
    assert_ok(lite("check", lite_dir, "--contents", str(CONTENT)))
    return lite_dir / "_output"


def test_no_byte_of_a_hidden_rubric_is_in_the_built_site(demo_site: Path):
    rubrics = [p.read_bytes() for p in hidden_rubrics()]
    # a line of each that appears nowhere else (its function's name)
    marks = [b"def _single_neuron_hidden", b"def _text_stats_hidden"]
    assert all(mark in rubric for mark, rubric in zip(marks, rubrics, strict=True))
    files = [p for p in demo_site.rglob("*") if p.is_file()]
    assert len(files) > 50  # the whole site: runtime, wheels, app, contents
    for path in files:
        data = path.read_bytes()
        for rubric, mark in zip(rubrics, marks, strict=True):
            assert rubric not in data and mark not in data, path
    assert not list(demo_site.rglob("hidden_rubric.py"))
    # the visible rubric is still served, and the Contents API does not list the hidden one
    for lab in ("single-neuron", "text-stats"):
        assert (demo_site / "files/labs" / lab / "rubric.py").is_file()
        listing = json.loads((demo_site / "api/contents/labs" / lab / "all.json").read_text())
        names = {entry["name"] for entry in listing["content"]}
        assert "rubric.py" in names and "hidden_rubric.py" not in names


def lab_with(tmp_path: Path, **changes) -> Path:
    folder = tmp_path / "files" / "neuron"
    shutil.copytree(CONTENT / "labs" / "single-neuron", folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest.update(changes)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_a_missing_hidden_rubric_fails_the_build(tmp_path: Path):
    (lab_with(tmp_path) / "hidden_rubric.py").unlink()
    proc = lite("build", tmp_path)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert (
        "files/neuron/manifest.json: hidden_rubric_path: 'hidden_rubric.py' does not exist "
        "in the lab folder"
    ) in out, out[-3000:]


def test_a_hidden_rubric_that_is_the_rubric_is_refused(tmp_path: Path):
    lab_with(tmp_path, hidden_rubric_path="rubric.py")
    proc = lite("build", tmp_path)
    assert proc.returncode != 0
    assert "hidden_rubric_path: 'rubric.py' is also rubric_path" in proc.stdout + proc.stderr


def test_the_grader_refuses_a_lab_whose_hidden_rubric_is_missing(tmp_path: Path):
    folder = lab_with(tmp_path)
    (folder / "hidden_rubric.py").unlink()
    with pytest.raises(InvalidManifest, match=r"hidden_rubric_path: 'hidden_rubric\.py' does not"):
        Lab.load(folder)


def test_hidden_checks_run_after_the_rubric_and_say_so():
    folder = CONTENT / "labs" / "single-neuron"
    lab = Lab.load(folder)
    cells = grading_cells(lab, [])
    assert [(c.cell_id, c.rubric, c.hidden) for c in cells] == [
        ("rubric", True, False),
        ("hidden-rubric", True, True),
    ]
    doc = grade(lab, folder / "reference.ipynb", LIMITS)
    validator().validate(doc)
    rubric, hidden = doc["cells"][-2:]
    assert (rubric["cell_id"], rubric["kind"], "hidden" in rubric) == ("rubric", "rubric", False)
    assert (hidden["cell_id"], hidden["kind"], hidden["hidden"]) == (
        "hidden-rubric",
        "rubric",
        True,
    )
    assert [e["name"] for e in hidden["events"]] == [
        "sigmoid(-z) is 1 - sigmoid(z)",
        "neuron takes any number of inputs",
    ]
    assert rubric["events"][-1]["seq"] < hidden["events"][0]["seq"]
    questions = {q["name"]: q["hidden"] for q in doc["score"]["questions"]}
    assert questions == {
        "Q1 sigmoid": False,
        "Q2 neuron": False,
        "Q3 training": False,
        "Q4 beyond the examples": True,
    }


def test_a_submission_cannot_read_the_hidden_rubric(tmp_path: Path):
    folder = CONTENT / "labs" / "single-neuron"
    snoop = (
        "import os, browsergrad as bg\n"
        "seen = [f for root, _, names in os.walk('..') for f in names]\n"
        "bg.check_equal('no hidden rubric here', 'hidden_rubric.py' in seen, False)\n"
        "bg.check_equal('the starter is here', 'starter.ipynb' in seen, True)\n"
    )
    path = tmp_path / "snoop.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(snoop, id="snoop")]), path)
    doc = grade(Lab.load(folder), path, LIMITS)
    own = [e for e in doc["cells"][0]["events"] if e["type"] == "assertion"]
    assert [(e["name"], e["status"]) for e in own] == [
        ("no hidden rubric here", "pass"),
        ("the starter is here", "pass"),
    ]
    # the submission's own checks score nothing: only the rubrics count
    assert doc["score"]["max"] == 13 and doc["score"]["points"] == 0

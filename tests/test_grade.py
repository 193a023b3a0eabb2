"""Headless grading: every bad submission gets a precise result and the others still run.
(What the result files say: test_grade_results.py.)"""

import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import browsergrad
from browsergrad_kernel.grading.runner import Lab, Limits, grade
from browsergrad_kernel.results.document import overall_status, validator

RUBRIC = """\
import browsergrad as bg

with bg.check("double(2) is 4"):
    bg.assert_equal(double(2), 4)
with bg.check("double(-3) is -6"):
    bg.assert_equal(double(-3), -6)
"""

GOOD = "def double(x):\n    return 2 * x"


def notebook(*sources: str, outputs: dict | None = None) -> nbformat.NotebookNode:
    cells = [new_markdown_cell("# a submission", id="intro")]
    for i, source in enumerate(sources):
        cell = new_code_cell(source, id=f"c{i}")
        if outputs and i in outputs:
            cell.outputs = [outputs[i]]
        cells.append(cell)
    return new_notebook(cells=cells)


def write_notebook(path: Path, nb: nbformat.NotebookNode) -> Path:
    nbformat.write(nb, path)
    return path


@pytest.fixture
def lab(tmp_path: Path) -> Path:
    """A small lab: a rubric checking ``double``, a helper file the submission may read."""
    folder = tmp_path / "lab"
    folder.mkdir()
    (folder / "rubric.py").write_text(RUBRIC)
    write_notebook(folder / "starter.ipynb", notebook("def double(x):\n    return None"))
    write_notebook(folder / "reference.ipynb", notebook(GOOD))
    (folder / "data.txt").write_text("21\n")
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "id": "double",
                "version": "1.0.0",
                "requires_browsergrad": f"^{browsergrad.__version__}",
                "required_ops": ["mul"],
                "rubric_path": "rubric.py",
                "starter_path": "starter.ipynb",
                "reference_path": "reference.ipynb",
            }
        )
    )
    return folder


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "browsergrad_kernel.cli", "grade", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )


def assert_valid_result(result: dict) -> None:
    """The one results document, as the schema in the package says."""
    assert result["schema"] == "urn:browsergrad:schema:results:v1"
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(result)]
    assert not errors, errors


def events(result: dict, kind: str = "assertion") -> list[tuple[str, dict]]:
    """(cell id, event) of each event of a kind, in order."""
    return [
        (cell["cell_id"], event)
        for cell in result["cells"]
        for event in cell["events"]
        if event["type"] == kind
    ]


def problem_kinds(result: dict) -> list[tuple[str | None, str]]:
    return [(p["cell_id"], p["kind"]) for p in result["problems"]]


def statuses(result: dict) -> dict[str, str]:
    return {cell["cell_id"]: cell["run_status"] for cell in result["cells"]}


BAD = {
    "not-json.ipynb": "this is not a notebook",
    "binary.ipynb": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    "json-not-notebook.ipynb": '{"name": "alice"}',
    "invalid-notebook.ipynb": '{"cells": 1, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
    "list.ipynb": "[1, 2, 3]",
}


def bad_submissions(folder: Path, lab: Path) -> None:
    for name, content in BAD.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    write_notebook(folder / "loop.ipynb", notebook("while True:\n    pass", GOOD))
    write_notebook(
        folder / "stubborn.ipynb",
        notebook(
            GOOD,
            "while True:\n    try:\n        while True:\n            pass\n"
            "    except BaseException:\n        pass",
        ),
    )
    write_notebook(folder / "exits.ipynb", notebook("import sys\nsys.exit(3)", GOOD))
    write_notebook(folder / "hard-exit.ipynb", notebook(GOOD, "import os\nos._exit(0)"))
    write_notebook(
        folder / "import-error.ipynb", notebook("import no_such_module_for_grading", GOOD)
    )
    write_notebook(
        folder / "destroyer.ipynb",
        notebook(
            "import os, shutil\n"
            "for root in ('.', '..'):\n"
            "    for entry in os.listdir(root):\n"
            "        path = os.path.join(root, entry)\n"
            "        shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) "
            "else os.remove(path)",
            GOOD,
        ),
    )
    write_notebook(
        folder / "lying.ipynb",
        notebook(
            "def double(x):\n    return x",
            outputs={
                0: new_output(
                    "display_data",
                    data={
                        "application/vnd.browsergrad.events.v1+json": {
                            "events": [
                                {
                                    "type": "assertion",
                                    "name": "double(2) is 4",
                                    "timestamp": "2026-11-21T10:00:00.123Z",
                                    "seq": 0,
                                    "status": "pass",
                                    "message": None,
                                    "expected": None,
                                    "actual": None,
                                    "expected_repr": None,
                                    "actual_repr": None,
                                    "exc_type": None,
                                    "duration_ms": None,
                                }
                            ]
                        },
                        "text/plain": "✓ double(2) is 4",
                    },
                )
            },
        ),
    )
    write_notebook(folder / "input.ipynb", notebook("name = input('who? ')", GOOD))
    write_notebook(
        folder / "reads-data.ipynb", notebook("HALF = int(open('data.txt').read())", GOOD)
    )
    write_notebook(
        folder / "magic.ipynb", notebook("%pip install something\nimport something", GOOD)
    )
    write_notebook(folder / "good.ipynb", notebook(GOOD))
    write_notebook(
        folder / "awaits.ipynb", notebook("import asyncio\nawait asyncio.sleep(0)", GOOD)
    )


@pytest.fixture
def graded(lab: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    folder = tmp_path / "submissions"
    folder.mkdir()
    bad_submissions(folder, lab)
    (folder / "notes.txt").write_text("not a submission: not .ipynb")
    out = tmp_path / "results"
    proc = cli(
        str(lab), str(folder), "-o", str(out), "--cell-timeout", "2", "-j", "4", cwd=tmp_path
    )
    return proc, folder, out


def test_a_folder_of_bad_submissions(graded, lab: Path):
    proc, folder, out = graded
    assert proc.returncode == 1, proc.stdout + proc.stderr
    submissions = sorted(p.stem for p in folder.glob("*.ipynb"))
    documents = [
        p for p in out.glob("*.json") if not p.name.endswith((".gradescope.json", ".browser.json"))
    ]
    # the one notebook with saved check outputs gets its browser-vs-regrade comparison
    assert sorted(p.name for p in out.glob("*.browser.json")) == ["lying.browser.json"]
    assert sorted(p.name.removesuffix(".json") for p in documents) == submissions
    assert sorted(p.name.removesuffix(".junit.xml") for p in out.glob("*.xml")) == submissions
    results = {name: json.loads((out / f"{name}.json").read_text()) for name in submissions}
    for name, result in results.items():
        assert_valid_result(result)
        assert name in proc.stdout
        assert ET.parse(out / f"{name}.junit.xml").getroot().tag == "testsuites"
    assert "grading" in proc.stderr  # the progress bar
    passed = sorted(name for name, result in results.items() if overall_status(result) == "pass")
    assert passed == ["awaits", "destroyer", "good", "reads-data"]
    assert f"4 of {len(submissions)} passed" in proc.stdout
    assert "notes" not in proc.stdout

    for name in ("not-json", "binary", "json-not-notebook", "invalid-notebook", "list"):
        result = results[name]
        assert overall_status(result) == "error"
        assert problem_kinds(result) == [(None, "not-a-notebook")]
        assert result["cells"] == []
    assert "not JSON" in results["not-json"]["problems"][0]["message"]
    assert "not UTF-8" in results["binary"]["problems"][0]["message"]
    assert "not a notebook" in results["json-not-notebook"]["problems"][0]["message"]
    assert "not a valid notebook" in results["invalid-notebook"]["problems"][0]["message"]

    # An infinite loop is stopped at the cell's limit; the next cells and the rubric run.
    loop = results["loop"]
    assert problem_kinds(loop) == [("c0", "timeout")]
    assert "time limit of 2 s" in loop["problems"][0]["message"]
    assert statuses(loop) == {"c0": "timeout", "c1": "ok", "rubric": "ok"}
    assert loop["counts"]["pass"] == 2 and overall_status(loop) == "error"

    # A loop that swallows the interrupt is killed; what did not run says so.
    stubborn = results["stubborn"]
    assert problem_kinds(stubborn) == [("c1", "killed")]
    assert statuses(stubborn) == {"c0": "ok", "c1": "timeout", "rubric": "not-run"}

    exits = results["exits"]
    assert problem_kinds(exits) == [("c0", "exception")]
    assert exits["problems"][0]["message"] == "SystemExit: the cell called sys.exit(3)"
    assert statuses(exits)["rubric"] == "ok" and exits["counts"]["pass"] == 2

    hard = results["hard-exit"]
    assert problem_kinds(hard) == [("c1", "crashed")]
    assert statuses(hard)["rubric"] == "not-run"

    missing = results["import-error"]
    assert missing["problems"][0]["exc_type"] == "ModuleNotFoundError"
    assert "no_such_module_for_grading" in missing["problems"][0]["message"]
    assert 'File "<cell c0>", line 1' in missing["problems"][0]["traceback"]
    assert "import no_such_module_for_grading" in missing["problems"][0]["traceback"]
    assert "child.py" not in missing["problems"][0]["traceback"]
    assert missing["counts"]["pass"] == 2

    # It deleted everything around it: only the temporary copy was there.
    destroyer = results["destroyer"]
    assert destroyer["counts"]["pass"] == 2
    assert (lab / "rubric.py").is_file() and (lab / "manifest.json").is_file()
    assert (folder / "good.ipynb").is_file()

    # Saved outputs claiming a pass are never read.
    lying = results["lying"]
    assert overall_status(lying) == "fail"
    assert [e["status"] for _, e in events(lying)] == ["fail", "fail"]

    assert results["input"]["problems"][0]["exc_type"] == "EOFError"
    assert results["reads-data"]["problems"] == []  # the lab's files are next to it
    # %pip is skipped with a note; the import after it fails as it would without it.
    magic = results["magic"]
    assert problem_kinds(magic) == [("c0", "exception")]
    assert magic["problems"][0]["exc_type"] == "ModuleNotFoundError"
    assert "the grader installs nothing" in magic["cells"][0]["notes"][0]
    assert overall_status(results["good"]) == "pass"


def test_rubric_and_reference_are_not_in_the_workspace(lab: Path, tmp_path: Path):
    sub = write_notebook(
        tmp_path / "peek.ipynb",
        notebook(
            GOOD,
            "import os\nimport browsergrad as bg\nbg.emit_json('files', sorted(os.listdir('.')))",
        ),
    )
    result = grade(Lab.load(lab), sub, Limits(cell=10, total=30))
    ((cell_id, files),) = events(result, "json")
    assert files["data"] == ["data.txt", "manifest.json", "starter.ipynb"]
    assert cell_id == "c1"


def test_total_time_limit(lab: Path, tmp_path: Path):
    sub = write_notebook(
        tmp_path / "slow.ipynb", notebook(GOOD, *["import time\ntime.sleep(0.8)"] * 6)
    )
    result = grade(Lab.load(lab), sub, Limits(cell=5, total=2))
    assert problem_kinds(result)[-1][1] == "total-timeout"
    assert statuses(result)["rubric"] == "not-run"
    assert result["duration_ms"] < 10_000


def test_a_rubric_without_assertions_is_an_error(lab: Path, tmp_path: Path):
    (lab / "rubric.py").write_text("x = 1\n")
    result = grade(Lab.load(lab), write_notebook(tmp_path / "s.ipynb", notebook(GOOD)))
    assert problem_kinds(result) == [("rubric", "no-assertions")]
    assert overall_status(result) == "error"


def test_processes_it_started_are_ended(lab: Path, tmp_path: Path):
    marker = tmp_path / "still-running"
    code = f"import time, pathlib; time.sleep(3); pathlib.Path({str(marker)!r}).touch()"
    sub = write_notebook(
        tmp_path / "spawn.ipynb",
        notebook(
            GOOD, f"import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', {code!r}])"
        ),
    )
    result = grade(Lab.load(lab), sub, Limits(cell=10, total=30))
    assert overall_status(result) == "pass", result["problems"]
    time.sleep(4)
    assert not marker.exists()


def test_an_unusable_lab_exits_2(lab: Path, tmp_path: Path):
    sub = write_notebook(tmp_path / "s.ipynb", notebook(GOOD))
    manifest = json.loads((lab / "manifest.json").read_text())
    (lab / "manifest.json").write_text(json.dumps({**manifest, "requires_browsergrad": "^99.0.0"}))
    proc = cli(str(lab), str(sub), cwd=tmp_path)
    assert proc.returncode == 2
    assert (
        f"lab double@1.0.0 requires browsergrad ^99.0.0, runtime is {browsergrad.__version__}"
        in proc.stderr
    )
    (lab / "manifest.json").write_text(json.dumps({**manifest, "version": "1", "id": "X"}))
    proc = cli(str(lab), str(sub), cwd=tmp_path)
    assert proc.returncode == 2
    assert "id: must be a kebab-case name" in proc.stderr
    assert "version: must be a semantic version" in proc.stderr
    (lab / "manifest.json").write_text(json.dumps(manifest))
    proc = cli(str(lab), str(tmp_path / "nothing.ipynb"), cwd=tmp_path)
    assert proc.returncode == 2 and "no such file or folder" in proc.stderr

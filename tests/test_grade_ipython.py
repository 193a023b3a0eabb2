"""Headless grading runs cells as the kernel does: IPython syntax, and the kernel's
``%%time_limit`` magic and time-limit metadata."""

import time
from pathlib import Path

import pytest
import test_grade
from nbformat.v4 import new_code_cell
from test_grade import GOOD, notebook, problem_kinds, statuses, write_notebook

from browsergrad_kernel.grading.notebook import NO_LIMIT, TimeLimitError, cell_time_limit
from browsergrad_kernel.grading.runner import Lab, Limits, grade
from browsergrad_kernel.results.document import overall_status

lab = test_grade.lab  # the same small lab: a rubric that checks double()


def graded(lab_folder: Path, tmp_path: Path, nb, limits: Limits) -> dict:
    return grade(Lab.load(lab_folder), write_notebook(tmp_path / "sub.ipynb", nb), limits)


def events(result: dict) -> list[dict]:
    """Every event of the document, in cell order."""
    return [event for cell in result["cells"] for event in cell["events"]]


def notes(result: dict) -> dict[str, list[str]]:
    return {cell["cell_id"]: cell["notes"] for cell in result["cells"] if cell["notes"]}


def test_magics_display_and_shell_lines_grade(lab: Path, tmp_path: Path):
    nb = notebook(
        "%pip install nothing",
        "%%time_limit 5\n" + GOOD,
        "display({'shown': 1})\nlen?\n%time y = double(4)",
        "!echo hi\nfiles = !ls\nassert files == []",
        "%%bash\necho from bash",
        "import browsergrad as bg\nbg.emit_json('ipython', get_ipython() is not None)",
    )
    result = graded(lab, tmp_path, nb, Limits(cell=20, total=60))
    assert result["problems"] == [], result["problems"]
    assert overall_status(result) == "pass"
    assert set(statuses(result).values()) == {"ok"}
    assert notes(result) == {
        "c0": [
            "%pip install nothing: skipped: the grader installs nothing "
            "(the packages are those where it runs)"
        ],
        "c3": [
            "!echo hi: skipped: shell commands do not run in grading",
            "!ls: skipped: shell commands do not run in grading",
        ],
        "c4": ["%%bash: skipped: shell commands do not run in grading"],
    }
    assert "{'shown': 1}" in result["output"]  # display() prints the text form
    assert "Return the number of items in a container." in result["output"]  # len?
    assert "from bash" not in result["output"] and "hi\n" not in result["output"]
    shell = next(e for e in events(result) if e["type"] == "json")
    assert shell["data"] is True


def test_unknown_magic_is_the_error_ipython_shows(lab: Path, tmp_path: Path):
    result = graded(lab, tmp_path, notebook(GOOD, "%no_such_magic 1", "%%nor_this\nx"), Limits())
    assert problem_kinds(result) == [("c1", "exception"), ("c2", "exception")]
    first, second = result["problems"]
    assert first["exc_type"] == "UsageError"
    assert first["message"] == "UsageError: Line magic function `%no_such_magic` not found."
    assert first["traceback"] == "UsageError: Line magic function `%no_such_magic` not found.\n"
    assert second["message"] == "UsageError: Cell magic `%%nor_this` not found."
    assert result["counts"]["pass"] == 2  # the rubric still ran


def test_a_syntax_error_still_names_the_cell(lab: Path, tmp_path: Path):
    result = graded(lab, tmp_path, notebook(GOOD, "def broken(:\n    pass"), Limits())
    problem = result["problems"][0]
    assert problem["exc_type"] == "SyntaxError"
    assert 'File "<cell c1>", line 1' in problem["traceback"]


def test_time_limit_magic_sets_the_cells_limit(lab: Path, tmp_path: Path):
    nb = notebook(
        GOOD,
        "%%time_limit 0.5\nwhile True:\n    pass",
        # longer than the grader's 1 s: the cell's own limit applies
        "%%time_limit 5\nimport time\ntime.sleep(1.5)",
        "%%time_limit none\nimport time\ntime.sleep(1.5)",
        "import time\ntime.sleep(5)",
    )
    started = time.monotonic()
    result = graded(lab, tmp_path, nb, Limits(cell=1, total=60))
    assert time.monotonic() - started < 30
    assert statuses(result) == {
        "c0": "ok",
        "c1": "timeout",
        "c2": "ok",
        "c3": "ok",
        "c4": "timeout",
        "rubric": "ok",
    }
    assert [p["message"] for p in result["problems"]] == [
        "stopped at the cell's time limit of 0.5 s",
        "stopped at the cell's time limit of 1 s",
    ]
    assert result["cells"][1]["duration_ms"] < 1000


def test_time_limit_metadata_applies(lab: Path, tmp_path: Path):
    nb = notebook(GOOD)
    nb.cells.append(
        new_code_cell(
            "while True:\n    pass", id="meta", metadata={"browsergrad": {"time_limit": 0.5}}
        )
    )
    result = graded(lab, tmp_path, nb, Limits(cell=20, total=60))
    assert problem_kinds(result) == [("meta", "timeout")]
    assert result["problems"][0]["message"] == "stopped at the cell's time limit of 0.5 s"


def test_a_bad_time_limit_fails_the_cell_without_running_it(lab: Path, tmp_path: Path):
    nb = notebook(GOOD, "%%time_limit 0\nimport browsergrad as bg\nbg.log('ran', 1)")
    result = graded(lab, tmp_path, nb, Limits())
    assert problem_kinds(result) == [("c1", "exception")]
    assert result["problems"][0]["message"] == (
        'ValueError: %%time_limit must be a positive number of seconds (or "none"), got "0".'
    )
    assert not [e for e in events(result) if e["type"] == "log"]
    assert result["counts"]["pass"] == 2


@pytest.mark.parametrize(
    ("source", "metadata", "limit", "code"),
    [
        ("x = 1", {}, None, "x = 1"),
        ("%%time_limit 5\nx = 1", {}, 5.0, "\nx = 1"),
        ("  %%time_limit 2.5s  \r\nx", {}, 2.5, "\nx"),
        ("%%time_limit 1e1", {}, 10.0, ""),
        ("%%time_limit NONE\nx", {}, NO_LIMIT, "\nx"),
        ("%%time_limit off\nx", {"browsergrad": {"time_limit": 1}}, NO_LIMIT, "\nx"),
        ("x", {"browsergrad": {"time_limit": 3}}, 3.0, "x"),
        ("x", {"browsergrad": {"time_limit": "4"}}, 4.0, "x"),
        ("x", {"browsergrad": {"time_limit": None}}, NO_LIMIT, "x"),
        ("x", {"browsergrad": {}}, None, "x"),
        ("# %%time_limit 5\nx", {}, None, "# %%time_limit 5\nx"),
    ],
)
def test_cell_time_limit(source: str, metadata: dict, limit: float | None, code: str):
    assert cell_time_limit(source, metadata) == (limit, code)


@pytest.mark.parametrize(
    ("source", "metadata", "message"),
    [
        ("%%time_limit\nx", {}, 'takes one value, the limit in seconds (e.g. "%%time_limit 5")'),
        ("%%time_limit 1 2", {}, 'got "%%time_limit 1 2"'),
        ("%%time_limit -1", {}, 'positive number of seconds (or "none"), got "-1"'),
        ("%%time_limit soon", {}, 'got "soon"'),
        ("x", {"browsergrad": {"time_limit": 0}}, "browsergrad.time_limit must be"),
        ("x", {"browsergrad": {"time_limit": True}}, "got true"),
        ("x", {"browsergrad": {"time_limit": [1]}}, "got [1]"),
    ],
)
def test_bad_cell_time_limits(source: str, metadata: dict, message: str):
    with pytest.raises(TimeLimitError) as raised:
        cell_time_limit(source, metadata)
    assert message in str(raised.value)

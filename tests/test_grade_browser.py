"""Browser vs re-grade: each check whose status differs, and saved results that could not
have come from a run."""

import json
from pathlib import Path

from nbformat.v4 import new_code_cell, new_notebook, new_output
from test_grade import GOOD, cli, lab, notebook, write_notebook  # noqa: F401 (the fixture)

from browsergrad import text as bgtext
from browsergrad_kernel.grading.browser import EVENTS_MIME, compare_with_browser
from browsergrad_kernel.grading.runner import Lab, Limits, grade

WRONG = "def double(x):\n    return x"
LIMITS = Limits(cell=20, total=60)


def check(name: str, status: str, seq: int = 0) -> dict:
    return {
        "type": "assertion",
        "name": name,
        "timestamp": "2026-12-01T10:00:00.000Z",
        "seq": seq,
        "status": status,
        "message": None if status == "pass" else "not equal",
        "expected": None,
        "actual": None,
        "expected_repr": None,
        "actual_repr": None,
        "exc_type": None,
        "duration_ms": None,
    }


def events_output(events: list[dict], plain: str | None = None):
    if plain is None:
        plain = bgtext.lines([bgtext.line(e) for e in events], len(events))
    return new_output("display_data", data={EVENTS_MIME: {"events": events}, "text/plain": plain})


def saved(path: Path, cells: list) -> Path:
    nb = new_notebook(cells=cells)
    return write_notebook(path, nb)


def run_cell(source: str, outputs: list, count: int | None = 1, **metadata):
    cell = new_code_cell(source, execution_count=count, metadata=metadata)
    cell.outputs = outputs
    return cell


def both_pass() -> list[dict]:
    return [check("double(2) is 4", "pass", 0), check("double(-3) is -6", "pass", 1)]


def test_a_check_that_passed_in_the_browser_and_fails_on_regrade(lab: Path, tmp_path: Path):
    sub = saved(
        tmp_path / "s.ipynb",
        [
            run_cell(WRONG, []),
            run_cell("# Check my work", [events_output(both_pass())], 2,
                     browsergrad={"lab_check": "double"}),
        ],
    )  # fmt: skip
    doc = grade(Lab.load(lab), sub, LIMITS)
    report = compare_with_browser(doc, sub, None)
    assert report["browser_results"] == "saved outputs"
    assert [d["text"] for d in report["differences"]] == [
        "passed in the browser, failed on re-grade: double(2) is 4",
        "passed in the browser, failed on re-grade: double(-3) is -6",
    ]
    assert report["edited"] == []  # a plausible run, graded on what the code does


def test_results_that_no_run_could_have_saved(lab: Path, tmp_path: Path):
    passing = both_pass()
    sub = saved(
        tmp_path / "s.ipynb",
        [
            run_cell(GOOD, []),
            # the events were edited to pass, their text still says they failed
            run_cell("# Check my work", [events_output(passing, "✗ double(2) is 4: not equal")],
                     2, browsergrad={"lab_check": "double"}),
            run_cell("x = 1", [events_output([check("extra", "pass")])], None),
            run_cell("# only a comment", [events_output([check("more", "pass")])], 3),
            run_cell("import browsergrad as bg", [events_output(
                [check("a", "pass", 0), check("b", "pass", 5)])], 4),
        ],
    )  # fmt: skip
    ids = [c["id"] for c in json.loads(sub.read_text())["cells"]]
    doc = grade(Lab.load(lab), sub, LIMITS)
    report = compare_with_browser(doc, sub, None)
    assert report["edited"] == [
        f"[{ids[1]}] the saved results and their text differ: edited by hand",
        f"[{ids[2]}] results saved in a cell that never ran",
        f"[{ids[3]}] results saved in a cell with no code to make them",
        f"[{ids[4]}] the saved results are not numbered as a run numbers them",
    ]
    assert [d["text"] for d in report["differences"]][-1] == (
        "passed in the browser, absent on re-grade: b"
    )


def test_no_browser_results_no_report(lab: Path, tmp_path: Path):
    sub = write_notebook(tmp_path / "s.ipynb", notebook(GOOD))
    assert compare_with_browser(grade(Lab.load(lab), sub, LIMITS), sub, None) is None


def test_a_donated_results_document(lab: Path, tmp_path: Path):
    good = write_notebook(tmp_path / "alice.ipynb", notebook(GOOD))
    donated = grade(Lab.load(lab), good, LIMITS)  # what a browser that ran GOOD would send
    browser = tmp_path / "browser"
    browser.mkdir()
    (browser / "bob.json").write_text(json.dumps(donated))
    bob = write_notebook(tmp_path / "bob.ipynb", notebook(WRONG))
    report = compare_with_browser(grade(Lab.load(lab), bob, LIMITS), bob, browser)
    assert report["browser_results"] == str(browser / "bob.json")
    assert [d["check"] for d in report["differences"]] == ["double(2) is 4", "double(-3) is -6"]
    assert report["edited"] == []

    donated["counts"]["pass"] += 3  # counts that do not match the checks
    (browser / "bob.json").write_text(json.dumps(donated))
    report = compare_with_browser(grade(Lab.load(lab), bob, LIMITS), bob, browser)
    assert report["edited"] == ["the browser's counts do not match its checks: edited by hand"]

    (browser / "bob.json").write_text('{"schema": "something else"}')
    report = compare_with_browser(grade(Lab.load(lab), bob, LIMITS), bob, browser)
    assert report["edited"][0].startswith("the browser's results are not a valid results.v1")


def test_the_cli_reports_and_writes_the_comparison(lab: Path, tmp_path: Path):
    sub = saved(
        tmp_path / "carol.ipynb",
        [run_cell(WRONG, [events_output(both_pass())])],
    )
    out = tmp_path / "out"
    proc = cli(str(lab), str(sub), "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 1
    assert "carol.ipynb: passed in the browser, failed on re-grade: double(2) is 4" in proc.stdout
    written = json.loads((out / "carol.browser.json").read_text())
    assert len(written["differences"]) == 2

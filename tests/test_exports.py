"""Course exports of graded documents: Gradescope's results.json, the class gradebook CSV,
the feedback page (every user string escaped), and ``grade`` writing them for a folder that
holds bad submissions too."""

import csv
import io
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browsergrad_kernel.exports.feedback import feedback_html
from browsergrad_kernel.exports.gradebook import gradebook_csv
from browsergrad_kernel.exports.gradescope import gradescope_results
from browsergrad_kernel.grading.runner import Lab, Limits, grade
from browsergrad_kernel.results import document as results
from browsergrad_kernel.results.score import score

NEURON = Path(__file__).resolve().parent.parent / "content" / "labs" / "single-neuron"
LIMITS = Limits(cell=30, total=120)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'


@pytest.fixture(scope="module")
def graded() -> dict[str, dict]:
    lab = Lab.load(NEURON)
    return {nb: grade(lab, NEURON / f"{nb}.ipynb", LIMITS) for nb in ("reference", "starter")}


def test_gradescope_has_a_test_per_check_with_its_fields(graded):
    for doc in graded.values():
        out = gradescope_results(doc)
        assert set(out) == {"score", "tests"}
        assert len(out["tests"]) == 8
        for test in out["tests"]:
            assert set(test) == {"name", "score", "max_score", "visibility", "output"}
        assert sum(t["score"] for t in out["tests"]) == out["score"] == doc["score"]["points"]
        assert sum(t["max_score"] for t in out["tests"]) == doc["score"]["max"] == 13
        assert out["tests"][0]["name"] == "Q1 sigmoid: sigmoid(0) is 0.5"
        json.dumps(out, allow_nan=False)
    assert gradescope_results(graded["reference"])["score"] == 13


def test_gradescope_hides_the_hidden_checks_details(graded):
    starter = graded["starter"]
    tests = gradescope_results(starter)["tests"]
    hidden = [t for t in tests if t["name"].startswith("Q4 beyond the examples")]
    assert len(hidden) == 2
    assert {t["visibility"] for t in hidden} == {"after_published"}
    assert {t["visibility"] for t in tests if t not in hidden} == {"visible"}
    for test in hidden:
        assert "details are not shown" in test["output"]
        assert "sigmoid" not in test["output"].split("\n", 1)[1]
    shown = gradescope_results(starter, hidden_details=True, hidden_visibility="hidden")["tests"]
    assert {t["visibility"] for t in shown if t["name"].startswith("Q4")} == {"hidden"}
    assert "sigmoid(0.25) should be a number" in shown[6]["output"]
    with pytest.raises(ValueError, match="visibility must be one of"):
        gradescope_results(starter, hidden_visibility="sometimes")


def test_gradescope_all_or_nothing_checks_score_zero_unless_whole(graded):
    doc = json.loads(json.dumps(graded["reference"]))
    rubric = next(c for c in doc["cells"] if c["cell_id"] == "rubric")
    first = rubric["events"][0]
    first.update(status="fail", message="no")
    doc["score"] = score(doc)
    tests = gradescope_results(doc)["tests"]
    assert [t["score"] for t in tests[:2]] == [0, 0]  # Q1: one failed, so none score
    assert gradescope_results(doc)["score"] == 10


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_gradebook_columns_are_questions_total_and_max(graded):
    broken = results.document(
        notebook="=cmd|' /C calc'!A0.ipynb",
        lab={"id": "single-neuron", "version": "1.0.0"},
        limits={"cell_s": 1, "total_s": 1},
        duration_ms=0,
        cells=[],
        problems=[results.problem(None, "not-a-notebook", "not JSON")],
        output="",
    )
    rows = read_csv(gradebook_csv([graded["reference"], graded["starter"], broken]))
    assert rows[0] == [
        "submission",
        "Q1 sigmoid",
        "Q2 neuron",
        "Q3 training",
        "Q4 beyond the examples",
        "total",
        "max",
        "problems",
    ]
    assert rows[1] == ["reference.ipynb", "3", "3", "5", "2", "13", "13", "0"]
    assert rows[2] == ["starter.ipynb", "0", "0", "0", "0", "0", "13", "0"]
    # a submission that never ran: no question scores, 0 of the class's maximum, and its
    # name (chosen by a student) cannot become a spreadsheet formula
    assert rows[3] == ["'=cmd|' /C calc'!A0.ipynb", "", "", "", "", "0", "13", "1"]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs |= {name for name, _ in attrs}

    def handle_data(self, data):
        self.text += data


def hostile_doc(graded) -> dict:
    doc = json.loads(json.dumps(graded["starter"]))
    doc["notebook"] = f"{HOSTILE}.ipynb"
    event = next(c for c in doc["cells"] if c["cell_id"] == "rubric")["events"][0]
    event.update(name=HOSTILE, message=HOSTILE, expected=HOSTILE, actual=[HOSTILE, 1])
    event["question"] = HOSTILE
    doc["problems"] = [results.problem("c1", "exception", HOSTILE)]
    doc["score"] = score(doc)
    return doc


def test_feedback_escapes_every_user_string(graded):
    page = feedback_html(hostile_doc(graded))
    parsed = Tags()
    parsed.feed(page)
    assert parsed.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p"} | {
        "div",
        "span",
        "strong",
        "pre",
        "ul",
        "li",
    }
    assert parsed.attrs <= {"lang", "charset", "class"}
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    # the text a reader sees is the string as it was
    assert HOSTILE in parsed.text


def test_feedback_lists_each_check_with_message_and_diff(graded):
    page = feedback_html(graded["starter"])
    parsed = Tags()
    parsed.feed(page)
    assert "Score: 0 of 13" in parsed.text
    assert "Q1 sigmoid: 0 of 3 (all or nothing)" in parsed.text
    assert parsed.text.count("(0 of 1 points)") + parsed.text.count("(0 of 2 points)") >= 4
    assert "sigmoid(0) returned None: did you forget `return`?" in parsed.text
    # a hidden check shows its status and points, not its message
    assert "sigmoid(0.25) should be a number" not in parsed.text
    assert "A hidden check: its details are not shown." in parsed.text
    full = Tags()
    full.feed(feedback_html(graded["starter"], hidden_details=True))
    assert "sigmoid(0.25) should be a number" in full.text
    # expected/actual as a diff
    diffed = json.loads(json.dumps(graded["starter"]))
    event = next(c for c in diffed["cells"] if c["cell_id"] == "rubric")["events"][0]
    event.update(expected=[1, 2, 3], actual=[1, 5, 3])
    page = feedback_html(diffed)
    assert '<span class="del">-  2,</span>' in page
    assert '<span class="add">+  5,</span>' in page


def test_the_feedback_page_loads_nothing():
    doc = results.document(
        notebook="n.ipynb",
        lab={"id": "x", "version": "1"},
        limits={"cell_s": 1, "total_s": 1},
        duration_ms=0,
        cells=[],
        problems=[],
        output="",
    )
    page = feedback_html(doc)
    for needle in ("<script", "<link", "src=", "href=", "@import", "url("):
        assert needle not in page


def test_grade_writes_every_export_and_a_gradebook_for_a_folder(tmp_path: Path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("reference", "starter"):
        (subs / f"{name}.ipynb").write_bytes((NEURON / f"{name}.ipynb").read_bytes())
    (subs / "broken.ipynb").write_text("{not json")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "browsergrad_kernel.cli", "grade", str(NEURON)]
    proc = subprocess.run(
        [*command, str(subs), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    for stem in ("reference", "starter", "broken"):
        for suffix in (".json", ".junit.xml", ".gradescope.json", ".feedback.html"):
            assert (out / f"{stem}{suffix}").is_file()
    rows = read_csv((out / "gradebook.csv").read_text())
    assert [row[0] for row in rows[1:]] == ["broken.ipynb", "reference.ipynb", "starter.ipynb"]
    assert [row[-3:] for row in rows[1:]] == [["0", "13", "1"], ["13", "13", "0"], ["0", "13", "0"]]
    assert "13/13" in proc.stdout
    junit = (out / "reference.junit.xml").read_text()
    assert '<property name="browsergrad.score.points" value="13"/>' in junit


def test_a_grader_failure_is_that_submissions_result(tmp_path: Path, monkeypatch):
    from browsergrad_kernel.grading import command, runner

    def broken(lab, path, limits):
        raise MemoryError("the machine ran out")

    monkeypatch.setattr(runner, "grade", broken)
    doc = command._grade_one(Lab.load(NEURON), tmp_path / "a.ipynb", LIMITS)
    results.validator().validate(doc)
    assert doc["problems"][0]["kind"] == "crashed"
    assert "MemoryError: the machine ran out" in doc["problems"][0]["message"]

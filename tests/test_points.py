"""Points and questions: the ``points=``/``question=`` arguments of the checks, ``bg.question``
(all-or-nothing), the score of a ``results.v1`` document, and the rubric mistakes that give
each submission a clear result."""

import json
from pathlib import Path

import nbformat
import pytest
from bgtest import validated_events
from nbformat.v4 import new_code_cell, new_notebook

import browsergrad
import browsergrad as bg
from browsergrad_kernel.grading.runner import Lab, Limits, grade
from browsergrad_kernel.results import document as results
from browsergrad_kernel.results.score import score


@pytest.fixture(autouse=True)
def _valid_events():
    yield from validated_events()


def doc_of(*cells: tuple[str, list[dict]], hidden: str | None = None) -> dict:
    """A document whose cells (kind, events) hold these events; ``hidden`` marks a cell."""
    entries = []
    for i, (kind, events) in enumerate(cells):
        entry = results.cell_entry(f"c{i}", i, kind, hidden=f"c{i}" == hidden)
        entry["events"] = events
        entries.append(entry)
    doc = results.document(
        notebook="n.ipynb",
        lab={"id": "x", "version": "1.0.0"},
        limits={"cell_s": 1, "total_s": 2},
        duration_ms=1,
        cells=entries,
        problems=[],
        output="",
    )
    results.validator().validate(doc)
    return doc


def made(action) -> list[dict]:
    bg.clear()
    action()
    return bg.events()


def test_without_points_each_check_is_worth_one():
    def action():
        bg.assert_pass("a")
        bg.assert_fail("b", "no")
        bg.check_equal("c", 1, 1)

    events = made(action)
    assert all("points" not in e and "question" not in e for e in events)
    s = score(doc_of(("code", events)))
    assert (s["points"], s["max"]) == (2, 3)
    assert [(q["name"], q["points"], q["max"]) for q in s["questions"]] == [
        ("a", 1, 1),
        ("b", 0, 1),
        ("c", 1, 1),
    ]


def test_points_on_every_kind_of_check():
    def action():
        bg.assert_pass("p", points=2)
        bg.assert_fail("f", "no", points=3)
        bg.assert_error("e", "boom", points=0.5)
        bg.check_equal("eq", 2, 2, points=1.5, question="Q")
        with bg.check("block", points=4, question="Q"):
            pass

        @bg.check("decorated", points=5)
        def decorated():
            raise AssertionError("wrong")

        decorated()

    events = made(action)
    assert [e.get("points") for e in events] == [2, 3, 0.5, 1.5, 4, 5]
    s = score(doc_of(("rubric", events)))
    assert (s["points"], s["max"]) == (2 + 1.5 + 4, 2 + 3 + 0.5 + 1.5 + 4 + 5)
    q = next(q for q in s["questions"] if q["name"] == "Q")
    assert (q["checks"], q["passed"], q["points"], q["max"]) == (2, 2, 5.5, 5.5)


def test_an_all_or_nothing_question_scores_whole_or_not_at_all():
    def action():
        with bg.question("Q1", all_or_nothing=True):
            bg.assert_pass("a", points=2)
            bg.assert_fail("b", "no", points=1)
        with bg.question("Q2", all_or_nothing=True):
            bg.assert_pass("c", points=2)
            bg.assert_pass("d")
        with bg.question("Q3"):
            bg.assert_pass("e", points=2)
            bg.assert_fail("f", "no")

    events = made(action)
    assert [e["question"] for e in events] == ["Q1", "Q1", "Q2", "Q2", "Q3", "Q3"]
    assert [e.get("all_or_nothing") for e in events] == [True] * 4 + [None] * 2
    s = score(doc_of(("rubric", events)))
    assert [(q["name"], q["points"], q["max"], q["all_or_nothing"]) for q in s["questions"]] == [
        ("Q1", 0, 3, True),
        ("Q2", 3, 3, True),
        ("Q3", 2, 3, False),
    ]
    assert (s["points"], s["max"]) == (5, 9)


def test_only_rubric_checks_count_when_there_is_a_rubric():
    mine = made(lambda: bg.assert_pass("free points", points=100))
    rubric = made(lambda: bg.assert_fail("real", "no", points=2))
    s = score(doc_of(("code", mine), ("rubric", rubric)))
    assert (s["points"], s["max"]) == (0, 2)
    # a notebook without a rubric (the Tests panel before "Check my work"): all count
    assert score(doc_of(("code", mine)))["points"] == 100


def test_hidden_questions_are_marked():
    visible = made(lambda: bg.assert_pass("v", question="Q"))
    hidden = made(lambda: bg.assert_pass("h", question="H"))
    both = made(lambda: bg.assert_pass("w", question="Q"))
    s = score(doc_of(("rubric", visible), ("rubric", hidden + both), hidden="c1"))
    assert {q["name"]: q["hidden"] for q in s["questions"]} == {"Q": False, "H": True}


@pytest.mark.parametrize(
    ("value", "error", "text"),
    [
        (-1, ValueError, "points must be a finite number >= 0, got -1"),
        (float("inf"), ValueError, "points must be a finite number >= 0, got inf"),
        ("3", TypeError, "points must be a number, not str"),
        (True, TypeError, "points must be a number, not bool"),
        ([1], TypeError, "points must be a number, not list"),
    ],
)
def test_bad_points_are_a_clear_error_and_record_nothing(value, error, text):
    for call in (
        lambda: bg.assert_pass("x", points=value),
        lambda: bg.assert_fail("x", "m", points=value),
        lambda: bg.assert_error("x", "m", points=value),
        lambda: bg.check_equal("x", 1, 1, points=value),
        lambda: bg.check("x", points=value),
    ):
        with pytest.raises(error, match=text.replace("(", r"\(").replace(")", r"\)")):
            call()
    assert bg.events() == []


def test_bad_questions_are_clear_errors():
    with pytest.raises(TypeError, match=r"browsergrad\.assert_pass: question must be a str"):
        bg.assert_pass("x", question=3)
    with pytest.raises(ValueError, match=r"browsergrad\.check: question must not be empty"):
        bg.check("x", question="")
    with pytest.raises(TypeError, match="all_or_nothing must be True or False, not int"):
        bg.question("Q", all_or_nothing=1)
    with (
        pytest.raises(ValueError, match="the question 'Empty' made no checks"),
        bg.question("Empty"),
    ):
        pass
    assert bg.events() == []


def test_a_question_that_raises_keeps_its_error():
    with pytest.raises(ZeroDivisionError), bg.question("Q"):
        1 / 0  # noqa: B018


RUBRICS = {
    "raises": "import browsergrad as bg\nbg.assert_pass('first', points=2)\n1 / 0",
    "negative": "import browsergrad as bg\nbg.assert_pass('x', points=-1)\n",
    "text-points": "import browsergrad as bg\nbg.check_equal('x', 1, 1, points='two')\n",
    "empty-question": "import browsergrad as bg\nwith bg.question('Q9'):\n    pass\n",
}


@pytest.fixture
def bad_rubric_labs(tmp_path: Path) -> dict[str, Lab]:
    labs = {}
    for name, rubric in RUBRICS.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "rubric.py").write_text(rubric)
        for nb in ("starter.ipynb", "reference.ipynb"):
            nbformat.write(new_notebook(cells=[new_code_cell("x = 1", id="c")]), folder / nb)
        manifest = {
            "id": name,
            "version": "1.0.0",
            "requires_browsergrad": f"^{browsergrad.__version__}",
            "required_ops": [],
            "rubric_path": "rubric.py",
            "starter_path": "starter.ipynb",
            "reference_path": "reference.ipynb",
        }
        (folder / "manifest.json").write_text(json.dumps(manifest))
        labs[name] = Lab.load(folder)
    return labs


def test_rubric_mistakes_are_clear_per_submission_results(bad_rubric_labs, tmp_path):
    expected = {
        "raises": "ZeroDivisionError: division by zero",
        "negative": "browsergrad.assert_pass: points must be a finite number >= 0, got -1",
        "text-points": "browsergrad.check_equal: points must be a number, not str",
        "empty-question": "browsergrad.question: the question 'Q9' made no checks",
    }
    for name, lab in bad_rubric_labs.items():
        doc = grade(lab, lab.folder / "starter.ipynb", Limits(cell=20, total=60))
        results.validator().validate(doc)
        kinds = [(p["cell_id"], p["kind"]) for p in doc["problems"]]
        assert ("rubric", "exception") in kinds, (name, doc["problems"])
        messages = " | ".join(p["message"] for p in doc["problems"])
        assert expected[name] in messages, (name, messages)
    raised = grade(bad_rubric_labs["raises"], tmp_path / "raises" / "starter.ipynb")
    assert (raised["score"]["points"], raised["score"]["max"]) == (2, 2)

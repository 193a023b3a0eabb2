"""The browser and the grader score a document alike: ``scoreOf`` (``results/score.ts``,
bundled from its TypeScript source) and ``score`` (``results/score.py``) give the same
points, maximum and questions for the same documents."""

import json
from pathlib import Path

import pytest
from node_bundle import node_module

from browsergrad_kernel.grading.runner import Lab, Limits, grade
from browsergrad_kernel.results.score import score

LABS = Path(__file__).resolve().parent.parent / "content" / "labs"

SCRIPT = """
import { scoreOf } from './module.mjs';
reply(job.map(doc => scoreOf(doc)));
"""


def check(name: str, status: str, **more) -> dict:
    return {"type": "assertion", "name": name, "status": status, **more}


SYNTHETIC = [
    {"cells": []},
    {"cells": [{"kind": "code", "events": [check("a", "pass"), check("b", "fail")]}]},
    {
        "cells": [
            {"kind": "code", "events": [check("free", "pass", points=50)]},
            {
                "kind": "rubric",
                "events": [
                    check("x", "pass", points=0.1, question="Q"),
                    check("y", "pass", points=0.2, question="Q"),
                    check("z", "error", points=3, question="R", all_or_nothing=True),
                    check("w", "pass", points=1, question="R", all_or_nothing=True),
                    {"type": "log", "name": "not a check"},
                ],
            },
            {
                "kind": "rubric",
                "hidden": True,
                "events": [check("h", "pass", points=2, question="H"), check("x2", "fail")],
            },
        ]
    },
    # what a hand-edited document might say: both fall back the same way
    {"cells": [{"events": [check("odd", "pass", points=-4), check("", "pass", question="")]}]},
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    return node_module(tmp_path_factory, "results/score.ts", SCRIPT)


@pytest.fixture(scope="module")
def documents() -> list[dict]:
    docs = list(SYNTHETIC)
    for name in ("single-neuron", "text-stats"):
        lab = Lab.load(LABS / name)
        for nb in ("reference", "starter"):
            docs.append(grade(lab, LABS / name / f"{nb}.ipynb", Limits(cell=30, total=120)))
    return docs


def test_the_browser_and_the_grader_score_alike(browser, documents):
    theirs = browser(json.loads(json.dumps(documents)))
    ours = [score(doc) for doc in documents]
    assert theirs == ours
    # and the cases say something: points below 1, all-or-nothing, hidden, rubric only
    assert ours[2]["points"] == pytest.approx(0.3 + 2)
    assert [q["hidden"] for q in ours[2]["questions"]] == [False, False, True, True]
    assert ours[2]["max"] == pytest.approx(0.3 + 4 + 2 + 1)
    assert [d["score"] for d in documents[len(SYNTHETIC) :]] == ours[len(SYNTHETIC) :]

"""The files `browsergrad-kernel grade` writes for a submission: its results.v1 document
(lab, runtime, limits, cells, counts) and the JUnit XML of it."""

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import test_grade
from test_grade import RUBRIC, assert_valid_result, cli, events, notebook, statuses, write_notebook

import browsergrad
from browsergrad_kernel.results.document import overall_status, rubric_sha256

lab = test_grade.lab  # the same small lab: a rubric that checks double()


def test_reference_passes_and_starter_fails(lab: Path, tmp_path: Path):
    out = tmp_path / "out"
    ok = cli(str(lab), str(lab / "reference.ipynb"), "-o", str(out), cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "reference.ipynb" in ok.stdout and "1 of 1 passed" in ok.stdout
    result = json.loads((out / "reference.json").read_text())
    assert_valid_result(result)
    assert overall_status(result) == "pass"
    assert result["generator"] == "browsergrad-kernel grade"
    assert result["notebook"] == "reference.ipynb"
    assert result["counts"] == {"pass": 2, "fail": 0, "error": 0, "unreadable": 0}
    assert result["problems"] == []
    assert [cell for cell, _ in events(result)] == ["rubric", "rubric"]
    assert statuses(result) == {"c0": "ok", "rubric": "ok"}
    # the lab by id@version and the hash of the rubric that graded it
    assert result["lab"] == {
        "id": "double",
        "version": "1.0.0",
        "rubric_sha256": rubric_sha256(RUBRIC),
    }
    assert result["runtime"] == {
        "browsergrad": browsergrad.__version__,
        "python": sys.version.split()[0],
        "implementation": sys.implementation.name,
    }
    assert result["limits"] == {"cell_s": 30.0, "total_s": 300.0}
    code, rubric = result["cells"]
    assert (code["cell_index"], code["kind"]) == (1, "code")
    assert (rubric["cell_index"], rubric["kind"]) == (None, "rubric")
    assert rubric["duration_ms"] >= 0 and result["duration_ms"] >= rubric["duration_ms"]

    bad = cli(str(lab), str(lab / "starter.ipynb"), "-o", str(out), cwd=tmp_path)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "[rubric] ✗ double(2) is 4: not equal (expected 4, got null)" in bad.stdout
    result = json.loads((out / "starter.json").read_text())
    assert overall_status(result) == "fail"
    assert result["counts"]["fail"] == 2


def test_junit_output_parses(lab: Path, tmp_path: Path):
    folder = tmp_path / "subs"
    folder.mkdir()
    write_notebook(
        folder / "mixed.ipynb",
        notebook("def double(x):\n    return 4 if x == 2 else 0", "1 / 0"),
    )
    out = tmp_path / "out"
    cli(str(lab), str(folder / "mixed.ipynb"), "-o", str(out), cwd=tmp_path)
    root = ET.parse(out / "mixed.junit.xml").getroot()
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "mixed.ipynb"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    properties = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert properties["browsergrad.lab.id"] == "double"
    assert properties["browsergrad.lab.version"] == "1.0.0"
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert len(cases["double(2) is 4"]) == 0  # passed
    failed = cases["double(-3) is -6"]
    assert failed.get("classname") == "mixed.rubric"
    assert failed.find("failure").get("message") == "not equal"
    assert failed.find("failure").text == "expected: -6\nactual: 0"
    error = cases["c1: exception"]
    assert error.get("classname") == "mixed.cell3"
    assert error.find("error").get("type") == "ZeroDivisionError"
    assert "1 / 0" in error.find("error").text

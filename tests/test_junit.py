"""The two JUnit writers, one per language, both functions of a results.v1 document: the
Python one (browsergrad_kernel/results/junit.py, what `grade` writes) and the Tests panel's
(labextension/src/results/junit.ts, run under Node). Fed the same documents, both give
XML that junit-10.xsd accepts, and the same XML, byte for byte."""

import importlib.util
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

import browsergrad as bg
from browsergrad_kernel.grading.runner import Lab, Limits, grade
from browsergrad_kernel.results.document import validator
from browsergrad_kernel.results.junit import junit_xml, seconds

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "labextension"
LAB = ROOT / "content" / "labs" / "text-stats"
ODD = "odd \x1b[31m \x00\x0b \ufffe \ud800 \udc00x 😀 <b>&amp;</b> \"q\" 'a' \t\n\r\n end \u2028"


def _exports():
    """ui-tests/tests/exports.py, which fetches the XSD from pytest's sdist (once)."""
    spec = importlib.util.spec_from_file_location("exports", ROOT / "ui-tests/tests/exports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(_exports().fetch_xsd()))


def made_events(make) -> list[dict]:
    """The events the browsergrad API makes for ``make()``."""
    bg.clear()
    make()
    events = bg.events()
    bg.clear()
    return events


def checks() -> None:
    bg.assert_pass("loads", duration_ms=62.5)
    bg.assert_pass("quick", duration_ms=0.49999999999999994)
    bg.assert_fail("rows", "wrong row count", expected=10, actual=9, duration_ms=1.5)
    bg.assert_fail(
        "numbers",
        "differ",
        expected={"b": 1, "10": 2, "2": [1.0, 0.1, 1e-7, 1e21, 1.5e16, -0.0, 2**60]},
        actual=[True, None, "é", {"": []}],
    )
    bg.assert_fail("sets", "differ", expected={1}, actual={2})
    bg.assert_fail("no values", None)
    bg.assert_error("parse", "no column", exc=KeyError("day"))
    bg.assert_error("bare", None)
    bg.log("note", {"rows": 3})
    bg.emit_json("table", [1, 2])


def odd() -> None:
    bg.assert_fail(ODD, ODD, expected=ODD, actual=None)
    bg.assert_error(ODD, ODD, exc=ValueError())
    bg.assert_pass(ODD)


def base(notebook: str = "labs/demo one/Demo.IPYNB", **more) -> dict:
    return {
        "schema": "urn:browsergrad:schema:results:v1",
        "generator": "browsergrad-kernel tests panel",
        "notebook": notebook,
        "created": "2026-11-22T10:00:00.123Z",
        "counts": {"pass": 0, "fail": 0, "error": 0, "unreadable": 0},
        "cells": [],
        **more,
    }


def cell(cell_id: str, index: int | None, events: list, unreadable=(), **more) -> dict:
    return {
        "cell_id": cell_id,
        "cell_index": index,
        "execution_count": None if index is None else index + 1,
        "events": events,
        "unreadable": list(unreadable),
        **more,
    }


def problem(cell_id, kind, message, exc_type=None, traceback=None) -> dict:
    return {
        "cell_id": cell_id,
        "kind": kind,
        "message": message,
        "exc_type": exc_type,
        "traceback": traceback,
    }


def documents() -> dict[str, dict]:
    """Documents of every shape: a pass, failures with expected/actual, errors, unreadable
    results, problems, characters XML cannot hold, and real `grade` output."""
    passing = made_events(lambda: bg.assert_pass("only"))
    mixed = made_events(checks)
    strange = made_events(odd)
    docs = {
        "empty": base(notebook=""),
        "pass": base(cells=[cell("a1", 0, passing)]),
        "checks": base(
            cells=[cell("a1", 2, mixed), cell("b2", 4, passing, kind="rubric")],
            lab={"id": "demo", "version": "1.0.0", "rubric_sha256": "0" * 64},
            runtime={"browsergrad": "0.1.0", "python": "3.14.0", "implementation": "pyodide"},
        ),
        "unreadable": base(
            cells=[
                cell(
                    "c3",
                    1,
                    passing,
                    [
                        {"output_index": 0, "event_index": 1, "reason": "status is missing"},
                        {"output_index": 2, "event_index": None, "reason": "schema 2", "name": ""},
                        {"output_index": 3, "event_index": 0, "reason": ODD, "name": ODD},
                    ],
                )
            ]
        ),
        "problems": base(
            notebook="sub.ipynb",
            duration_ms=1234.5,
            limits={"cell_s": 2.5, "total_s": 300.0},
            cells=[
                cell("c0", 1, [], run_status="timeout", duration_ms=2000.25),
                cell("rubric", None, passing, kind="rubric", run_status="ok"),
                cell("cell-7", None, []),
            ],
            problems=[
                problem("c0", "timeout", "the cell ran past 2.5 s", "KeyboardInterrupt", ODD),
                problem("rubric", "no-assertions", "the rubric made no assertions", ""),
                problem(None, "total-timeout", ODD),
                problem("gone", "crashed", "the grading process ended", None, ""),
            ],
        ),
        "odd": base(notebook=ODD, cells=[cell(ODD, 0, strange)]),
    }
    for doc in docs.values():
        doc["counts"] = {
            status: sum(e.get("status") == status for c in doc["cells"] for e in c["events"])
            for status in ("pass", "fail", "error")
        } | {"unreadable": sum(len(c["unreadable"]) for c in doc["cells"])}
    return docs


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Real documents from `grade`: the demo lab's starter, and a notebook that raises."""
    folder = tmp_path_factory.mktemp("graded")
    raising = json.loads((LAB / "starter.ipynb").read_text(encoding="utf-8"))
    raising["cells"][2]["source"] = "raise ValueError('no words <here> & \\x1b')"
    (folder / "raising.ipynb").write_text(json.dumps(raising), encoding="utf-8")
    (folder / "broken.ipynb").write_text("not a notebook", encoding="utf-8")
    lab, limits = Lab.load(LAB), Limits(cell=10, total=60)
    return {
        path: grade(lab, path_of, limits)
        for path, path_of in {
            "starter": LAB / "starter.ipynb",
            "raising": folder / "raising.ipynb",
            "broken": folder / "broken.ipynb",
        }.items()
    }


def typescript_junit(docs: list[dict]) -> list[str]:
    """The panel's writer, bundled from its TypeScript source, run under Node."""
    if not (EXT / "node_modules" / "esbuild").is_dir():
        pytest.fail("esbuild is missing: run `jlpm install` in labextension/")
    proc = subprocess.run(
        ["node", "test/junitXml.mjs"],
        cwd=EXT,
        input=json.dumps(docs),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(proc.stdout)


def test_both_writers_give_the_same_valid_xml(graded, xsd):
    docs = {**documents(), **{f"graded {k}": v for k, v in graded.items()}}
    # Both read the documents from the same JSON text.
    text = json.dumps(list(docs.values()))
    read = json.loads(text)
    for name, doc in zip(docs, read, strict=True):
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(doc)]
        assert not errors, (name, errors)
    python = [junit_xml(doc) for doc in read]
    typescript = typescript_junit(read)
    for name, ours, theirs in zip(docs, python, typescript, strict=True):
        for who, xml in (("python", ours), ("typescript", theirs)):
            errors = [str(e) for e in xsd.iter_errors(ET.fromstring(xml.encode()))]
            assert not errors, (name, who, errors)
        assert ours.encode("utf-8") == theirs.encode("utf-8"), name


def test_what_the_xml_says(graded):
    """One document read back: counts, cases in order, outcomes, escapes, properties."""
    docs = documents()
    root = ET.fromstring(junit_xml(docs["problems"]).encode())
    suite = root.find("testsuite")
    assert root.attrib == {
        "name": "sub.ipynb",
        "tests": "5",
        "failures": "0",
        "errors": "4",
        "time": "1.235",
    }
    assert suite.get("timestamp") == "2026-11-22T10:00:00.123Z"
    properties = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert properties["browsergrad.limits.cell_s"] == "2.5"
    assert properties["browsergrad.limits.total_s"] == "300"
    cases = [(c.get("name"), c.get("classname")) for c in suite.iter("testcase")]
    # each cell's checks then its problems; problems of no listed cell last
    assert cases == [
        ("c0: timeout", "sub.cell2"),
        ("only", "sub.rubric"),
        ("rubric: no-assertions", "sub.rubric"),
        ("notebook: total-timeout", "sub"),
        ("gone: crashed", "sub"),
    ]
    timeout = suite.find("testcase/error")
    assert timeout.get("type") == "KeyboardInterrupt"
    assert "\\x1b[31m" in timeout.text and "\\x00\\x0b" in timeout.text
    assert "\\ufffe \\ud800 \\udc00x 😀" in timeout.text
    assert suite.findall("testcase/error")[1].get("type") == ""

    checks = ET.fromstring(junit_xml(docs["checks"]).encode()).find("testsuite")
    by_name = {c.get("name"): c for c in checks.iter("testcase")}
    assert by_name["loads"].get("time") == "0.063"  # half up, as Math.round
    assert by_name["quick"].get("time") == "0.000"
    numbers = by_name["numbers"].find("failure")
    assert numbers.text == (
        'expected: {"2":[1,0.1,1e-7,1e+21,15000000000000000,0,1152921504606847000],'
        '"10":2,"b":1}\nactual: [true,null,"é",{"":[]}]'
    )
    assert by_name["sets"].find("failure").text == "expected: {1}\nactual: {2}"
    assert by_name["no values"].find("failure").text is None
    parse = by_name["parse"].find("error")
    assert (parse.get("type"), parse.get("message"), parse.text) == (
        "KeyError",
        "no column",
        "KeyError: no column",
    )
    assert by_name["bare"].find("error").get("type") == "Error"
    assert by_name["only"].get("classname") == "Demo.rubric"
    assert by_name["rows"].get("classname") == "Demo.cell3"
    assert len(checks.findall("testcase")) == 9  # the log and JSON events are not cases

    starter = ET.fromstring(junit_xml(graded["starter"]).encode()).find("testsuite")
    props = {p.get("name"): p.get("value") for p in starter.find("properties")}
    assert props["browsergrad.lab.id"] == "text-stats"
    assert props["browsergrad.runtime.implementation"] == "cpython"
    assert (starter.get("tests"), starter.get("failures")) == ("8", "6")  # with hidden checks
    assert (props["browsergrad.score.points"], props["browsergrad.score.max"]) == ("2", "10")


SECONDS = [(None, "0.000"), (-3, "0.000"), (True, "0.000"), (0.4999, "0.000"), (0.5, "0.001")]
SECONDS += [(62.5, "0.063"), (999.5, "1.000"), (1234567.4, "1234.567")]


@pytest.mark.parametrize(("ms", "text"), SECONDS)
def test_seconds(ms, text):
    assert seconds(ms) == text

"""The results.v1 JSON Schema, the one results document (the Tests panel's JSON export, and
what headless grading writes): valid, strict, in step with docs/panel.md and docs/labs.md,
built on the event schema; a panel export without the fields added later stays valid."""

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
from bgtest import EVENT_SCHEMA, EVENTS_SCHEMA, SCHEMA_DIR
from referencing import Registry, Resource

import browsergrad as bg

ROOT = Path(__file__).resolve().parent.parent
RESULTS_SCHEMA = json.loads((SCHEMA_DIR / "results.v1.schema.json").read_text(encoding="utf-8"))
REGISTRY = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema))
    for schema in (EVENT_SCHEMA, EVENTS_SCHEMA, RESULTS_SCHEMA)
)
RESULTS = jsonschema.Draft202012Validator(RESULTS_SCHEMA, registry=REGISTRY)


def real_events() -> list[dict]:
    """Events made by the browsergrad API itself."""
    bg.clear()
    bg.assert_pass("loads")
    bg.assert_fail("rows", "wrong row count", expected=10, actual=9)
    bg.assert_fail("set", "differ", expected={1}, actual={2})
    bg.assert_error("parse", "no column", exc=KeyError("day"))
    bg.log("note", {"rows": 3})
    events = bg.events()
    bg.clear()
    return events


def document() -> dict:
    events = real_events()
    return {
        "schema": "urn:browsergrad:schema:results:v1",
        "generator": "browsergrad-kernel tests panel",
        "notebook": "labs/demo.ipynb",
        "created": "2026-11-22T10:00:00.123Z",
        "counts": {"pass": 1, "fail": 2, "error": 1, "unreadable": 1},
        "cells": [
            {
                "cell_id": "a1b2",
                "cell_index": 2,
                "execution_count": 3,
                "events": events,
                "unreadable": [{"output_index": 1, "event_index": None, "reason": "schema 2"}],
            },
            {
                "cell_id": "c3d4",
                "cell_index": 4,
                "execution_count": None,
                "events": [],
                "unreadable": [],
            },
        ],
    }


def test_the_schema_is_valid_and_refers_to_the_event_schema():
    jsonschema.Draft202012Validator.check_schema(RESULTS_SCHEMA)
    cell = RESULTS_SCHEMA["$defs"]["cell"]
    assert cell["properties"]["events"]["items"] == {"$ref": EVENT_SCHEMA["$id"]}


def full_document() -> dict:
    """Every optional field too, as `browsergrad-kernel grade` writes them."""
    doc = document()
    doc["generator"] = "browsergrad-kernel grade"
    doc["lab"] = {"id": "demo", "version": "1.0.0", "rubric_sha256": "ab" * 32}
    doc["runtime"] = {"browsergrad": "0.1.0", "python": "3.13.0", "implementation": "cpython"}
    doc["limits"] = {"cell_s": 30.0, "total_s": 300}
    doc["duration_ms"] = 812.5
    for cell in doc["cells"]:
        cell.update(kind="code", run_status="ok", duration_ms=1.25)
        for entry in cell["unreadable"]:
            entry["name"] = "loads"
    doc["cells"].append(
        {
            "cell_id": "rubric",
            "cell_index": None,
            "execution_count": None,
            "kind": "rubric",
            "run_status": "not-run",
            "duration_ms": None,
            "events": [],
            "unreadable": [],
        }
    )
    doc["problems"] = [
        {
            "cell_id": "c3d4",
            "kind": "exception",
            "message": "ZeroDivisionError: division by zero",
            "exc_type": "ZeroDivisionError",
            "traceback": "Traceback (most recent call last): ...",
        },
        {
            "cell_id": None,
            "kind": "total-timeout",
            "message": "past 300 s",
            "exc_type": None,
            "traceback": None,
        },
    ]
    doc["output"] = "printed\n"
    return doc


def test_a_document_of_real_events_validates():
    RESULTS.validate(document())
    RESULTS.validate(full_document())


def changed(path: list, value) -> dict:
    doc = copy.deepcopy(full_document())
    *parents, last = path
    node = doc
    for key in parents:
        node = node[key]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return doc


BAD = {
    "other schema": changed(["schema"], "urn:browsergrad:schema:results:v2"),
    "no generator": changed(["generator"], ...),
    "no cells": changed(["cells"], ...),
    "extra field": changed(["grade"], 10),
    "created without milliseconds": changed(["created"], "2026-11-22T10:00:00Z"),
    "counts without unreadable": changed(["counts", "unreadable"], ...),
    "negative count": changed(["counts", "pass"], -1),
    "cell without id": changed(["cells", 0, "cell_id"], ...),
    "empty cell id": changed(["cells", 0, "cell_id"], ""),
    "cell index as text": changed(["cells", 0, "cell_index"], "2"),
    "a bad event": changed(["cells", 0, "events", 0, "status"], "skipped"),
    "an event of an unknown type": changed(["cells", 0, "events", 0, "type"], "metric"),
    "unreadable without reason": changed(["cells", 0, "unreadable", 0, "reason"], ...),
    "negative output index": changed(["cells", 0, "unreadable", 0, "output_index"], -1),
    "extra cell field": changed(["cells", 1, "stale"], True),
    "lab without version": changed(["lab", "version"], ...),
    "rubric hash not hex": changed(["lab", "rubric_sha256"], "AB" * 32),
    "rubric hash too short": changed(["lab", "rubric_sha256"], "ab"),
    "extra lab field": changed(["lab", "points"], 3),
    "runtime without implementation": changed(["runtime", "implementation"], ...),
    "zero time limit": changed(["limits", "cell_s"], 0),
    "negative duration": changed(["duration_ms"], -1),
    "unknown cell kind": changed(["cells", 0, "kind"], "markdown"),
    "unknown run status": changed(["cells", 0, "run_status"], "skipped"),
    "cell index as null string": changed(["cells", 0, "cell_index"], "null"),
    "negative cell duration": changed(["cells", 0, "duration_ms"], -0.5),
    "unreadable name not text": changed(["cells", 0, "unreadable", 0, "name"], 1),
    "unknown problem kind": changed(["problems", 0, "kind"], "oops"),
    "problem without traceback": changed(["problems", 0, "traceback"], ...),
    "problem of an empty cell id": changed(["problems", 0, "cell_id"], ""),
    "output not text": changed(["output"], ["printed"]),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_documents_are_rejected(case):
    assert not RESULTS.is_valid(BAD[case])


def test_docs_panel_md_lists_the_fields():
    doc = (ROOT / "docs" / "panel.md").read_text(encoding="utf-8")
    section = doc.split("### JSON (`results.v1`)", 1)[1].split("\n### ", 1)[0]
    first_column = re.findall(r"^\| ([^|]+) \|", section, re.MULTILINE)
    documented = {name for cell in first_column for name in re.findall(r"`([\w.\[\]]+)`", cell)}
    defs = RESULTS_SCHEMA["$defs"]
    shipped = set(RESULTS_SCHEMA["properties"])
    parts = {
        "cell": "cells[]",
        "unreadable": "cells[].unreadable[]",
        "problem": "problems[]",
        "lab": "lab",
        "runtime": "runtime",
        "limits": "limits",
        "score": "score",
        "question": "score.questions[]",
    }
    for part, path in parts.items():
        shipped |= {f"{path}.{name}" for name in defs[part]["properties"]}
    assert documented == shipped
    assert set(RESULTS_SCHEMA["properties"]["counts"]["required"]) == {
        "pass",
        "fail",
        "error",
        "unreadable",
    }


def test_the_example_in_docs_panel_md_validates():
    doc = (ROOT / "docs" / "panel.md").read_text(encoding="utf-8")
    section = doc.split("### JSON (`results.v1`)", 1)[1]
    example = section.split("```json", 1)[1].split("```", 1)[0]
    RESULTS.validate(json.loads(example))

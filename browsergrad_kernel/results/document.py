"""The one results document, ``results.v1`` (``browsergrad/schema/results.v1.schema.json``,
docs/panel.md and docs/labs.md): what ``browsergrad-kernel grade`` writes, and the Tests
panel exports, for one notebook."""

from __future__ import annotations

import datetime
import hashlib
import json
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource

import browsergrad

from .score import score

RESULTS_SCHEMA = "urn:browsergrad:schema:results:v1"
EVENT_SCHEMA = "urn:browsergrad:schema:event:v1"
#: who wrote a document (the panel writes "browsergrad-kernel tests panel")
GENERATOR = "browsergrad-kernel grade"
SCHEMA_DIR = Path(browsergrad.__file__).with_name("schema")


@cache
def validator(schema_id: str = RESULTS_SCHEMA) -> jsonschema.Draft202012Validator:
    """A validator of one of browsergrad's schemas, the others resolvable from it."""
    files = sorted(SCHEMA_DIR.glob("*.schema.json"))
    schemas = [json.loads(path.read_text(encoding="utf-8")) for path in files]
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas
    )
    (schema,) = (s for s in schemas if s["$id"] == schema_id)
    return jsonschema.Draft202012Validator(schema, registry=registry)


def created_now() -> str:
    """The time now as the schema writes it: UTC, milliseconds, ``Z``."""
    now = datetime.datetime.now(datetime.UTC)
    return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def rubric_sha256(source: str) -> str:
    """The hash a document gives a lab's rubric: sha256 of its code, UTF-8, ``\\n`` newlines
    (the browser hashes what "Check my work" runs the same way)."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cell_entry(
    cell_id: str, cell_index: int | None, kind: str, hidden: bool = False
) -> dict[str, Any]:
    """A cell not run yet: no events, ``run_status`` ``not-run``; ``hidden`` marks the
    lab's hidden rubric."""
    entry = {
        "cell_id": cell_id,
        "cell_index": cell_index,
        # nothing numbers executions headless, as a kernel does
        "execution_count": None,
        "kind": kind,
        "run_status": "not-run",
        "duration_ms": None,
        "events": [],
        "unreadable": [],
        # what the grader skipped or changed in the cell (IPython syntax it does not run)
        "notes": [],
    }
    if hidden:
        entry["hidden"] = True
    return entry


def problem(
    cell_id: str | None,
    kind: str,
    message: str,
    exc_type: str | None = None,
    traceback: str | None = None,
) -> dict[str, Any]:
    return {
        "cell_id": cell_id,
        "kind": kind,
        "message": message,
        "exc_type": exc_type,
        "traceback": traceback,
    }


def assertions(doc: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each assertion event of a document, with its cell, in order."""
    for cell in doc["cells"]:
        for event in cell["events"]:
            if event["type"] == "assertion":
                yield cell, event


def counts(cells: list[dict[str, Any]]) -> dict[str, int]:
    totals = {"pass": 0, "fail": 0, "error": 0, "unreadable": 0}
    for cell in cells:
        for event in cell["events"]:
            if event["type"] == "assertion":
                totals[event["status"]] += 1
        totals["unreadable"] += len(cell["unreadable"])
    return totals


def overall_status(doc: dict[str, Any]) -> str:
    """``pass`` (no failure, error, unreadable result or problem), ``fail`` (a failed
    check) or ``error``."""
    c = doc["counts"]
    if doc.get("problems") or c["error"] or c["unreadable"]:
        return "error"
    return "fail" if c["fail"] else "pass"


def document(
    *,
    notebook: str,
    lab: dict[str, str],
    limits: dict[str, float],
    duration_ms: float,
    cells: list[dict[str, Any]],
    problems: list[dict[str, Any]],
    output: str,
) -> dict[str, Any]:
    """A graded notebook's document; the runtime is this interpreter, which the grading
    process runs on."""
    doc = {
        "schema": RESULTS_SCHEMA,
        "generator": GENERATOR,
        "notebook": notebook,
        "created": created_now(),
        "lab": lab,
        "runtime": {
            "browsergrad": browsergrad.__version__,
            "python": sys.version.split()[0],
            "implementation": sys.implementation.name,
        },
        "limits": limits,
        "duration_ms": duration_ms,
        "counts": counts(cells),
        "cells": cells,
        "problems": problems,
        "output": output,
    }
    doc["score"] = score(doc)
    return doc

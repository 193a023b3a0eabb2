"""The shipped JSON Schemas: valid, in step with docs/events.md, strict, and packaged."""

import copy
import importlib.util
import re
import zipfile
from pathlib import Path

import jsonschema
import pytest
from bgtest import EVENT, EVENT_SCHEMA, EVENTS, EVENTS_SCHEMA, FIELDS, SCHEMA_DIR

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILES = [
    "browsergrad/schema/event.v1.schema.json",
    "browsergrad/schema/events.v1.schema.json",
    "browsergrad/schema/results.v1.schema.json",
]

PASS = {
    "type": "assertion",
    "name": "sum_of_0_to_9",
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
LOG = {
    "type": "log",
    "name": "note",
    "timestamp": "2026-11-21T10:00:00.123Z",
    "seq": 1,
    "level": "info",
    "data": {"any": ["json", 1, None]},
    "size": 24,
    "truncated": False,
}
IMAGE = {
    "type": "image",
    "name": "plot",
    "timestamp": "2026-11-21T10:00:00.123Z",
    "seq": 2,
    "mime": "image/png",
    "size": 12_300,
    "truncated": False,
}


def test_schemas_are_valid_json_schema():
    for schema in (EVENT_SCHEMA, EVENTS_SCHEMA):
        jsonschema.Draft202012Validator.check_schema(schema)
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == [
        "event.v1.schema.json",
        "events.v1.schema.json",
        "results.v1.schema.json",  # tests/test_results_schema.py
    ]


def test_the_schema_has_the_fields_of_docs_events_md():
    doc = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    table = doc.split("## Event", 1)[1].split("##", 1)[0]
    documented = set()
    for row in re.findall(r"^\| (`[^|]+) \|", table, re.MULTILINE):
        documented |= set(re.findall(r"`(\w+)`", row))
    shipped = {field for fields in FIELDS.values() for field in fields}
    assert documented == shipped
    for kind, fields in FIELDS.items():
        definition = EVENT_SCHEMA["$defs"][kind]
        assert list(definition["properties"]) == fields
        assert sorted(definition["required"]) == sorted(fields)


def test_good_examples_validate():
    for event in (PASS, LOG, IMAGE):
        EVENT.validate(event)
    EVENTS.validate({"events": [PASS, LOG]})
    EVENTS.validate({"events": []})


def changed(event: dict, **fields) -> dict:
    event = copy.deepcopy(event)
    for key, value in fields.items():
        if value is ...:
            del event[key]
        else:
            event[key] = value
    return event


BAD = {
    "unknown type": changed(PASS, type="metric"),
    "missing name": changed(PASS, name=...),
    "name not str": changed(PASS, name=3),
    "negative seq": changed(PASS, seq=-1),
    "bad timestamp": changed(PASS, timestamp="2026-11-21 10:00:00"),
    "no milliseconds": changed(PASS, timestamp="2026-11-21T10:00:00Z"),
    "bad status": changed(PASS, status="skipped"),
    "extra field": changed(PASS, score=1),
    "exc_type on a pass": changed(PASS, exc_type="ValueError"),
    "repr and value": changed(PASS, expected=1, expected_repr="1"),
    "negative duration": changed(PASS, duration_ms=-0.5),
    "log without level": changed(LOG, level=...),
    "bad level": changed(LOG, level="fatal"),
    "truncated with data": changed(LOG, truncated=True),
    "image with data": changed(IMAGE, data="iVBOR"),
    "bad mime": changed(IMAGE, mime="image/bmp"),
    "image size missing": changed(IMAGE, size=...),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_examples_are_rejected(case):
    assert not EVENT.is_valid(BAD[case])
    assert not EVENTS.is_valid({"events": [PASS, BAD[case]]})


def test_the_events_payload_is_strict():
    assert not EVENTS.is_valid({"events": [PASS], "extra": 1})
    assert not EVENTS.is_valid([PASS])


def test_the_browsergrad_wheel_ships_the_schemas(tmp_path):
    spec = importlib.util.spec_from_file_location("bg_assemble", ROOT / "runtime" / "assemble.py")
    assemble = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(assemble)
    wheel = assemble.build_browsergrad_wheel(assemble.Sources(ROOT), tmp_path)
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for name in SCHEMA_FILES:
            assert zf.read(name) == (ROOT / name).read_bytes()
    assert "browsergrad/_display.py" in names


def test_the_main_wheel_includes_the_schemas():
    from hatchling.builders.wheel import WheelBuilder

    files = {f.distribution_path for f in WheelBuilder(str(ROOT)).recurse_included_files()}
    assert set(SCHEMA_FILES) <= files

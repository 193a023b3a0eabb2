"""The shipped JSON Schemas: valid, in step with docs/events.md, strict, packaged, and
what the browsergrad API writes."""

import copy
import importlib.util
import re
import zipfile
from pathlib import Path

import jsonschema
import pytest
from bgtest import (
    EVENT,
    EVENT_SCHEMA,
    EVENTS,
    EVENTS_SCHEMA,
    FIELDS,
    IMAGES,
    OPTIONAL,
    SCHEMA_DIR,
    assert_valid,
    b64,
    validated_events,
)

import browsergrad as bg
from browsergrad import _images, _schema

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
    shipped = {field for fields in [*FIELDS.values(), *OPTIONAL.values()] for field in fields}
    assert documented == shipped
    for kind, fields in FIELDS.items():
        definition = EVENT_SCHEMA["$defs"][kind]
        assert list(definition["properties"]) == fields + OPTIONAL.get(kind, [])
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


# --- The Python writer against the schema: every call of the API, with edge values,
# makes events the schema accepts (and the edge really happened: `shape`).


class NoRepr:
    def __repr__(self):
        raise RuntimeError("no repr")


class Huge:
    def __repr__(self):
        return "h" * 50_000


class NotComparable:
    def __eq__(self, other):
        raise TypeError("cannot compare")


def _check_block(body):
    def run():
        with bg.check("block"):
            body()

    return run


def _raise(exc):
    raise exc


WRITES = {
    "assert_pass": (lambda: bg.assert_pass("p"), {"status": "pass", "duration_ms": None}),
    "assert_pass timed": (lambda: bg.assert_pass("p", duration_ms=0), {"duration_ms": 0.0}),
    "assert_fail no message": (lambda: bg.assert_fail("f", None), {"message": None}),
    "assert_fail JSON values": (
        lambda: bg.assert_fail("f", "m", expected={"a": [1, 2.5, None]}, actual=[True, "é"]),
        {"expected": {"a": [1, 2.5, None]}, "actual_repr": None},
    ),
    "assert_fail None values": (
        lambda: bg.assert_fail("f", "m", expected=None, actual=None),
        {"expected": None, "expected_repr": None},
    ),
    "assert_fail reprs": (
        lambda: bg.assert_fail("f", "m", expected={1, 2}, actual=(1, "t")),
        {"expected": None, "expected_repr": "{1, 2}", "actual_repr": "(1, 't')"},
    ),
    "assert_fail not-JSON floats": (
        lambda: bg.assert_fail("f", "m", expected=float("nan"), actual=[float("inf")]),
        {"expected_repr": "nan", "actual_repr": "[inf]"},
    ),
    "assert_fail huge values": (
        lambda: bg.assert_fail("f", "m", expected="x" * 2_000_000, actual=Huge()),
        {"expected": None, "actual": None},
    ),
    "assert_fail repr that raises": (
        lambda: bg.assert_fail("f", "m", expected=NoRepr()),
        {"expected": None},
    ),
    "assert_error bare": (lambda: bg.assert_error("e", None), {"exc_type": None}),
    "assert_error exc": (
        lambda: bg.assert_error("e", "boom", exc=ZeroDivisionError(), duration_ms=2.5),
        {"status": "error", "exc_type": "ZeroDivisionError"},
    ),
    "check passes": (_check_block(lambda: None), {"status": "pass"}),
    "check assert fails": (
        _check_block(lambda: _raise(AssertionError())),
        {"status": "fail", "expected": None},
    ),
    "check assert_equal fails": (
        _check_block(lambda: bg.assert_equal([1, 2], [1, 3], "lists")),
        {"status": "fail", "expected": [1, 3], "actual": [1, 2], "message": "lists"},
    ),
    "check errors": (
        _check_block(lambda: _raise(KeyError("k"))),
        {"status": "error", "exc_type": "KeyError"},
    ),
    "check_equal pass": (lambda: bg.check_equal("c", 1, 1.0), {"status": "pass"}),
    "check_equal fail": (lambda: bg.check_equal("c", "a", "b"), {"status": "fail"}),
    "check_equal error": (
        lambda: bg.check_equal("c", NotComparable(), 1),
        {"status": "error", "exc_type": "TypeError"},
    ),
    "log None": (lambda: bg.log("l", None), {"data": None, "truncated": False, "size": 4}),
    "log nested": (
        lambda: bg.log("l", {"k": [1, {"deep": None}]}, level="debug"),
        {"level": "debug", "truncated": False},
    ),
    "log huge": (lambda: bg.log("l", "x" * 2_000_000), {"data": None, "truncated": True}),
    "emit_json empty": (lambda: bg.emit_json("j", {}), {"data": {}, "size": 2}),
    "emit_json tuple": (lambda: bg.emit_json("j", (1, "two")), {"data": [1, "two"]}),
    "emit_json huge": (
        lambda: bg.emit_json("j", list(range(500_000))),
        {"data": None, "truncated": True},
    ),
    "odd names": (lambda: bg.assert_pass("\x1b[31m✓\n\u202e"), {"name": "\x1b[31m✓\n\u202e"}),
}
WRITES |= {
    f"log {level}": ((lambda level=level: bg.log("l", "t", level=level)), {"level": level})
    for level in _schema.LEVELS
}
WRITES |= {
    f"emit_image {mime}": (
        (lambda mime=mime: bg.emit_image("i", mime, b64(IMAGES[mime]))),
        {"mime": mime, "size": len(IMAGES[mime]), "truncated": False},
    )
    for mime in _schema.IMAGE_TYPES
}
WRITES["emit_image truncated"] = (
    lambda: (
        bg.configure(max_artifact_bytes=10),
        bg.emit_image("i", "image/gif", b64(IMAGES["image/gif"])),
    ),
    {"truncated": True},
)


@pytest.fixture
def _clean():
    yield from validated_events()


@pytest.mark.parametrize("case", WRITES, ids=list(WRITES))
def test_every_event_the_api_writes_is_valid(case, _clean):
    write, shape = WRITES[case]
    write()
    events = bg.events()
    assert events, "nothing was recorded"
    for event in events:
        assert_valid(event)  # the schema, the documented fields in order, plain JSON
    EVENTS.validate({"events": events})
    assert {key: events[-1][key] for key in shape} == shape


def test_the_package_reads_its_own_schema():
    assert _schema.EVENT_SCHEMA == EVENT_SCHEMA
    assert Path(_schema.SCHEMA_DIR) == SCHEMA_DIR
    assert _schema.IMAGE_TYPES == tuple(
        EVENT_SCHEMA["$defs"]["image"]["properties"]["mime"]["enum"]
    )
    assert _schema.LEVELS == tuple(EVENT_SCHEMA["$defs"]["log"]["properties"]["level"]["enum"])


def test_every_image_type_of_the_schema_has_its_check():
    # a type added to the schema's list must get its first bytes in _images.MAGIC (SVG is text)
    assert set(_images.MAGIC) | {_images.SVG} == set(_schema.IMAGE_TYPES)

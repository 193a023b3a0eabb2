"""Helpers for the tests of the browsergrad API: the shipped JSON Schemas, sample
images, and a check that every event a test made is valid."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
from referencing import Registry, Resource

import browsergrad as bg
from browsergrad import _config

SCHEMA_DIR = Path(bg.__file__).with_name("schema")
EVENT_SCHEMA = json.loads((SCHEMA_DIR / "event.v1.schema.json").read_text(encoding="utf-8"))
EVENTS_SCHEMA = json.loads((SCHEMA_DIR / "events.v1.schema.json").read_text(encoding="utf-8"))
_REGISTRY = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in (EVENT_SCHEMA, EVENTS_SCHEMA)
)
EVENT = jsonschema.Draft202012Validator(EVENT_SCHEMA, registry=_REGISTRY)
EVENTS = jsonschema.Draft202012Validator(EVENTS_SCHEMA, registry=_REGISTRY)

#: the fields of each event type, in the order events carry them
COMMON = ["type", "name", "timestamp", "seq"]
FIELDS = {
    "assertion": [
        *COMMON,
        "status",
        "message",
        "expected",
        "actual",
        "expected_repr",
        "actual_repr",
        "exc_type",
        "duration_ms",
    ],
    "log": [*COMMON, "level", "data", "size", "truncated"],
    "json": [*COMMON, "data", "size", "truncated"],
    "image": [*COMMON, "mime", "size", "truncated"],
}
#: fields an event carries only when set (scoring: docs/grading.md), after the others
OPTIONAL = {"assertion": ["points", "question", "all_or_nothing"]}

#: the first bytes of a file of each image type, and a few more
IMAGES = {
    "image/png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(20),
    "image/jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(20),
    "image/gif": b"GIF89a\x01\x00\x01\x00" + bytes(20),
    "image/webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(20),
    "image/svg+xml": b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
}


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def assert_valid(event: dict) -> None:
    """Valid against the shipped schema, with exactly the documented fields, in order,
    and JSON as it is."""
    EVENT.validate(event)
    fields = FIELDS[event["type"]]
    optional = OPTIONAL.get(event["type"], [])
    assert list(event) == fields + [name for name in optional if name in event]
    assert json.loads(json.dumps(event, allow_nan=False)) == event


def validated_events() -> Iterator[None]:
    """Body of an autouse fixture: start from an empty collector and default settings;
    afterwards, every collected event is valid and ``seq`` only grows."""
    bg.clear()
    saved = dict(_config.settings)
    yield
    _config.settings.update(saved)
    events = bg.events()
    for event in events:
        assert_valid(event)
    seqs = [event["seq"] for event in events]
    assert seqs == sorted(set(seqs))
    bg.clear()


def last() -> dict:
    """The newest collected event."""
    return bg.events()[-1]

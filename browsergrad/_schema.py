"""The event schema this package ships (``schema/event.v1.schema.json``), read once:
the one source of the values an event field may take. The Tests panel validates
with the same file."""

from __future__ import annotations

import json
import os

#: where the schema files are, inside the installed package
SCHEMA_DIR = os.path.join(os.path.dirname(__file__), "schema")

with open(os.path.join(SCHEMA_DIR, "event.v1.schema.json"), encoding="utf-8") as _file:
    EVENT_SCHEMA: dict = json.load(_file)


def allowed(kind: str, field: str) -> tuple[str, ...]:
    """The values the schema allows for ``field`` of a ``kind`` event (its enum)."""
    return tuple(EVENT_SCHEMA["$defs"][kind]["properties"][field]["enum"])


#: a log's levels
LEVELS = allowed("log", "level")
#: the image types an image event may carry
IMAGE_TYPES = allowed("image", "mime")

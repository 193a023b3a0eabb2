"""The ``text/plain`` of browsergrad outputs: one short line per event.

Public for hosts: the grader's report writes events and messages with it, so a
terminal shows them as the notebook does.

Strings are shown as given except that control characters (which a terminal or
Jupyter would act on: newlines, ANSI escapes) and bidirectional overrides are
written as escapes, so one event is one line and cannot restyle the output.
"""

from __future__ import annotations

import json

#: at most this many event lines in one output; then "… and N more"
MAX_LINES = 200
#: longest name, message or value shown in a line (in characters)
MAX_FIELD = 200

_COMPARED = ("expected", "actual", "expected_repr", "actual_repr")
_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_ESCAPES = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_TABLE = {
    code: _ESCAPES.get(code, f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    for code in (*range(0x20), 0x7F, *range(0x80, 0xA0), *_BIDI)
}


def clean(text: str, limit: int = MAX_FIELD) -> str:
    """``text`` as one line of plain text, at most about ``limit`` characters."""
    if len(text) > limit:
        text = text[: limit - 1].translate(_TABLE)[: limit - 1] + "…"
        return text
    return text.translate(_TABLE)


def size(n: int) -> str:
    """``512 B``, ``12.3 kB``, ``1.2 MB`` (powers of 1000)."""
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"


def _value(event: dict, key: str) -> str:
    shown = event[f"{key}_repr"]
    if shown is None:
        shown = json.dumps(event[key], ensure_ascii=False)
    return clean(shown)


def _data(event: dict) -> str:
    if event["truncated"]:
        return f"[truncated: {size(event['size'])}]"
    data = event["data"]
    return clean(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False))


def line(event: dict) -> str:
    """The line of one event (see docs/events.md)."""
    kind, name = event["type"], clean(event["name"])
    if kind == "assertion":
        status = event["status"]
        if status == "pass":
            return f"✓ {name}"
        text = name
        if status == "error" and event["exc_type"]:
            text += f": {clean(event['exc_type'])}"
        if event["message"] is not None:
            text += f": {clean(event['message'])}"
        if status == "error":
            return f"! {text}"
        if any(event[key] is not None for key in _COMPARED):
            text += f" (expected {_value(event, 'expected')}, got {_value(event, 'actual')})"
        return f"✗ {text}"
    if kind == "log":
        return f"[{event['level']}] {name}: {_data(event)}"
    if kind == "json":
        marker = f" [truncated: {size(event['size'])}]" if event["truncated"] else ""
        return f"{{json}} {name}{marker}"
    return image(event)


def image(event: dict) -> str:
    """``[image plot: image/png, 12.3 kB]`` (``, truncated`` when the data was left out)."""
    marker = ", truncated" if event["truncated"] else ""
    return f"[image {clean(event['name'])}: {event['mime']}, {size(event['size'])}{marker}]"


def lines(shown: list[str], total: int) -> str:
    """The text of a cell's output: its first event lines, then how many are not shown."""
    text = "\n".join(shown)
    if total > len(shown):
        text += f"\n… and {total - len(shown)} more"
    return text

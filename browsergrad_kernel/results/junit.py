"""The JUnit XML of a ``results.v1`` document (layout of ``junit-10.xsd``).

The same bytes as the Tests panel's JUnit export (``labextension/src/results/junit.ts``)
for the same document; ``tests/test_junit.py`` feeds both the same documents and compares.
So every text here is made as JavaScript makes it: JSON as ``JSON.stringify`` writes it,
times rounded as ``Math.round`` rounds, durations summed in order; and the XML is written
by a serializer of its own that escapes and indents as the TypeScript one does.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

#: the ``type`` of the error element of an unreadable result
UNREADABLE_TYPE = "browsergrad.UnreadableResult"
#: the name of an unreadable result whose own name could not be read (as the panel says)
UNREADABLE_NAME = "unreadable result"
#: the document's fields that become suite properties, ``browsergrad.<path>``
PROPERTIES = (
    ("schema",),
    ("generator",),
    ("lab", "id"),
    ("lab", "version"),
    ("lab", "rubric_sha256"),
    ("runtime", "browsergrad"),
    ("runtime", "python"),
    ("runtime", "implementation"),
    ("limits", "cell_s"),
    ("limits", "total_s"),
    ("score", "points"),
    ("score", "max"),
)

#: characters XML 1.0 cannot hold, even escaped (a surrogate in a str is a lone one)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: an array index: JavaScript objects list such keys first, in numeric order
_INDEX_KEY = re.compile(r"0|[1-9][0-9]*")
#: what XML text and attribute values write as references (a value's whitespace too, which
#: a parser would otherwise turn into spaces)
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ATTRIBUTE_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
_TEXT_SPECIAL = re.compile("[&<>]")
_ATTRIBUTE_SPECIAL = re.compile('[&<>"\t\n\r]')


def xml_text(text: str) -> str:
    """Text safe for XML: impossible characters written as ``\\xNN`` or ``\\uNNNN``."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _NOT_XML.sub(escape, text)


def _js_number(value: float) -> str:
    """A number as JavaScript's ``String(n)`` writes it (shortest round-trip digits)."""
    if not math.isfinite(value):
        return "null"  # JSON.stringify's answer; JSON itself has no such numbers
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    digits, exponent = repr(abs(value)).replace("e", "E").partition("E")[::2]
    mantissa, _, fraction = digits.partition(".")
    digits = (mantissa + fraction).lstrip("0")
    point = len(mantissa) + int(exponent or 0) - (len(mantissa + fraction) - len(digits))
    digits = digits.rstrip("0")
    k, n = len(digits), point
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = f"{digits[:n]}.{digits[n:]}"
    elif -6 < n <= 0:
        text = f"0.{'0' * -n}{digits}"
    else:
        rest = f".{digits[1:]}" if k > 1 else ""
        text = f"{digits[0]}{rest}e{'+' if n - 1 >= 0 else '-'}{abs(n - 1)}"
    return sign + text


def js_json(value: Any) -> str:
    """``value`` as ``JSON.stringify`` writes it after ``JSON.parse`` read it."""
    if value is None or value is True or value is False:
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        return str(value) if abs(value) <= 2**53 else _js_number(float(value))
    if isinstance(value, float):
        return _js_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ",".join(js_json(item) for item in value) + "]"
    if isinstance(value, dict):
        keys = list(value)
        index = sorted((k for k in keys if _INDEX_KEY.fullmatch(k)), key=int)
        ordered = index + [k for k in keys if k not in index]
        return "{" + ",".join(f"{js_json(k)}:{js_json(value[k])}" for k in ordered) + "}"
    raise TypeError(f"not JSON data: {type(value).__name__}")


def seconds(ms: Any) -> str:
    """Milliseconds as seconds with three decimals, rounded half up (0 when unknown)."""
    if isinstance(ms, bool) or not isinstance(ms, int | float) or not ms > 0:
        whole = 0
    else:
        whole = math.floor(ms)
        whole += 1 if ms - whole >= 0.5 else 0
    return f"{whole // 1000}.{whole % 1000:03d}"


@dataclass
class _Node:
    """An element: attributes in order, then children or text."""

    tag: str
    attributes: list[tuple[str, str]]
    children: list[_Node] = field(default_factory=list)
    text: str = ""


def _element(tag: str, attributes: dict[str, Any] | None = None, text: str = "") -> _Node:
    pairs = [(key, xml_text(str(value))) for key, value in (attributes or {}).items()]
    return _Node(tag, pairs, text=xml_text(text))


def _serialize(node: _Node, depth: int) -> str:
    """One element per line, indented by two spaces; text inline; empty ones as ``<x/>``."""
    pad = "  " * depth
    attributes = "".join(
        f' {key}="{_ATTRIBUTE_SPECIAL.sub(lambda m: _ATTRIBUTE_ESCAPES[m.group()], value)}"'
        for key, value in node.attributes
    )
    start = f"{pad}<{node.tag}{attributes}"
    if node.children:
        inner = "".join(_serialize(child, depth + 1) for child in node.children)
        return f"{start}>\n{inner}{pad}</{node.tag}>\n"
    if node.text:
        text = _TEXT_SPECIAL.sub(lambda m: _TEXT_ESCAPES[m.group()], node.text)
        return f"{start}>{text}</{node.tag}>\n"
    return f"{start}/>\n"


def _value_text(event: dict[str, Any], side: str) -> str:
    rep = event.get(f"{side}_repr")
    return rep if isinstance(rep, str) else js_json(event.get(side))


def _assertion_case(event: dict[str, Any], classname: str) -> _Node:
    case = _element(
        "testcase",
        {"name": event["name"], "classname": classname, "time": seconds(event.get("duration_ms"))},
    )
    if event["status"] == "pass":
        return case
    error = event["status"] == "error"
    exc_type = event.get("exc_type") if isinstance(event.get("exc_type"), str) else None
    message = event.get("message") if isinstance(event.get("message"), str) else ""
    lines = []
    said = ": ".join(part for part in (exc_type if error else None, message) if part)
    if error and said:
        lines.append(said)
    if any(
        event.get(side) is not None or isinstance(event.get(f"{side}_repr"), str)
        for side in ("expected", "actual")
    ):
        lines.append(f"expected: {_value_text(event, 'expected')}")
        lines.append(f"actual: {_value_text(event, 'actual')}")
    kind = ("Error" if exc_type is None else exc_type) if error else "AssertionError"
    outcome = {"message": message, "type": kind}
    case.children.append(_element("error" if error else "failure", outcome, "\n".join(lines)))
    return case


def _problem_case(problem: dict[str, Any], classname: str) -> _Node:
    where = "notebook" if problem["cell_id"] is None else problem["cell_id"]
    name = f"{where}: {problem['kind']}"
    case = _element("testcase", {"name": name, "classname": classname, "time": seconds(0)})
    kind = problem["kind"] if problem["exc_type"] is None else problem["exc_type"]
    attributes = {"message": problem["message"], "type": kind}
    case.children.append(_element("error", attributes, problem["traceback"] or ""))
    return case


def _unreadable_case(entry: dict[str, Any], classname: str) -> _Node:
    name = entry.get("name", UNREADABLE_NAME)
    case = _element("testcase", {"name": name, "classname": classname, "time": seconds(0)})
    case.children.append(_element("error", {"message": entry["reason"], "type": UNREADABLE_TYPE}))
    return case


def _names(notebook: str) -> tuple[str, str]:
    """``labs/one/demo.ipynb`` -> (``demo.ipynb``, ``demo``), as the panel names them."""
    name = notebook.split("/")[-1] or "notebook"
    return name, re.sub(r"\.ipynb\Z", "", name, flags=re.IGNORECASE) or "notebook"


def _classname(cell: dict[str, Any], stem: str) -> str:
    if cell.get("kind") == "rubric":
        return f"{stem}.rubric"
    index = cell["cell_index"]
    return f"{stem}.{cell['cell_id']}" if index is None else f"{stem}.cell{index + 1}"


def _test_cases(doc: dict[str, Any], stem: str) -> list[_Node]:
    """In cell order: each cell's assertions, unreadable results, then problems."""
    problems = list(doc.get("problems") or [])
    cases = []
    for cell in doc["cells"]:
        classname = _classname(cell, stem)
        for event in cell["events"]:
            if event["type"] == "assertion":
                cases.append(_assertion_case(event, classname))
        cases += [_unreadable_case(entry, classname) for entry in cell["unreadable"]]
        mine = [p for p in problems if p["cell_id"] == cell["cell_id"]]
        problems = [p for p in problems if p["cell_id"] != cell["cell_id"]]
        cases += [_problem_case(p, classname) for p in mine]
    return cases + [_problem_case(p, stem) for p in problems]


def _properties(doc: dict[str, Any]) -> _Node:
    node = _element("properties")
    for path in PROPERTIES:
        value: Any = doc
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            text = value if isinstance(value, str) else js_json(value)
            name = f"browsergrad.{'.'.join(path)}"
            node.children.append(_element("property", {"name": name, "value": text}))
    return node


def _junit_tree(doc: dict[str, Any]) -> _Node:
    """The ``testsuites`` element of a document."""
    name, stem = _names(doc["notebook"])
    cases = _test_cases(doc, stem)
    outcomes = [case.children[0].tag if case.children else None for case in cases]
    counts = {
        "tests": len(cases),
        "failures": outcomes.count("failure"),
        "errors": outcomes.count("error"),
    }
    total = doc.get("duration_ms")
    if isinstance(total, bool) or not isinstance(total, int | float):
        total = 0
        for cell in doc["cells"]:
            for event in cell["events"]:
                ms = event.get("duration_ms") if event["type"] == "assertion" else None
                if isinstance(ms, int | float) and not isinstance(ms, bool):
                    total += ms  # in order, as JavaScript adds (sum() compensates)
    time = seconds(total)
    root = _element("testsuites", {"name": name, **counts, "time": time})
    suite = _element(
        "testsuite",
        {
            "name": doc["notebook"],
            **counts,
            "skipped": 0,
            "time": time,
            "timestamp": doc["created"],
            "file": doc["notebook"],
        },
    )
    root.children.append(suite)
    suite.children += [_properties(doc), *cases]
    return root


def junit_xml(doc: dict[str, Any]) -> str:
    """The JUnit XML text of a document."""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{_serialize(_junit_tree(doc), 0)}'

"""The pages a flow renders with ``CommandUIRender``, and what each answers.

| page | answer |
| --- | --- |
| ``PageText`` | PayloadVoid (after *Continue*, or at once with ``wait=False``) |
| ``PageConfirm`` | PayloadTrue / PayloadFalse |
| ``PageRadio`` | PayloadString (the chosen item's id) |
| ``PageFileInput`` | PayloadFile, or PayloadFalse when cancelled |
| ``PageProgress`` | PayloadTrue at once; consecutive ones update in place |
| ``PageConsent`` | PayloadJSON of the kept rows, or PayloadFalse on decline |
| ``PageQuestionnaire`` | PayloadJSON ``{question id: answer}`` |
| ``PageError`` | PayloadVoid at once (the driver shows it for a failed flow) |
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .commands import FlowProtocolError


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise FlowProtocolError(f"{what} must be a str, not {type(value).__name__}")
    return value


class Page:
    """A page; ``kind`` is its ``__type__`` on the wire."""

    kind = "Page"

    def fields(self) -> dict:
        raise NotImplementedError

    def to_json(self) -> dict:
        return {"__type__": self.kind, **self.fields()}

    def summary(self) -> str:
        """One line for the transcript."""
        title = getattr(self, "title", "")
        return f"{self.kind.removeprefix('Page')}: {title}" if title else self.kind

    @staticmethod
    def custom(kind: str, fields: dict | None = None) -> CustomPage:
        """A page of any type, for frontends that know more pages than these."""
        return CustomPage(_text(kind, "a page type"), dict(fields or {}))


@dataclass
class CustomPage(Page):
    type_name: str
    data: dict

    @property
    def kind(self) -> str:  # type: ignore[override]
        return self.type_name

    def fields(self) -> dict:
        json.dumps(self.data)  # fails here, with the bad value, if not JSON
        return self.data


@dataclass
class PageText(Page):
    title: str
    text: str = ""
    wait: bool = True
    kind = "PageText"

    def fields(self) -> dict:
        return {
            "title": _text(self.title, "title"),
            "text": _text(self.text, "text"),
            "wait": bool(self.wait),
        }


@dataclass
class PageConfirm(Page):
    title: str
    text: str = ""
    ok: str = "OK"
    cancel: str = "Cancel"
    kind = "PageConfirm"

    def fields(self) -> dict:
        return {
            "title": _text(self.title, "title"),
            "text": _text(self.text, "text"),
            "ok": _text(self.ok, "ok"),
            "cancel": _text(self.cancel, "cancel"),
        }


@dataclass
class PageRadio(Page):
    """``items``: labels, or ``(id, label)`` pairs; the answer is the id."""

    title: str
    items: list
    text: str = ""
    kind = "PageRadio"

    def fields(self) -> dict:
        items = []
        for item in self.items:
            pair = (item, item) if isinstance(item, str) else tuple(item)
            if len(pair) != 2:
                raise FlowProtocolError(
                    f"a radio item is a label or an (id, label) pair, not {item!r}"
                )
            items.append(
                {"id": _text(pair[0], "an item id"), "label": _text(pair[1], "an item label")}
            )
        if not items:
            raise FlowProtocolError("PageRadio needs at least one item")
        return {
            "title": _text(self.title, "title"),
            "text": _text(self.text, "text"),
            "items": items,
        }


@dataclass
class PageFileInput(Page):
    """``extensions``: e.g. ``[".zip", ".json"]``; empty accepts any file."""

    title: str
    text: str = ""
    extensions: list = field(default_factory=list)
    kind = "PageFileInput"

    def fields(self) -> dict:
        for ext in self.extensions:
            if not isinstance(ext, str) or not ext.startswith(".") or len(ext) < 2:
                raise FlowProtocolError(f"a file extension looks like '.zip', not {ext!r}")
        return {
            "title": _text(self.title, "title"),
            "text": _text(self.text, "text"),
            "extensions": [e.lower() for e in self.extensions],
        }


@dataclass
class PageProgress(Page):
    """``percentage`` 0-100, or None for an indefinite bar."""

    title: str
    text: str = ""
    percentage: float | None = None
    kind = "PageProgress"

    def fields(self) -> dict:
        pct = self.percentage
        if pct is not None and not (isinstance(pct, int | float) and 0 <= pct <= 100):
            raise FlowProtocolError(f"percentage is a number from 0 to 100 or None, not {pct!r}")
        return {
            "title": _text(self.title, "title"),
            "text": _text(self.text, "text"),
            "percentage": pct,
        }


@dataclass
class ConsentTable:
    """Rows to review: ``rows`` are dicts keyed by ``columns``."""

    id: str
    title: str
    columns: list
    rows: list

    def to_json(self) -> dict:
        columns = [_text(c, "a column name") for c in self.columns]
        rows = []
        for row in self.rows:
            if not isinstance(row, dict):
                raise FlowProtocolError(f"consent table {self.id!r}: a row is a dict, not {row!r}")
            rows.append({c: row.get(c) for c in columns})
        json.dumps(rows)
        return {
            "id": _text(self.id, "a table id"),
            "title": _text(self.title, "a table title"),
            "columns": columns,
            "rows": rows,
        }


@dataclass
class PageConsent(Page):
    """Answers ``{table id: [kept rows]}`` as JSON, or PayloadFalse on decline."""

    title: str
    tables: list
    text: str = ""
    donate: str = "Donate"
    decline: str = "Decline"
    kind = "PageConsent"

    def fields(self) -> dict:
        tables = [t.to_json() for t in self.tables]
        ids = [t["id"] for t in tables]
        if len(set(ids)) != len(ids):
            raise FlowProtocolError(f"consent table ids must differ: {ids}")
        return {
            "title": _text(self.title, "title"),
            "text": _text(self.text, "text"),
            "tables": tables,
            "donate": _text(self.donate, "donate"),
            "decline": _text(self.decline, "decline"),
        }


QUESTION_KINDS = ("text", "number", "choice", "multi", "bool")


@dataclass
class Question:
    """One field: ``kind`` is text, number, choice (one of ``choices``), multi, or bool."""

    id: str
    label: str
    kind: str = "text"
    choices: list = field(default_factory=list)
    required: bool = False

    def to_json(self) -> dict:
        if self.kind not in QUESTION_KINDS:
            raise FlowProtocolError(
                f"question {self.id!r}: kind is one of {', '.join(QUESTION_KINDS)}, "
                f"not {self.kind!r}"
            )
        if self.kind in ("choice", "multi") and not self.choices:
            raise FlowProtocolError(f"question {self.id!r}: a {self.kind} question needs choices")
        return {
            "id": _text(self.id, "a question id"),
            "label": _text(self.label, "a question label"),
            "kind": self.kind,
            "choices": [_text(c, "a choice") for c in self.choices],
            "required": bool(self.required),
        }


@dataclass
class PageQuestionnaire(Page):
    title: str
    questions: list
    text: str = ""
    kind = "PageQuestionnaire"

    def fields(self) -> dict:
        questions = [q.to_json() for q in self.questions]
        if not questions:
            raise FlowProtocolError("PageQuestionnaire needs at least one question")
        return {
            "title": _text(self.title, "title"),
            "text": _text(self.text, "text"),
            "questions": questions,
        }


@dataclass
class PageError(Page):
    """What a failed flow shows: the message and the traceback, as text."""

    title: str
    message: str
    traceback: str = ""
    kind = "PageError"

    def fields(self) -> dict:
        return {"title": self.title, "message": self.message, "traceback": self.traceback}

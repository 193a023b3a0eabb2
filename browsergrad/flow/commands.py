"""The run cycle's commands (what a flow yields) and payloads (what comes back).

Names and fields are the seed protocol's (docs/flows.md). Each class turns into
the JSON the frontend reads (``to_json``); payloads also come back from it
(``payload_from_json``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


class FlowProtocolError(ValueError):
    """A command or payload that the run cycle cannot carry."""


@dataclass(frozen=True)
class PayloadVoid:
    """No value: a page that only shows something, a log line, a refused page."""

    value: str | None = None  # the reason, when the frontend refused the page

    def to_json(self) -> dict:
        return {"__type__": "PayloadVoid", "value": self.value}


@dataclass(frozen=True)
class PayloadTrue:
    value: bool = True

    def to_json(self) -> dict:
        return {"__type__": "PayloadTrue", "value": True}


@dataclass(frozen=True)
class PayloadFalse:
    value: bool = False

    def to_json(self) -> dict:
        return {"__type__": "PayloadFalse", "value": False}


@dataclass(frozen=True)
class PayloadString:
    value: str

    def to_json(self) -> dict:
        return {"__type__": "PayloadString", "value": self.value}


@dataclass(frozen=True)
class PayloadJSON:
    """``value`` is the JSON text; ``data`` parses it."""

    value: str

    @property
    def data(self) -> Any:
        return json.loads(self.value)

    def to_json(self) -> dict:
        return {"__type__": "PayloadJSON", "value": self.value}


@dataclass(frozen=True)
class PayloadFile:
    """The chosen file, as a seekable binary file object (``FlowFile``)."""

    value: Any

    def to_json(self) -> dict:
        v = self.value
        return {"__type__": "PayloadFile", "value": {"name": v.name, "size": v.size}}


@dataclass(frozen=True)
class PayloadResponse:
    """The host's answer to a donation."""

    success: bool
    key: str
    status: int
    error: str | None = None

    @property
    def value(self) -> PayloadResponse:
        return self

    def to_json(self) -> dict:
        return {
            "__type__": "PayloadResponse",
            "success": self.success,
            "key": self.key,
            "status": self.status,
            "error": self.error,
        }


Payload = (
    PayloadVoid
    | PayloadTrue
    | PayloadFalse
    | PayloadString
    | PayloadJSON
    | PayloadFile
    | PayloadResponse
)


@dataclass(frozen=True)
class CommandUIRender:
    """Show a page; the answer is the page's payload."""

    page: Any

    def to_json(self) -> dict:
        return {"__type__": "CommandUIRender", "page": self.page.to_json()}


@dataclass(frozen=True)
class CommandSystemDonate:
    """Send ``json_string`` to the host under ``key``; answered by PayloadResponse."""

    key: str
    json_string: str

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key:
            raise FlowProtocolError("CommandSystemDonate needs a non-empty string key")
        if not isinstance(self.json_string, str):
            raise FlowProtocolError(
                "CommandSystemDonate needs json_string as a str, "
                f"not {type(self.json_string).__name__} (use json.dumps)"
            )
        try:
            json.loads(self.json_string)
        except ValueError as error:
            raise FlowProtocolError(
                f"CommandSystemDonate {self.key!r}: json_string is not JSON ({error})"
            ) from None

    def to_json(self) -> dict:
        return {"__type__": "CommandSystemDonate", "key": self.key, "json_string": self.json_string}


LOG_LEVELS = ("debug", "info", "warn", "error")


@dataclass(frozen=True)
class CommandSystemLog:
    """A log line for the host (and the browser console); answered by PayloadVoid."""

    level: str
    message: str

    def __post_init__(self) -> None:
        if self.level not in LOG_LEVELS:
            raise FlowProtocolError(
                f"CommandSystemLog level must be one of {', '.join(LOG_LEVELS)}, not {self.level!r}"
            )

    def to_json(self) -> dict:
        return {"__type__": "CommandSystemLog", "level": self.level, "message": str(self.message)}


@dataclass(frozen=True)
class CommandSystemExit:
    """The flow ended with ``code`` (0: done) and ``info``; nothing comes back."""

    code: int
    info: str

    def to_json(self) -> dict:
        return {"__type__": "CommandSystemExit", "code": int(self.code), "info": str(self.info)}


Command = CommandUIRender | CommandSystemDonate | CommandSystemLog | CommandSystemExit
COMMANDS = (CommandUIRender, CommandSystemDonate, CommandSystemLog, CommandSystemExit)


def payload_from_json(data: Any, open_file=None) -> Payload:
    """The payload of a response from the frontend.

    ``open_file(value)`` makes the file object of a PayloadFile (its ``value``
    is ``{"file_id", "name", "size"}``).
    """
    if not isinstance(data, dict) or not isinstance(data.get("__type__"), str):
        raise FlowProtocolError(f"a response payload must be an object with __type__, not {data!r}")
    kind = data["__type__"]
    value = data.get("value")
    if kind == "PayloadVoid":
        return PayloadVoid(value if isinstance(value, str) else None)
    if kind == "PayloadTrue":
        return PayloadTrue()
    if kind == "PayloadFalse":
        return PayloadFalse()
    if kind == "PayloadString" and isinstance(value, str):
        return PayloadString(value)
    if kind == "PayloadJSON" and isinstance(value, str):
        return PayloadJSON(value)
    if kind == "PayloadFile" and isinstance(value, dict):
        if open_file is None:
            raise FlowProtocolError("a PayloadFile arrived where no file can be opened")
        return PayloadFile(open_file(value))
    if kind == "PayloadResponse":
        return PayloadResponse(
            success=bool(data.get("success")),
            key=str(data.get("key", "")),
            status=int(data.get("status") or 0),
            error=data.get("error") if isinstance(data.get("error"), str) else None,
        )
    raise FlowProtocolError(f"unknown or malformed payload {kind!r}")

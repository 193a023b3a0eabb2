"""Checks of the kernel settings in a site's ``jupyter-lite.json``.

The rules live in the shipped JSON Schema (``schema/kernel-settings.v1.schema.json``, also
used by the browser); this module checks the settings against it with ``jsonschema`` and
fails ``jupyter lite build`` and ``jupyter lite check`` with a message naming the file, the
key and the value, rather than leaving the kernel to misbehave in the browser.
"""

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from ..build_errors import KernelSettingsError

#: the JSON Schema of the settings, shipped in the package
SCHEMA_PATH = Path(__file__).parents[1] / "schema" / "kernel-settings.v1.schema.json"

#: what the whole settings object is called in messages
_WHOLE = "the kernel settings"


@cache
def schema() -> dict[str, Any]:
    """The settings' JSON Schema."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


_BASE = jsonschema.Draft202012Validator


def _finite_number(checker: Any, value: Any) -> bool:
    """A JSON number: Python's json also reads inf and nan, which JSON has not."""
    return _BASE.TYPE_CHECKER.is_type(value, "number") and math.isfinite(value)


_Validator = jsonschema.validators.extend(
    _BASE, type_checker=_BASE.TYPE_CHECKER.redefine("number", _finite_number)
)


@cache
def _validator() -> Any:
    return _Validator(schema())


def _field(path: Any, key: str | None = None) -> str:
    """``["outputLimit", "lines"]`` -> ``outputLimit.lines``; ``[…, 0]`` -> ``…[0]``."""
    text = ""
    for part in [*path, *([key] if key is not None else [])]:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _plain(value: Any) -> Any:
    """The value as JavaScript holds it: a whole float is a whole number (``2.0`` reads ``2``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _json(value: Any) -> str:
    """A value as the settings file and the browser's check spell it: ``JSON.stringify``'s
    compact JSON (``true``, ``"10"``, ``[1,"two"]``); nan and infinities, which Python's json
    reads but JSON has not, as the file writes them (``NaN``, ``Infinity``)."""
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))


def _message(error: ValidationError) -> list[str]:
    """What is wrong, in words: the key, what it must be, and the value found; the same words
    as the browser's check (``labextension/src/kernel/settingsCheck.ts``)."""
    where = list(error.absolute_path)
    if error.validator == "required":
        properties = error.schema.get("properties", {})
        return [
            f"{_field(where, key)} is missing; it must be "
            f"{properties.get(key, {}).get('x-expected', 'set')}"
            for key in error.validator_value
            if isinstance(error.instance, dict) and key not in error.instance
        ]
    field = _field(where) or _WHOLE
    if error.validator == "additionalProperties":
        known = ", ".join(map(_json, error.schema.get("properties", {})))
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return [f"{field} has unknown key {_json(key)}; it takes {known}" for key in unknown]
    expected = error.schema.get("x-expected")
    if expected is None:
        return [f"{field}: {error.message}"]
    return [f"{field} must be {expected}, got {_json(error.instance)}"]


def settings_problems(settings: Any) -> list[str]:
    """Every problem of the settings against the schema, once each; empty when they are valid."""
    problems: list[str] = []
    for error in _validator().iter_errors(settings):
        problems += [text for text in _message(error) if text not in problems]
    return problems


def check_kernel_settings(settings: Any, config_path: Path) -> None:
    """Raise :class:`KernelSettingsError`, one line per problem, each naming the file."""
    problems = settings_problems(settings)
    if problems:
        raise KernelSettingsError("\n".join(f"{config_path}: {problem}" for problem in problems))

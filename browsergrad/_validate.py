"""Argument checks: each bad input is a TypeError or ValueError that names the call and
the argument. Nothing here changes any state."""

from __future__ import annotations

import json
import math

from ._schema import LEVELS

#: types whose values are JSON as they are (exact types: subclasses take the slow path)
_PLAIN = frozenset({str, int, bool, type(None)})
_NUMBERS = frozenset({int, float, bool})


def type_name(value: object) -> str:
    """``int`` for builtins, ``numpy.ndarray`` for the others."""
    cls = type(value)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def name(where: str, value: object, arg: str = "name") -> str:
    if type(value) is str:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    raise TypeError(f"browsergrad.{where}: {arg} must be a str, not {type_name(value)}")


def message(where: str, value: object) -> str | None:
    if value is None:
        return None
    return name(where, value, "message")


def level(where: str, value: object) -> str:
    if type(value) is str and value in LEVELS:
        return value
    allowed = ", ".join(LEVELS)
    raise ValueError(f"browsergrad.{where}: level must be one of {allowed}; got {value!r}")


def duration(where: str, value: object) -> float | None:
    """A duration in milliseconds: None, or a finite number >= 0 (returned as float)."""
    if value is None:
        return None
    if type(value) is not float and type(value) is not int:
        import numbers

        if type(value) is bool or not isinstance(value, numbers.Real):
            raise TypeError(
                f"browsergrad.{where}: duration_ms must be a number or None, not {type_name(value)}"
            )
    ms = float(value)
    if not math.isfinite(ms) or ms < 0:
        raise ValueError(
            f"browsergrad.{where}: duration_ms must be a finite number >= 0, got {value!r}"
        )
    return ms


def points(where: str, value: object) -> float | None:
    """What a check is worth: None (the default, 1), or a finite number >= 0."""
    if value is None:
        return None
    import numbers

    if type(value) is bool or not isinstance(value, numbers.Real):
        raise TypeError(f"browsergrad.{where}: points must be a number, not {type_name(value)}")
    number = int(value) if isinstance(value, numbers.Integral) else float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"browsergrad.{where}: points must be a finite number >= 0, got {value!r}")
    return number


def question(where: str, value: object, arg: str = "question") -> str:
    """A question's name: a non-empty str."""
    text = name(where, value, arg)
    if not text:
        raise ValueError(f"browsergrad.{where}: {arg} must not be empty")
    return text


def _key(key: str) -> str:
    return f"[{json.dumps(key, ensure_ascii=False)}]"


def _problem(value: object, tuples: bool, active: set[int]) -> tuple[list[str], str] | None:
    """Find the first part of ``value`` that is not JSON: (reversed path, what is wrong)."""
    cls = type(value)
    if cls in _PLAIN or isinstance(value, (str, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else ([], f"is {value!r}, which JSON cannot represent")
    if isinstance(value, dict):
        items = value.items()
        kinds = set(map(type, value))
        if not kinds <= {str}:
            for key in value:
                if not isinstance(key, str):
                    return [], f"has the key {key!r} ({type_name(key)}); JSON keys must be str"
        values = value.values()
    elif isinstance(value, list) or (tuples and isinstance(value, tuple)):
        items = enumerate(value)
        values = value
    else:
        has_tolist = getattr(cls, "tolist", None) is not None
        hint = "; convert it first (e.g. with .tolist())" if has_tolist else ""
        return [], f"({type_name(value)}) is not JSON-serialisable{hint}"
    kinds = set(map(type, values))
    if kinds <= _PLAIN:
        return None
    if kinds <= _NUMBERS:
        try:
            if math.isfinite(sum(values, 0.0)):
                return None
        except OverflowError:
            pass
    if id(value) in active:
        return [], "contains itself (a circular reference)"
    active.add(id(value))
    for key, item in items:
        found = _problem(item, tuples, active)
        if found is not None:
            found[0].append(_key(key) if isinstance(key, str) else f"[{key}]")
            return found
    active.discard(id(value))
    return None


def json_problem(value: object, tuples: bool = True) -> tuple[str, str] | None:
    """``(path, problem)`` for the first part of ``value`` that is not JSON, else None.

    JSON here: dicts with str keys, lists (and tuples if ``tuples``), str, int, bool,
    None and finite floats, subclasses included.
    """
    try:
        found = _problem(value, tuples, set())
    except RecursionError:
        return "", "is nested too deeply"
    if found is None:
        return None
    path, problem = found
    return "".join(reversed(path)), problem


def dumps(value: object) -> str:
    """Compact JSON text (for values that passed ``json_problem``)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def utf8_size(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def payload(where: str, value: object, cap: int) -> tuple[object, int, bool]:
    """Check a log or JSON payload: ``(snapshot or None, size in bytes, truncated)``.

    The snapshot is a copy (parsed back from the JSON text), so later changes to the
    caller's objects do not change the event.
    """
    found = json_problem(value)
    if found is not None:
        path, problem = found
        raise TypeError(f"browsergrad.{where}: data{path} {problem}")
    try:
        text = dumps(value)
    except (TypeError, ValueError, RecursionError) as err:
        raise TypeError(f"browsergrad.{where}: data is not JSON-serialisable: {err}") from err
    size = utf8_size(text)
    if size > cap:
        return None, size, True
    return json.loads(text), size, False


#: longest repr kept for a value that is not JSON
REPR_LIMIT = 10_000


def safe_repr(value: object, limit: int = REPR_LIMIT) -> str:
    try:
        text = repr(value)
    except Exception as err:
        text = f"<{type_name(value)} object; repr() failed: {type(err).__name__}>"
    if not isinstance(text, str):
        text = f"<{type_name(value)} object>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compared(value: object, cap: int) -> tuple[object, str | None]:
    """An assertion's expected or actual value: ``(JSON value, None)`` when it is plain
    JSON under the size cap, else ``(None, repr)``. Never raises."""
    cls = type(value)
    if value is None or cls is bool or cls is int:
        return value, None
    if cls is float and math.isfinite(value):
        return value, None
    if cls is str and len(value) * 4 <= cap:
        return value, None
    try:
        if json_problem(value, tuples=False) is None:
            text = dumps(value)
            if utf8_size(text) <= cap:
                return json.loads(text), None
    except Exception:
        pass  # an odd object (e.g. one whose iteration fails): shown by repr
    return None, safe_repr(value, min(REPR_LIMIT, cap))

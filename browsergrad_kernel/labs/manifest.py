"""Lab manifests: parse and validate ``manifest.json``, and gate a lab on the runtime version.

The rules live in the shipped JSON Schema (``schema/lab-manifest.v1.schema.json``, also used
by the browser); this module checks a manifest against it with ``jsonschema``, turns every
violation into a :class:`ManifestError` naming its field, and adds what a schema cannot say:
that the paths stay inside the lab folder and exist. Ranges are evaluated with
``node-semver``, a port of npm's own semver, so ``^``, ``~`` and prereleases mean what they
mean to npm.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema
import nodesemver

#: a lab's manifest, the file that makes a folder a lab (the runtime's own manifest is
#: ``constants.RUNTIME_MANIFEST_JSON``)
LAB_MANIFEST_JSON = "manifest.json"

#: the JSON Schema of a manifest, shipped in the package
SCHEMA_PATH = Path(__file__).parents[1] / "schema" / "lab-manifest.v1.schema.json"

#: the fields, in the order errors are listed
FIELDS = (
    "id",
    "version",
    "requires_browsergrad",
    "required_ops",
    "rubric_path",
    "starter_path",
    "reference_path",
    "hidden_rubric_path",
    "datasets",
)
PATH_FIELDS = ("rubric_path", "starter_path", "reference_path", "hidden_rubric_path")

_JSON_TYPES = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
}
_WANTED = {
    "object": "a JSON object",
    "array": "an array",
    "string": "a string",
}


@dataclass(frozen=True)
class ManifestError:
    """One problem of a manifest: the field path (``required_ops[3]``; empty for the whole
    manifest) and what is wrong with it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidManifest(ValueError):
    """A manifest with one or more problems; ``errors`` lists them all."""

    def __init__(self, errors: list[ManifestError], source: str | None = None) -> None:
        self.errors = list(errors)
        self.source = source
        where = f"{source}: " if source else ""
        count = f"{len(self.errors)} error" + ("s" if len(self.errors) != 1 else "")
        lines = "".join(f"\n  {where}{error}" for error in self.errors)
        super().__init__(f"invalid lab manifest{' ' + source if source else ''} ({count}):{lines}")


class LabRuntimeMismatch(Exception):
    """The runtime's browsergrad version is outside the range the lab requires."""

    def __init__(self, manifest: LabManifest, runtime_version: str) -> None:
        self.manifest = manifest
        self.runtime_version = runtime_version
        super().__init__(
            f"lab {manifest.id}@{manifest.version} requires browsergrad "
            f"{manifest.requires_browsergrad}, runtime is {runtime_version}"
        )


@dataclass(frozen=True)
class LabManifest:
    """A valid manifest."""

    id: str
    version: str
    requires_browsergrad: str
    required_ops: tuple[str, ...]
    rubric_path: str
    starter_path: str
    reference_path: str
    datasets: tuple[str, ...] = ()
    #: the checks only the grader runs (docs/grading.md); never in a built site
    hidden_rubric_path: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The manifest as JSON data (``datasets`` and ``hidden_rubric_path`` only when
        set)."""
        data = asdict(self)
        data["required_ops"] = list(self.required_ops)
        data["datasets"] = list(self.datasets)
        if not self.datasets:
            del data["datasets"]
        if self.hidden_rubric_path is None:
            del data["hidden_rubric_path"]
        return data


@cache
def schema() -> dict[str, Any]:
    """The manifest's JSON Schema."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def _field(path: Any) -> str:
    """``["required_ops", 3]`` -> ``required_ops[3]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _type_name(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _path_problem(value: str) -> str:
    """Why ``value`` is not a relative path inside the lab folder."""
    parts = value.split("/")
    if not value:
        return "must not be empty"
    if value.startswith("/"):
        return f"must be relative to the lab folder, not absolute: {value!r}"
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
        return f"must be a path in the lab folder, not a URL or drive: {value!r}"
    if "\\" in value:
        return f"must use '/' as separator, not '\\': {value!r}"
    if ".." in parts:
        return f"must stay inside the lab folder (no '..'): {value!r}"
    if "." in parts:
        return f"must not have '.' segments: {value!r}"
    if "" in parts:
        return f"must not have empty segments: {value!r}"
    return f"must not contain ':': {value!r}"


def _describe(error: jsonschema.ValidationError) -> list[ManifestError]:
    """Turn one schema violation into errors naming fields, worded for lab authors."""
    field = _field(error.absolute_path)
    value = error.instance
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1]
        return [ManifestError(_field([*error.absolute_path, missing]), "is required")]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [
            ManifestError(_field([*error.absolute_path, name]), "is not a manifest field")
            for name in sorted(set(value) - known)
        ]
    if kind == "type":
        wanted = _WANTED.get(error.validator_value, error.validator_value)
        return [ManifestError(field, f"must be {wanted}, not {_type_name(value)}")]
    if kind == "not":
        return [ManifestError(field, f"must not contain control characters: {value!r}")]
    if kind == "pattern":
        if error.absolute_path and error.absolute_path[0] in PATH_FIELDS:
            return [ManifestError(field, _path_problem(value))]
        return [ManifestError(field, f"must be {error.schema['description']}, got {value!r}")]
    if kind == "maxItems":
        return [
            ManifestError(field, f"has {len(value)} items; at most {error.validator_value} allowed")
        ]
    if kind == "uniqueItems":
        keys = [json.dumps(item, sort_keys=True) for item in value]
        repeats = [item for i, item in enumerate(value) if keys[i] in keys[:i]]
        return [ManifestError(field, f"repeats {', '.join(map(repr, repeats))}")]
    if kind == "minLength":
        return [ManifestError(field, "must not be empty")]
    return [ManifestError(field, error.message)]  # pragma: no cover - the schema has no others


def _order(error: ManifestError) -> tuple[int, str]:
    top = re.split(r"[.\[]", error.field, maxsplit=1)[0]
    return (FIELDS.index(top) if top in FIELDS else len(FIELDS), error.field)


def _load_json(text: str | bytes | bytearray) -> tuple[Any, list[ManifestError]]:
    """Parse JSON text strictly: no NaN/Infinity, no repeated keys."""
    repeated: list[ManifestError] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in items:
            if key in obj:
                repeated.append(ManifestError(key, "appears more than once"))
            obj[key] = value
        return obj

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_constant=constant), repeated
    except (ValueError, UnicodeDecodeError) as err:
        return None, [ManifestError("", f"is not JSON: {err}")]


def _file_problems(
    manifest: Mapping[str, Any], folder: Path, skip: set[str], hidden_absent: bool = False
) -> list[ManifestError]:
    """The paths must name files inside ``folder`` (after following links); fields in
    ``skip`` already have an error. The hidden rubric is none of the other files, and
    with ``hidden_absent`` (a built site's copy) it is not looked for."""
    errors = []
    root = folder.resolve()
    hidden = manifest.get("hidden_rubric_path")
    if "hidden_rubric_path" not in skip and isinstance(hidden, str):
        for name in PATH_FIELDS[:3]:
            if manifest.get(name) == hidden:
                errors.append(ManifestError("hidden_rubric_path", f"{hidden!r} is also {name}"))
                skip = skip | {"hidden_rubric_path"}
    if hidden_absent:
        skip = skip | {"hidden_rubric_path"}
    for name in PATH_FIELDS:
        rel = manifest.get(name)
        if name in skip or not isinstance(rel, str):
            continue
        path = folder.joinpath(*PurePosixPath(rel).parts)
        if not path.resolve().is_relative_to(root):
            errors.append(ManifestError(name, f"{rel!r} leads outside the lab folder"))
        elif path.is_dir():
            errors.append(ManifestError(name, f"{rel!r} is a folder, not a file"))
        elif not path.is_file():
            errors.append(ManifestError(name, f"{rel!r} does not exist in the lab folder"))
    return errors


def _check(
    data: Any, folder: Path | str | None, hidden_absent: bool = False
) -> tuple[Any, list[ManifestError]]:
    """The parsed manifest data and its problems (``hidden_absent``: the folder is a built
    site's copy, which has no hidden rubric)."""
    errors: list[ManifestError] = []
    if isinstance(data, str | bytes | bytearray):
        data, errors = _load_json(data)
        if data is None:
            return None, errors
    for error in _validator().iter_errors(data):
        errors += _describe(error)
    if folder is not None and isinstance(data, Mapping):
        wrong = {re.split(r"[.\[]", error.field, maxsplit=1)[0] for error in errors}
        errors += _file_problems(data, Path(folder), wrong, hidden_absent)
    errors.sort(key=_order)
    return data, errors


def validate_manifest(data: Any, folder: Path | str | None = None) -> list[ManifestError]:
    """Every problem of a manifest (empty when it is valid).

    ``data`` is the parsed JSON value, or JSON text (``str``/``bytes``). With ``folder``,
    the paths must also name existing files in it.
    """
    return _check(data, folder)[1]


def parse_manifest(
    data: Any, folder: Path | str | None = None, hidden_absent: bool = False
) -> LabManifest:
    """The manifest, or :class:`InvalidManifest` listing every problem at once.

    ``data`` and ``folder`` are as for :func:`validate_manifest`; with ``hidden_absent``
    the hidden rubric need not be in ``folder`` (a built site's copy of the lab).
    """
    data, errors = _check(data, folder, hidden_absent)
    if errors:
        raise InvalidManifest(errors)
    return LabManifest(
        id=data["id"],
        version=data["version"],
        requires_browsergrad=data["requires_browsergrad"],
        required_ops=tuple(data["required_ops"]),
        rubric_path=data["rubric_path"],
        starter_path=data["starter_path"],
        reference_path=data["reference_path"],
        datasets=tuple(data.get("datasets", ())),
        hidden_rubric_path=data.get("hidden_rubric_path"),
    )


def load_manifest(folder: Path | str, hidden_absent: bool = False) -> LabManifest:
    """Read and check ``folder/manifest.json``; errors name the file. ``hidden_absent``
    is as for :func:`parse_manifest`."""
    path = Path(folder) / LAB_MANIFEST_JSON
    try:
        text = path.read_bytes()
    except OSError as err:
        raise InvalidManifest([ManifestError("", f"cannot be read: {err}")], str(path)) from err
    try:
        return parse_manifest(text, folder, hidden_absent)
    except InvalidManifest as err:
        raise InvalidManifest(err.errors, str(path)) from None


def is_version(text: Any) -> bool:
    """Whether ``text`` is a semantic version 2.0."""
    return isinstance(text, str) and bool(
        re.fullmatch(schema()["properties"]["version"]["pattern"], text)
    )


def is_range(text: Any) -> bool:
    """Whether ``text`` is a range a manifest may use (``^X.Y.Z``, ``~X.Y.Z``, ``X.Y.Z``)."""
    pattern = schema()["properties"]["requires_browsergrad"]["pattern"]
    return isinstance(text, str) and bool(re.fullmatch(pattern, text))


def satisfies(version: str, range_: str) -> bool:
    """Whether ``version`` is in ``range_``, with npm's semantics (a prerelease matches only
    a range whose own version is a prerelease of the same MAJOR.MINOR.PATCH)."""
    if not is_version(version):
        raise ValueError(f"not a semantic version: {version!r}")
    if not is_range(range_):
        raise ValueError(f"not a browsergrad range (^X.Y.Z, ~X.Y.Z or X.Y.Z): {range_!r}")
    return nodesemver.satisfies(version, range_, loose=False)


def assert_compatible_runtime(manifest: LabManifest, runtime_version: str) -> None:
    """Raise :class:`LabRuntimeMismatch` unless the runtime satisfies the lab's range.

    There is no fallback: a lab runs on a runtime it accepts, or not at all.
    """
    if not satisfies(runtime_version, manifest.requires_browsergrad):
        raise LabRuntimeMismatch(manifest, runtime_version)

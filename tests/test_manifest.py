"""Lab manifests: valid and invalid tables, every error at once, files, and the runtime gate."""

import json
from pathlib import Path

import jsonschema
import pytest

from browsergrad_kernel.labs.manifest import (
    SCHEMA_PATH,
    InvalidManifest,
    LabManifest,
    LabRuntimeMismatch,
    ManifestError,
    assert_compatible_runtime,
    load_manifest,
    parse_manifest,
    schema,
    validate_manifest,
)

GOOD = {
    "id": "single-neuron",
    "version": "1.0.0",
    "requires_browsergrad": "^0.8.0",
    "required_ops": ["add", "mul", "relu"],
    "rubric_path": "rubric.py",
    "starter_path": "starter.ipynb",
    "reference_path": "solutions/reference.ipynb",
    "datasets": ["https://example.org/data/weights.safetensors"],
}


def with_(**changes):
    data = {**GOOD, **changes}
    return {k: v for k, v in data.items() if v is not DROP}


DROP = object()

VALID = {
    "full": GOOD,
    "no-datasets": with_(datasets=DROP),
    "empty-ops": with_(required_ops=[]),
    "64-ops": with_(required_ops=[f"op{i}" for i in range(64)]),
    "32-datasets": with_(datasets=[f"https://h.example/d{i}.safetensors" for i in range(32)]),
    "tilde": with_(requires_browsergrad="~0.8.1"),
    "exact": with_(requires_browsergrad="0.8.1"),
    "prerelease-range": with_(requires_browsergrad="^1.0.0-rc.1"),
    "prerelease-version": with_(version="2.0.0-alpha.1+build.7"),
    "digit-words": with_(id="lab-2-part-10"),
    "nested-paths": with_(rubric_path="grading/rubric.py", starter_path="a/b/c.ipynb"),
    "hidden-file": with_(rubric_path=".rubric.py"),
    "port-in-url": with_(datasets=["https://h.example:8443/x/y.safetensors"]),
}

# (manifest, [(field, fragment of the message)]): every error is listed, in field order.
INVALID = {
    "missing-all": ({}, [(f, "is required") for f in list(GOOD)[:-1]]),
    "unknown-field": (with_(title="Neuron"), [("title", "is not a manifest field")]),
    "id-type": (with_(id=7), [("id", "must be a string, not integer")]),
    "id-bool": (with_(id=True), [("id", "must be a string, not boolean")]),
    "id-snake": (with_(id="single_neuron"), [("id", "kebab-case")]),
    "id-upper": (with_(id="Single-Neuron"), [("id", "kebab-case")]),
    "id-double-dash": (with_(id="a--b"), [("id", "kebab-case")]),
    "id-trailing-dash": (with_(id="a-"), [("id", "kebab-case")]),
    "id-digit-first": (with_(id="2nd-lab"), [("id", "kebab-case")]),
    "id-newline": (with_(id="lab\n"), [("id", "control characters")]),
    "version-two-parts": (with_(version="1.2"), [("version", "semantic version")]),
    "version-leading-zero": (with_(version="01.2.3"), [("version", "semantic version")]),
    "version-v": (with_(version="v1.2.3"), [("version", "semantic version")]),
    "version-float": (with_(version=1.2), [("version", "must be a string, not number")]),
    "version-null": (with_(version=None), [("version", "must be a string, not null")]),
    "range-caret-alone": (with_(requires_browsergrad="^"), [("requires_browsergrad", "range")]),
    "range-gte": (with_(requires_browsergrad=">=1"), [("requires_browsergrad", "range")]),
    "range-gte-full": (
        with_(requires_browsergrad=">=1.0.0"),
        [("requires_browsergrad", "range")],
    ),
    "range-partial": (with_(requires_browsergrad="1.2"), [("requires_browsergrad", "range")]),
    "range-latest": (with_(requires_browsergrad="latest"), [("requires_browsergrad", "range")]),
    "range-x": (with_(requires_browsergrad="1.x"), [("requires_browsergrad", "range")]),
    "range-or": (
        with_(requires_browsergrad="^1.0.0 || ^2.0.0"),
        [("requires_browsergrad", "range")],
    ),
    "range-space": (with_(requires_browsergrad="^ 1.0.0"), [("requires_browsergrad", "range")]),
    "range-list": (
        with_(requires_browsergrad=["^1.0.0"]),
        [("requires_browsergrad", "must be a string, not array")],
    ),
    "ops-not-list": (with_(required_ops="add"), [("required_ops", "must be an array")]),
    "ops-object": (with_(required_ops={"add": 1}), [("required_ops", "not object")]),
    "ops-too-many": (
        with_(required_ops=[f"op{i}" for i in range(65)]),
        [("required_ops", "has 65 items; at most 64")],
    ),
    "ops-repeat": (with_(required_ops=["add", "mul", "add"]), [("required_ops", "repeats 'add'")]),
    "ops-item-type": (
        with_(required_ops=["add", 3, None]),
        [
            ("required_ops[1]", "must be a string, not integer"),
            ("required_ops[2]", "must be a string, not null"),
        ],
    ),
    "ops-repeat-lists": (
        with_(required_ops=[[1], [1]]),
        [
            ("required_ops", "repeats [1]"),
            ("required_ops[0]", "must be a string, not array"),
            ("required_ops[1]", "must be a string, not array"),
        ],
    ),
    "ops-empty-name": (with_(required_ops=[""]), [("required_ops[0]", "must not be empty")]),
    "path-absolute": (with_(rubric_path="/etc/passwd"), [("rubric_path", "not absolute")]),
    "path-dotdot": (with_(starter_path="../other/starter.ipynb"), [("starter_path", "'..'")]),
    "path-inner-dotdot": (with_(starter_path="a/../../x.ipynb"), [("starter_path", "'..'")]),
    "path-dot": (with_(reference_path="./ref.ipynb"), [("reference_path", "'.' segments")]),
    "path-backslash": (with_(rubric_path="grading\\rubric.py"), [("rubric_path", "'/'")]),
    "path-drive": (with_(rubric_path="C:/rubric.py"), [("rubric_path", "not a URL or drive")]),
    "path-url": (with_(rubric_path="https://x.org/r.py"), [("rubric_path", "not a URL")]),
    "path-empty": (with_(rubric_path=""), [("rubric_path", "must not be empty")]),
    "path-double-slash": (with_(rubric_path="a//b.py"), [("rubric_path", "empty segments")]),
    "path-type": (with_(rubric_path=["rubric.py"]), [("rubric_path", "must be a string")]),
    "datasets-http": (
        with_(datasets=["http://example.org/w.safetensors"]),
        [("datasets[0]", "https URL ending in .safetensors")],
    ),
    "datasets-suffix": (
        with_(datasets=["https://example.org/w.bin"]),
        [("datasets[0]", "https URL ending in .safetensors")],
    ),
    "datasets-query": (
        with_(datasets=["https://example.org/w.safetensors?dl=1"]),
        [("datasets[0]", "https URL")],
    ),
    "datasets-no-host": (with_(datasets=["https:///w.safetensors"]), [("datasets[0]", "https")]),
    "datasets-too-many": (
        with_(datasets=[f"https://h.example/d{i}.safetensors" for i in range(33)]),
        [("datasets", "has 33 items; at most 32")],
    ),
    "datasets-string": (
        with_(datasets="https://h.example/d.safetensors"),
        [("datasets", "must be an array, not string")],
    ),
    "not-an-object": (["id"], [("", "must be a JSON object, not array")]),
    "a-string-value": (42, [("", "must be a JSON object, not integer")]),
    "many-at-once": (
        with_(id="Bad", version="1", requires_browsergrad="latest", rubric_path="/r", extra=1),
        [
            ("id", "kebab-case"),
            ("version", "semantic version"),
            ("requires_browsergrad", "range"),
            ("rubric_path", "absolute"),
            ("extra", "is not a manifest field"),
        ],
    ),
}

TEXT = {
    "not-json": ("{id: 1}", [("", "is not JSON")]),
    "empty": ("", [("", "is not JSON")]),
    "truncated": ('{"id": "a"', [("", "is not JSON")]),
    "nan": ('{"id": NaN}', [("", "NaN is not JSON")]),
    "repeated-key": (json.dumps(GOOD)[:-1] + ', "id": "other"}', [("id", "more than once")]),
    "bad-utf8": (b'{"id": "\xff"}', [("", "is not JSON")]),
}


def assert_errors(errors: list[ManifestError], expected: list[tuple[str, str]]) -> None:
    got = [(e.field, e.message) for e in errors]
    assert len(got) == len(expected), got
    for (field, message), (want_field, fragment) in zip(got, expected, strict=True):
        assert field == want_field, got
        assert fragment in message, got


@pytest.mark.parametrize("case", VALID)
def test_valid_manifests(case: str):
    data = VALID[case]
    manifest = parse_manifest(data)
    assert isinstance(manifest, LabManifest)
    assert manifest.to_json() == data
    assert validate_manifest(json.dumps(data)) == []
    jsonschema.validate(data, schema())


@pytest.mark.parametrize("case", INVALID)
def test_invalid_manifests(case: str):
    data, expected = INVALID[case]
    assert_errors(validate_manifest(data), expected)
    with pytest.raises(InvalidManifest) as info:
        parse_manifest(data)
    assert_errors(info.value.errors, expected)
    for field, _ in expected:
        assert field in str(info.value)
    # The shipped schema alone refuses it too (it is what the browser checks with).
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())


@pytest.mark.parametrize("case", TEXT)
def test_manifest_text(case: str):
    text, expected = TEXT[case]
    assert_errors(validate_manifest(text), expected)


def make_lab(folder: Path, data: dict | None = None) -> Path:
    data = GOOD if data is None else data
    for name in ("rubric_path", "starter_path", "reference_path"):
        path = folder / data[name]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}" if path.suffix == ".ipynb" else "pass\n")
    (folder / "manifest.json").write_text(json.dumps(data))
    return folder


def test_files_exist_in_the_folder(tmp_path: Path):
    lab = make_lab(tmp_path / "lab")
    assert parse_manifest(GOOD, lab).id == "single-neuron"
    assert load_manifest(lab) == parse_manifest(GOOD)


def test_missing_files_are_all_listed(tmp_path: Path):
    lab = tmp_path / "lab"
    lab.mkdir()
    (lab / "solutions").mkdir()
    (lab / "starter.ipynb").mkdir()
    errors = validate_manifest(GOOD, lab)
    assert_errors(
        errors,
        [
            ("rubric_path", "'rubric.py' does not exist in the lab folder"),
            ("starter_path", "is a folder, not a file"),
            ("reference_path", "does not exist"),
        ],
    )


def test_missing_files_are_listed_with_other_errors(tmp_path: Path):
    lab = tmp_path / "lab"
    lab.mkdir()
    errors = validate_manifest(with_(id="X", rubric_path="/abs.py"), lab)
    assert_errors(
        errors,
        [
            ("id", "kebab-case"),
            ("rubric_path", "not absolute"),
            ("starter_path", "does not exist"),
            ("reference_path", "does not exist"),
        ],
    )


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path):
    lab = make_lab(tmp_path / "lab")
    secret = tmp_path / "secret.py"
    secret.write_text("x = 1\n")
    (lab / "rubric.py").unlink()
    (lab / "rubric.py").symlink_to(secret)
    assert_errors(validate_manifest(GOOD, lab), [("rubric_path", "leads outside the lab folder")])


def test_load_manifest_names_the_file(tmp_path: Path):
    lab = make_lab(tmp_path / "lab", with_(version="one"))
    with pytest.raises(InvalidManifest) as info:
        load_manifest(lab)
    assert info.value.source == str(lab / "manifest.json")
    assert f"{lab / 'manifest.json'}: version: must be a semantic version" in str(info.value)
    with pytest.raises(InvalidManifest, match="cannot be read"):
        load_manifest(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("range_", "runtime", "ok"),
    [
        ("^0.8.0", "0.8.0", True),
        ("^0.8.0", "0.8.9", True),
        ("^0.8.0", "0.9.0", False),
        ("^0.8.0", "0.7.9", False),
        ("^1.2.3", "1.9.0", True),
        ("^1.2.3", "2.0.0", False),
        ("~0.8.1", "0.8.5", True),
        ("~0.8.1", "0.8.0", False),
        ("~0.8.1", "0.9.0", False),
        ("0.8.1", "0.8.1", True),
        ("0.8.1", "0.8.2", False),
        ("^0.8.0", "0.8.1-rc.1", False),
        ("^0.8.1-rc.1", "0.8.1-rc.2", True),
    ],
)
def test_runtime_gate(range_: str, runtime: str, ok: bool):
    manifest = parse_manifest(with_(requires_browsergrad=range_))
    if ok:
        assert_compatible_runtime(manifest, runtime)
        return
    with pytest.raises(LabRuntimeMismatch) as info:
        assert_compatible_runtime(manifest, runtime)
    assert str(info.value) == (
        f"lab single-neuron@1.0.0 requires browsergrad {range_}, runtime is {runtime}"
    )
    assert info.value.manifest is manifest
    assert info.value.runtime_version == runtime


def test_runtime_gate_refuses_a_bad_runtime_version():
    with pytest.raises(ValueError, match="not a semantic version"):
        assert_compatible_runtime(parse_manifest(GOOD), "0.8")


def test_schema_is_valid_and_in_the_wheel():
    from hatchling.builders.wheel import WheelBuilder

    jsonschema.Draft202012Validator.check_schema(schema())
    assert set(schema()["properties"]) == set(GOOD) | {"hidden_rubric_path"}
    root = Path(__file__).resolve().parent.parent
    files = {f.distribution_path for f in WheelBuilder(str(root)).recurse_included_files()}
    assert SCHEMA_PATH.relative_to(root).as_posix() in files

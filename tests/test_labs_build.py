"""``jupyter lite build`` validates every lab of the site's contents and indexes the valid ones;
``jupyter lite check`` reports the same."""

import json
import shutil
from pathlib import Path

import pytest
from helpers import assert_ok, lite

import browsergrad
from browsergrad_kernel.addons.labs import LABS_FORMAT
from browsergrad_kernel.constants import PLUGIN_ID
from browsergrad_kernel.labs.manifest import SCHEMA_PATH

CONTENT = Path(__file__).resolve().parent.parent / "content"
NEURON = CONTENT / "labs" / "single-neuron"


def lab_copy(dest: Path, **changes) -> Path:
    """The demo's single-neuron lab, with manifest fields changed (None removes one)."""
    shutil.copytree(NEURON, dest)
    manifest = json.loads((dest / "manifest.json").read_text())
    manifest.update(changes)
    manifest = {k: v for k, v in manifest.items() if v is not None}
    (dest / "manifest.json").write_text(json.dumps(manifest))
    return dest


def test_the_demo_labs_are_indexed(tmp_path: Path):
    assert_ok(lite("build", tmp_path, "--contents", str(CONTENT)))
    out = tmp_path / "_output"
    index = json.loads((out / "static/browsergrad/labs.json").read_text())
    manifests = {p.parent.name: json.loads(p.read_text()) for p in CONTENT.rglob("manifest.json")}
    assert index == {
        "format": LABS_FORMAT,
        "browsergrad": browsergrad.__version__,
        "schema": "lab-manifest.v1.schema.json",
        "labs": [
            {"path": "labs/single-neuron", "manifest": manifests["single-neuron"]},
            {"path": "labs/text-stats", "manifest": manifests["text-stats"]},
        ],
    }
    schema = out / "static/browsergrad/lab-manifest.v1.schema.json"
    assert schema.read_bytes() == SCHEMA_PATH.read_bytes()
    config = json.loads((out / "jupyter-lite.json").read_text())
    settings = config["jupyter-config-data"]["litePluginSettings"][PLUGIN_ID]
    assert settings["labsUrl"] == "./static/browsergrad/labs.json"
    assert settings["pyodideUrl"]  # the runtime settings are still there
    for entry in index["labs"]:
        for key in ("starter_path", "rubric_path", "reference_path"):
            assert (out / "files" / entry["path"] / entry["manifest"][key]).is_file()
    assert_ok(lite("check", tmp_path, "--contents", str(CONTENT)))


def test_a_site_without_labs_has_an_empty_index(tmp_path: Path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "notes.txt").write_text("no labs here")
    assert_ok(lite("build", tmp_path))
    index = json.loads((tmp_path / "_output/static/browsergrad/labs.json").read_text())
    assert index["labs"] == []


@pytest.fixture
def bad_site(tmp_path: Path) -> Path:
    files = tmp_path / "files"
    lab_copy(files / "ok")
    lab_copy(files / "old", id="old-neuron", requires_browsergrad="^99.0.0")
    lab_copy(
        files / "schema" / "deep",
        id="Deep_Lab",
        version="1.0",
        requires_browsergrad=">=0.1.0",
        required_ops=["add", "add"],
        rubric_path="../rubric.py",
        title="extra",
    )
    (lab_copy(files / "missing", id="missing-files") / "rubric.py").unlink()
    lab_copy(files / "twin")  # the same id as "ok"
    (files / "broken").mkdir()
    (files / "broken" / "manifest.json").write_text("{not json")
    return tmp_path


EXPECTED = [
    "files/broken/manifest.json: is not JSON",
    "files/missing/manifest.json: rubric_path: 'rubric.py' does not exist in the lab folder",
    "files/old/manifest.json: requires_browsergrad: lab old-neuron@1.0.0 requires browsergrad "
    f"^99.0.0, runtime is {browsergrad.__version__}",
    "files/schema/deep/manifest.json: id: must be a kebab-case name",
    "files/schema/deep/manifest.json: version: must be a semantic version 2.0",
    "files/schema/deep/manifest.json: requires_browsergrad: must be a range of browsergrad "
    "versions: ^X.Y.Z, ~X.Y.Z or an exact X.Y.Z (npm semantics), got '>=0.1.0'",
    "files/schema/deep/manifest.json: required_ops: repeats 'add'",
    "files/schema/deep/manifest.json: rubric_path: must stay inside the lab folder (no '..')",
    "files/schema/deep/manifest.json: title: is not a manifest field",
    "files/twin/manifest.json: id: 'single-neuron' is also the id of files/ok/manifest.json",
]


@pytest.mark.parametrize("command", ["build", "check"])
def test_bad_labs_fail_listing_every_error(bad_site: Path, command: str):
    proc = lite(command, bad_site)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out[-4000:]
    assert "invalid labs (10 errors)" in out, out[-4000:]
    for line in EXPECTED:
        assert line in out, f"{line!r} not in:\n{out[-4000:]}"
    assert not (bad_site / "_output/static/browsergrad/labs.json").exists()


def test_errors_name_the_source_file_of_another_contents_folder(tmp_path: Path):
    source = tmp_path / "course"
    lab_copy(source / "week1", version="one")
    proc = lite("build", tmp_path, "--contents", str(source))
    assert proc.returncode != 0
    assert "course/week1/manifest.json: version: must be a semantic version" in proc.stdout + (
        proc.stderr
    )

"""Site author settings are kept, extra wheels are locked, and ``jupyter lite check`` passes."""

import json
from pathlib import Path

from helpers import assert_ok, lite, make_wheel

from browsergrad_kernel.constants import ALL_JSON, LOCK_JSON, PLUGIN_ID, SITE_SUBDIR
from browsergrad_kernel.site.wheel_index import file_digest


def test_user_settings_and_extra_wheels(tmp_path: Path):
    wheel = make_wheel(tmp_path / "wheels", "labhelper", requires=("traitlets>=5",))
    user = {"timeLimitMs": 5000, "pyodideUrl": "https://cdn.example.org/pyodide.mjs"}
    config = {"jupyter-config-data": {"litePluginSettings": {PLUGIN_ID: user}}}
    (tmp_path / "jupyter-lite.json").write_text(json.dumps(config))
    lite_config = {"BrowsergradSiteAddon": {"extra_wheels": ["wheels/" + wheel.name]}}
    (tmp_path / "jupyter_lite_config.json").write_text(json.dumps(lite_config))

    assert_ok(lite("build", tmp_path))
    out = tmp_path / "_output"
    written = json.loads((out / "jupyter-lite.json").read_text())
    settings = written["jupyter-config-data"]["litePluginSettings"][PLUGIN_ID]
    assert settings["timeLimitMs"] == 5000
    assert settings["pyodideUrl"] == "./static/browsergrad/pyodide/pyodide.mjs"

    runtime = out.joinpath(*SITE_SUBDIR)
    lock = json.loads((runtime / LOCK_JSON).read_text())
    entry = lock["packages"]["labhelper"]
    assert entry["file_name"] == wheel.name
    assert entry["depends"] == ["traitlets"]
    assert entry["sha256"] == file_digest(runtime / wheel.name)
    index = json.loads((runtime / ALL_JSON).read_text())
    assert index["labhelper"]["releases"]["0.1.0"][0]["url"] == f"./{wheel.name}"

    assert_ok(lite("check", tmp_path))

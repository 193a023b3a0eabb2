"""The site built by ``jupyter lite build`` carries a complete, verified, same-origin runtime."""

import json
import re
import zipfile
from pathlib import Path

import browsergrad
from browsergrad_kernel.constants import (
    ALL_JSON,
    CORE_FILES,
    LOCK_JSON,
    PLUGIN_ID,
    RUNTIME_MANIFEST_JSON,
)
from browsergrad_kernel.site.wheel_index import file_digest

REMOTE = re.compile(r"https?://")
PREFIX = "./static/browsergrad/pyodide/"


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_runtime_files_exist(site_runtime: Path):
    for name in (*CORE_FILES, LOCK_JSON, ALL_JSON, RUNTIME_MANIFEST_JSON):
        assert (site_runtime / name).is_file(), name
    names = {p.name for p in site_runtime.iterdir()}
    assert not [n for n in names if n.endswith(".map")]
    assert "pyodide.js" not in names


def test_lock_entries_are_local_and_match(site_runtime: Path):
    lock = load(site_runtime / LOCK_JSON)
    packages = lock["packages"]
    for name, pkg in packages.items():
        assert not REMOTE.match(pkg["file_name"]), name
        assert "/" not in pkg["file_name"], name
        wheel = site_runtime / pkg["file_name"]
        assert wheel.is_file(), name
        assert file_digest(wheel) == pkg["sha256"], name
        assert set(pkg["depends"]) <= set(packages), name


def test_lock_lists_exactly_the_shipped_wheels(site_runtime: Path):
    lock = load(site_runtime / LOCK_JSON)
    assert lock["info"]["python"].startswith("3.14.")
    assert {p["file_name"] for p in lock["packages"].values()} == {
        p.name for p in site_runtime.glob("*.whl")
    }
    assert "widgetsnbextension-4.0.999-py3-none-any.whl" in {
        p["file_name"] for p in lock["packages"].values()
    }


def test_lock_parses_with_pyodide_lock(site_runtime: Path):
    from pyodide_lock import PyodideLockSpec

    spec = PyodideLockSpec.from_json(site_runtime / LOCK_JSON)
    spec.check_wheel_filenames()
    assert spec.packages["ipython"].version == "9.12.0"
    assert "ipython-pygments-lexers" in spec.packages["ipython"].depends


def test_manifest_core_sha256(site_runtime: Path):
    manifest = load(site_runtime / RUNTIME_MANIFEST_JSON)
    assert set(manifest["core"]) == set(CORE_FILES)
    for name, sha256 in manifest["core"].items():
        assert file_digest(site_runtime / name) == sha256, name
    assert manifest["pyodide_version"] == "314.0.6"
    assert manifest["browsergrad_version"] == browsergrad.__version__


def test_preload_closure_is_locked(site_runtime: Path):
    manifest = load(site_runtime / RUNTIME_MANIFEST_JSON)
    packages = load(site_runtime / LOCK_JSON)["packages"]
    todo, seen = list(manifest["preload"]), set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += packages[name]["depends"]
    assert {"ipython", "jedi", "parso", "traitlets", "browsergrad", "pyodide-kernel"} <= seen
    widgets = {"ipywidgets", "jupyterlab-widgets", "widgetsnbextension"}
    assert widgets <= set(packages)
    assert not widgets & set(manifest["preload"])


def test_piplite_index_is_local_and_matches(site_runtime: Path):
    index = load(site_runtime / ALL_JSON)
    lock = load(site_runtime / LOCK_JSON)
    assert set(index) == set(lock["packages"])
    for name, project in index.items():
        for files in project["releases"].values():
            for entry in files:
                assert entry["url"] == f"./{entry['filename']}", name
                wheel = site_runtime / entry["filename"]
                assert file_digest(wheel) == entry["digests"]["sha256"], name


def test_no_remote_url_in_any_config(built_site: Path):
    configs = list(built_site.rglob("jupyter-lite.json"))
    assert configs
    for config in configs:
        assert not REMOTE.search(config.read_text(encoding="utf-8")), config


def test_kernel_settings(built_site: Path):
    config = load(built_site / "jupyter-lite.json")
    settings = config["jupyter-config-data"]["litePluginSettings"][PLUGIN_ID]
    manifest = load(built_site / "static/browsergrad/pyodide" / RUNTIME_MANIFEST_JSON)
    assert settings == {
        "pyodideUrl": PREFIX + "pyodide.mjs",
        "lockFileUrl": PREFIX + "pyodide-lock.json",
        "pipliteUrls": [PREFIX + "all.json"],
        "preloadPackages": manifest["preload"],
        "pyodideVersion": "314.0.6",
        "browsergradVersion": browsergrad.__version__,
        "labsUrl": "./static/browsergrad/labs.json",
        "isolationServiceWorker": False,
    }
    for url in (settings["pyodideUrl"], settings["lockFileUrl"], *settings["pipliteUrls"]):
        assert (built_site / url).is_file(), url


def test_browsergrad_wheel_is_built_from_the_one_source(site_runtime: Path):
    wheel = site_runtime / f"browsergrad-{browsergrad.__version__}-py3-none-any.whl"
    source = Path(browsergrad.__file__).parent
    with zipfile.ZipFile(wheel) as zf:
        shipped = {
            n: zf.read(n)
            for n in zf.namelist()
            if n.startswith("browsergrad/") and "__pycache__/" not in n
        }
    expected = {
        f"browsergrad/{p.relative_to(source).as_posix()}": p.read_bytes()
        for p in source.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert shipped == expected

"""The JupyterLite-only extension (the kernel): in every built site and listed in its
``jupyter-lite.json``, never in ``share/jupyter/labextensions``; ``jupyter lite check`` fails a
site without it (its check task; a ``jupyter lite check`` run rebuilds what is missing
first)."""

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from browsergrad_kernel.build_errors import SiteConfigError
from browsergrad_kernel.constants import LITE_EXTENSION_DIR, LITE_EXTENSION_NAME
from browsergrad_kernel.site.lite_extension import site_dir, source_files, verify_in_site

TOKEN_NAME = re.compile(r"browsergrad-kernel:I[A-Z][A-Za-z]+")


def test_the_package_has_it_and_jupyterlab_does_not():
    assert (LITE_EXTENSION_DIR / "package.json").is_file()
    shared = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    assert (shared / "browsergrad-kernel" / "package.json").is_file()
    assert not (shared / LITE_EXTENSION_NAME).exists()


def test_the_site_has_it_and_lists_it(built_site: Path):
    verify_in_site(built_site)
    dest = site_dir(built_site)
    copied = sorted(p.relative_to(dest) for p in dest.rglob("*") if p.is_file())
    assert copied == sorted(p.relative_to(LITE_EXTENSION_DIR) for p in source_files())


def test_a_package_without_it_fails_clearly(tmp_path: Path):
    with pytest.raises(SiteConfigError, match="JupyterLite extension is missing"):
        source_files(tmp_path)


def test_check_fails_a_site_without_it(tmp_path: Path, built_site: Path):
    output = tmp_path / "_output"
    shutil.copytree(built_site, output)
    shutil.rmtree(site_dir(output))
    with pytest.raises(SiteConfigError, match="is missing: the kernel cannot load"):
        verify_in_site(output)


def test_check_fails_a_site_that_does_not_load_it(tmp_path: Path, built_site: Path):
    output = tmp_path / "_output"
    shutil.copytree(built_site, output)
    config_path = output / "jupyter-lite.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    data = config["jupyter-config-data"]
    data["federated_extensions"] = [
        ext for ext in data["federated_extensions"] if ext["name"] != LITE_EXTENSION_NAME
    ]
    config_path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(SiteConfigError, match="does not list browsergrad-kernel-lite"):
        verify_in_site(output)


def _token_names(folder: Path) -> set[str]:
    names: set[str] = set()
    for script in folder.glob("static/*.js"):
        names |= set(TOKEN_NAME.findall(script.read_text(encoding="utf-8")))
    return names


def test_it_takes_its_tokens_from_the_main_extension():
    """The tokens (``new Token('browsergrad-kernel:I...')``) are made once, in the main
    extension; a copy in the lite one would be another service no plugin provides."""
    main = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "browsergrad-kernel"
    assert {"browsergrad-kernel:ISiteSettings", "browsergrad-kernel:IWorkerPool"} <= (
        _token_names(main)
    )
    assert _token_names(LITE_EXTENSION_DIR) == set()
    package = json.loads((LITE_EXTENSION_DIR / "package.json").read_text(encoding="utf-8"))
    shared = package["jupyterlab"]["sharedPackages"]["browsergrad-kernel"]
    assert shared["bundled"] is False and shared["singleton"] is True

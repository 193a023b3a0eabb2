"""The runtime library's example page: written only when what it loads is in the site."""

import re
from pathlib import Path

import pytest
from helpers import assert_ok, lite

from browsergrad_kernel.build_errors import SiteConfigError
from browsergrad_kernel.constants import SITE_SUBDIR
from browsergrad_kernel.site.runtime_example import (
    EXAMPLE_DIR,
    RUNTIME_DIR,
    RUNTIME_FILES,
    install_runtime_example,
)


def test_missing_runtime_files_are_named(tmp_path: Path):
    runtime = tmp_path.joinpath(*RUNTIME_DIR)
    runtime.mkdir(parents=True)
    (runtime / "browsergrad.runtime.js").write_text("// library", encoding="utf-8")
    with pytest.raises(SiteConfigError) as raised:
        install_runtime_example(tmp_path)
    message = str(raised.value)
    assert "browsergrad.worker.js" in message
    assert "browsergrad.runtime.js" not in message.split("lacks", 1)[1]
    assert not (tmp_path / EXAMPLE_DIR).exists()


def test_page_loads_only_site_files(tmp_path: Path):
    runtime = tmp_path.joinpath(*RUNTIME_DIR)
    runtime.mkdir(parents=True)
    for name in RUNTIME_FILES:
        (runtime / name).write_text("", encoding="utf-8")
    page = install_runtime_example(tmp_path)
    assert page == tmp_path / EXAMPLE_DIR / "index.html"
    refs = re.findall(r'(?:src|href)="([^"]+)"', page.read_text(encoding="utf-8"))
    assert refs, "the page loads its script and styles"
    for ref in refs:
        # Relative to the page, so same-origin, and naming a file of the site.
        assert not re.match(r"^([a-z]+:|/)", ref), ref
        assert (page.parent / ref).resolve().is_file(), ref


def test_a_real_build_serves_the_page_and_what_it_loads(tmp_path: Path):
    assert_ok(lite("build", tmp_path, "--BrowsergradSiteAddon.runtime_example=True"))
    site = tmp_path / "_output"
    page = site / EXAMPLE_DIR / "index.html"
    refs = re.findall(r'(?:src|href)="([^"]+)"', page.read_text(encoding="utf-8"))
    for ref in refs:
        assert (page.parent / ref).resolve().is_file(), ref
    # The library next to the worker it starts, and the runtime folder it reads.
    runtime = site.joinpath(*RUNTIME_DIR)
    for name in RUNTIME_FILES:
        assert (runtime / name).stat().st_size > 0, name
    assert (site.joinpath(*SITE_SUBDIR) / "manifest.json").is_file()


def test_no_page_by_default(built_site: Path):
    assert not (built_site / EXAMPLE_DIR).exists()

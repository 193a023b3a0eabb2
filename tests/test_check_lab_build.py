"""``jupyter lite build --BrowsergradLabsAddon.check_labs=warn|error`` runs check-lab on the
site's labs: a warning, or a failed build."""

import shutil
from pathlib import Path

import pytest
from helpers import assert_ok, lite
from test_labs_build import lab_copy


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site whose one lab has a starter that passes every check (the reference's code)."""
    lab = lab_copy(tmp_path / "files" / "lab")
    shutil.rmtree(lab / "wrong")
    shutil.copy(lab / "reference.ipynb", lab / "starter.ipynb")
    return tmp_path


def test_error_fails_the_build_naming_the_check(site: Path):
    proc = lite("build", site, "--BrowsergradLabsAddon.check_labs=error")
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "check-lab failed" in out
    assert "single-neuron@1.0.0: starter starter.ipynb (cpython) passes every check" in out


def test_warn_builds_and_says_so(site: Path):
    proc = lite("build", site, "--BrowsergradLabsAddon.check_labs=warn")
    assert_ok(proc)
    assert "check-lab: single-neuron@1.0.0: starter starter.ipynb" in proc.stdout + proc.stderr


def test_off_by_default(site: Path):
    proc = lite("build", site)
    assert_ok(proc)
    assert "check-lab" not in proc.stdout + proc.stderr

"""The kernel settings a site author writes: the output limit, checked at build time."""

from pathlib import Path

import pytest
from helpers import assert_ok, lite
from test_stop_settings import kernel_settings, write_settings

from browsergrad_kernel.build_errors import KernelSettingsError
from browsergrad_kernel.kernel_settings import check_output_limit

CONFIG = Path("jupyter-lite.json")


@pytest.mark.parametrize(
    "value",
    [
        None,
        {},
        {"lines": 500},
        {"characters": 2_000_000},
        {"lines": None, "characters": 10},
        {"lines": 2e4},
    ],
)
def test_good_output_limits_pass(value):
    check_output_limit(value, CONFIG)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5000, "outputLimit must be an object such as"),
        ("none", "outputLimit must be an object such as"),
        ({"rows": 10}, "outputLimit has unknown keys ['rows']; it takes ['lines', 'characters']"),
        ({"lines": 0}, "outputLimit.lines must be a positive whole number (or null), got 0"),
        ({"lines": 2.5}, "outputLimit.lines must be a positive whole number (or null), got 2.5"),
        ({"characters": True}, "outputLimit.characters must be a positive whole number"),
        ({"characters": "1e6"}, "outputLimit.characters must be a positive whole number"),
        ({"characters": float("inf")}, "outputLimit.characters must be a positive whole number"),
    ],
)
def test_bad_output_limits_name_the_file_and_key(value, message):
    with pytest.raises(KernelSettingsError) as caught:
        check_output_limit(value, CONFIG)
    assert str(caught.value).startswith("jupyter-lite.json: ")
    assert message in str(caught.value)


def test_the_output_limit_reaches_the_site(tmp_path: Path):
    write_settings(tmp_path, {"outputLimit": {"lines": 500}})
    assert_ok(lite("build", tmp_path))
    assert kernel_settings(tmp_path / "_output")["outputLimit"] == {"lines": 500}
    assert_ok(lite("check", tmp_path))


def test_a_bad_output_limit_fails_the_build(tmp_path: Path):
    write_settings(tmp_path, {"outputLimit": {"lines": -1}})
    proc = lite("build", tmp_path)
    assert proc.returncode != 0
    assert "outputLimit.lines must be a positive whole number (or null), got -1" in (
        proc.stdout + proc.stderr
    )

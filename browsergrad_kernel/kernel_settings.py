"""Checks of the kernel settings a site author writes into ``jupyter-lite.json``.

Each fails ``jupyter lite build`` and ``jupyter lite check`` with a message naming the file,
the key and the value, rather than leaving the kernel to misbehave in the browser.
"""

import math
from pathlib import Path
from typing import Any

from .build_errors import KernelSettingsError

#: the keys of ``outputLimit``: how many lines and characters of printed output a cell shows
OUTPUT_LIMIT_KEYS = ("lines", "characters")


def check_time_limit(value: Any, config_path: Path) -> None:
    """The default time limit is absent, null, or a positive number of seconds."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise KernelSettingsError(
            f"{config_path}: timeLimit must be a number of seconds (or null), got {value!r}"
        )
    if value <= 0:
        raise KernelSettingsError(
            f"{config_path}: timeLimit must be a positive number of seconds, got {value!r}"
        )


def check_output_limit(value: Any, config_path: Path) -> None:
    """The output limit is null (no limit) or an object of positive integers (or nulls)."""
    if value is None:
        return
    if not isinstance(value, dict):
        raise KernelSettingsError(
            f"{config_path}: outputLimit must be an object such as "
            f'{{"lines": 20000, "characters": 1000000}} (or null), got {value!r}'
        )
    unknown = sorted(set(value) - set(OUTPUT_LIMIT_KEYS))
    if unknown:
        raise KernelSettingsError(
            f"{config_path}: outputLimit has unknown keys {unknown}; "
            f"it takes {list(OUTPUT_LIMIT_KEYS)}"
        )
    for key, limit in value.items():
        if limit is None:
            continue
        whole = isinstance(limit, int) or (isinstance(limit, float) and limit.is_integer())
        if isinstance(limit, bool) or not whole or limit <= 0:
            raise KernelSettingsError(
                f"{config_path}: outputLimit.{key} must be a positive whole number "
                f"(or null), got {limit!r}"
            )

"""Settings of the browsergrad module, changed with ``configure()``."""

from __future__ import annotations

#: the default cap on one artifact's payload, in bytes
DEFAULT_MAX_ARTIFACT_BYTES = 1_000_000

#: the live settings (read on every call that needs them)
settings = {"max_artifact_bytes": DEFAULT_MAX_ARTIFACT_BYTES}


def configure(*, max_artifact_bytes: int | None = None) -> dict:
    """Change settings; return all of them (a copy).

    ``max_artifact_bytes``: the size cap of a log, JSON or image payload (and of an
    assertion's expected/actual value); a bigger one is emitted without its data,
    marked ``truncated``.
    """
    if max_artifact_bytes is not None:
        value = max_artifact_bytes
        if type(value) is bool or not isinstance(value, int):
            raise TypeError(
                "browsergrad.configure: max_artifact_bytes must be an int, "
                f"not {type(value).__name__}"
            )
        if value <= 0:
            raise ValueError(
                f"browsergrad.configure: max_artifact_bytes must be positive, got {value}"
            )
        settings["max_artifact_bytes"] = int(value)
    return dict(settings)


def max_artifact_bytes() -> int:
    return settings["max_artifact_bytes"]

"""Host-side Python for browsergrad-kernel: the ``jupyter lite build`` addon and helpers."""

from browsergrad import __version__

__all__ = ["__version__"]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where the prebuilt labextension lives, for ``jupyter labextension develop``."""
    return [{"src": "labextension", "dest": "browsergrad-kernel"}]

"""What a restored memory snapshot must not share with other workers.

The snapshot is made once, under Node at package build. Every worker restored
from it starts with the interpreter state of that moment: the seeds Python drew
at start-up, and what the build's runtime told it about itself. Hash
randomisation (``PYTHONHASHSEED``) cannot change in a running interpreter: it
stays the snapshot's (see ``docs/architecture.md``).
"""

from __future__ import annotations

import os
import random
import sys

#: what Emscripten names the program in a browser (``_`` in the environment)
_PROGRAM = "./this.program"


def refresh_after_restore() -> None:
    """Reseed randomness from ``os.urandom`` (the browser's
    ``crypto.getRandomValues``), and make the interpreter describe this
    runtime rather than the build's."""
    random.seed()
    tempfile = sys.modules.get("tempfile")
    if tempfile is not None:
        tempfile._name_sequence = None  # its own Random, made on first use
    os.environ["_"] = _PROGRAM
    info = getattr(sys, "_emscripten_info", None)
    if info is not None:
        sys._emscripten_info = type(info)((*info[:1], _runtime(), *info[2:]))


def _runtime() -> str:
    """As Emscripten reports it: the browser's user agent, or Node's version."""
    import js

    navigator = getattr(js, "navigator", None)
    if navigator is not None and getattr(navigator, "userAgent", None):
        return str(navigator.userAgent)
    return f"Node.js {js.process.version}"

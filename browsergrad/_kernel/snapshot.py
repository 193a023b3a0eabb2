"""What a restored memory snapshot must not share with other workers.

Every worker restored from the same snapshot starts with the same interpreter
state, so the seeds that Python drew at start-up are the same too. Hash
randomisation (``PYTHONHASHSEED``) cannot change in a running interpreter: it
stays the snapshot's (see ``docs/architecture.md``).
"""

from __future__ import annotations

import random
import sys


def fresh_randomness() -> None:
    """Reseed what was seeded when the snapshot was made, from ``os.urandom``
    (the browser's ``crypto.getRandomValues``)."""
    random.seed()
    tempfile = sys.modules.get("tempfile")
    if tempfile is not None:
        tempfile._name_sequence = None  # its own Random, made on first use

"""Chosen files of flows, read in the worker: ``labextension/src/worker/files.ts``.

The worker calls ``install(read, drop)`` at boot: ``read(file_id, start, end)``
returns a Uint8Array (FileReaderSync on ``file.slice(start, end)`` in a
browser, a file descriptor under Node), ``drop(file_id)`` forgets the file.
"""

from __future__ import annotations

from collections.abc import Callable

_read: Callable | None = None
_drop: Callable | None = None


def install(read: Callable, drop: Callable) -> None:
    global _read, _drop
    _read, _drop = read, drop


def open_file(value: dict):
    """The FlowFile of a PayloadFile's value ``{"file_id", "name", "size"}``."""
    from ..flow.commands import FlowProtocolError
    from ..flow.files import FlowFile

    if _read is None or _drop is None:
        raise FlowProtocolError(
            "a chosen file can only be read in the browsergrad kernel (none is installed here)"
        )
    file_id = value.get("file_id")
    if not isinstance(file_id, str):
        raise FlowProtocolError(f"a PayloadFile value needs a file_id, not {value!r}")
    read, drop = _read, _drop

    def read_range(start: int, end: int) -> bytes:
        return read(file_id, start, end).to_bytes()  # a Uint8Array's JsProxy

    return FlowFile(
        read_range,
        int(value.get("size", 0)),
        str(value.get("name", "file")),
        release=lambda: drop(file_id),
    )

"""A chosen file, read in slices on demand: no size ceiling.

``FlowFile`` is a seekable binary file (``io.RawIOBase``) over a reader
``read_range(start, end) -> bytes``; in the kernel that reader is the worker's
``FileReaderSync`` on ``file.slice(start, end)`` (``browsergrad._kernel.flow_files``).
zipfile, csv (through ``io.TextIOWrapper``) and json use it directly. Once its
flow has ended it is released, and a read says so.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable

#: bytes fetched at least per call to the reader: small reads hit this cache
READ_AHEAD = 256 * 1024


class FlowFileClosedError(ValueError):
    """A read of a chosen file after its flow ended (or after ``close()``)."""


class FlowFile(io.RawIOBase):
    def __init__(
        self,
        read_range: Callable[[int, int], bytes],
        size: int,
        name: str,
        release: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self._read_range = read_range
        self._release = release
        self._size = size
        self._name = name
        self._pos = 0
        self._cache_start = 0
        self._cache = b""
        self._ended: str | None = None
        if not isinstance(size, int) or size < 0:
            self._ended = "its size is not valid"
            raise ValueError(f"a file size is a non-negative int, not {size!r}")

    @property
    def size(self) -> int:
        return self._size

    @property
    def name(self) -> str:  # type: ignore[override]
        return self._name

    @property
    def mode(self) -> str:
        return "rb"

    def __repr__(self) -> str:
        return f"<FlowFile {self._name!r} {self._size} bytes>"

    def readable(self) -> bool:
        self._check()
        return True

    def seekable(self) -> bool:
        self._check()
        return True

    def tell(self) -> int:
        self._check()
        return self._pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._check()
        if whence == os.SEEK_SET:
            pos = offset
        elif whence == os.SEEK_CUR:
            pos = self._pos + offset
        elif whence == os.SEEK_END:
            pos = self._size + offset
        else:
            raise ValueError(f"invalid whence ({whence})")
        if pos < 0:
            raise OSError(22, f"negative seek position {pos}")
        self._pos = pos
        return pos

    def readinto(self, buffer) -> int:
        """Fill ``buffer`` as far as the file goes (never a short read before the end)."""
        self._check()
        view = memoryview(buffer).cast("B")
        want = min(len(view), max(0, self._size - self._pos))
        done = 0
        while done < want:
            cached = self._from_cache(self._pos, want - done)
            if cached is None:
                if want - done >= READ_AHEAD:  # a large read goes straight through
                    cached = self._fetch(self._pos, self._pos + want - done)
                else:
                    end = min(self._size, self._pos + READ_AHEAD)
                    self._cache = self._fetch(self._pos, end)
                    self._cache_start = self._pos
                    continue
            view[done : done + len(cached)] = cached
            done += len(cached)
            self._pos += len(cached)
        return done

    def readall(self) -> bytes:
        self._check()
        data = self._fetch(self._pos, self._size) if self._pos < self._size else b""
        self._pos += len(data)
        return data

    def close(self) -> None:
        if not self.closed:
            self.end("the file was closed")
        super().close()

    def end(self, reason: str) -> None:
        """Release the file: later reads raise FlowFileClosedError naming ``reason``."""
        if self._ended is None:
            self._ended = reason
            self._cache = b""
            if self._release is not None:
                try:
                    self._release()
                except Exception:
                    pass

    def _check(self) -> None:
        if self._ended is not None:
            raise FlowFileClosedError(f"{self._name!r} can no longer be read: {self._ended}")

    def _from_cache(self, pos: int, want: int) -> bytes | None:
        offset = pos - self._cache_start
        if 0 <= offset < len(self._cache):
            return self._cache[offset : offset + want]
        return None

    def _fetch(self, start: int, end: int) -> bytes:
        try:
            data = self._read_range(start, end)
        except FlowFileClosedError:
            raise
        except Exception as error:
            raise OSError(
                f"{self._name!r} could not be read at {start}-{end}: {error} "
                "(was it removed or changed after it was chosen?)"
            ) from None
        if len(data) != end - start:
            raise OSError(
                f"{self._name!r} gave {len(data)} bytes at {start}-{end}: "
                "it changed after it was chosen"
            )
        return bytes(data)

"""Checks of ``emit_image`` data: base64 that decodes to the kind of image its MIME type
says (by its first bytes)."""

from __future__ import annotations

import base64
import binascii

from ._schema import IMAGE_TYPES
from ._validate import type_name

SVG = "image/svg+xml"

#: the first bytes of the files of each binary image type (SVG is text, checked apart)
MAGIC: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),  # then 4 size bytes and b"WEBP"
}


def _looks_right(mime: str, raw: bytes) -> bool:
    if mime == "image/webp":
        return raw.startswith(b"RIFF") and raw[8:12] == b"WEBP"
    return raw.startswith(MAGIC[mime])


def _b64decode(text: str) -> tuple[bytes, str]:
    """Decode strict base64; whitespace (as in line-wrapped base64) is dropped first."""
    try:
        return base64.b64decode(text, validate=True), text
    except (binascii.Error, ValueError):
        compact = "".join(text.split())
        if compact == text:
            raise
    return base64.b64decode(compact, validate=True), compact


def decode(where: str, mime: object, data_base64: object) -> tuple[str, int, str | None]:
    """Check an image; return ``(mime, decoded size, native display value)``.

    The native value is what goes under the MIME key of a display: the SVG text for
    ``image/svg+xml``, else the base64 text (without whitespace).
    """
    if not isinstance(mime, str):
        raise TypeError(f"browsergrad.{where}: mime must be a str, not {type_name(mime)}")
    if mime not in IMAGE_TYPES:
        raise ValueError(
            f"browsergrad.{where}: mime must be one of {', '.join(IMAGE_TYPES)}; got {mime!r}"
        )
    if not isinstance(data_base64, str):
        hint = ""
        if isinstance(data_base64, bytes):
            hint = " (use base64.b64encode(raw).decode('ascii'))"
        raise TypeError(
            f"browsergrad.{where}: data_base64 must be a str of base64 text, "
            f"not {type_name(data_base64)}{hint}"
        )
    try:
        raw, text = _b64decode(str.__str__(data_base64))
    except (binascii.Error, ValueError) as err:
        raise ValueError(f"browsergrad.{where}: data_base64 is not valid base64 ({err})") from None
    if mime == SVG:
        try:
            svg = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"browsergrad.{where}: the SVG data is not UTF-8 text") from None
        if "<svg" not in svg:
            raise ValueError(f"browsergrad.{where}: the SVG data has no <svg element")
        return mime, len(raw), svg
    if not _looks_right(mime, raw):
        kind = mime.partition("/")[2].upper()
        raise ValueError(f"browsergrad.{where}: data_base64 does not hold a {kind} image")
    return mime, len(raw), text

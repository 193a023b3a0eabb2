"""FlowFile, the lazy file of a flow, over a reader of byte ranges (CPython)."""

import csv
import io
import json
import zipfile

import pytest

from browsergrad.flow import FlowFile, FlowFileClosedError


class RangeReader:
    """Serves byte ranges of ``data`` and counts what was asked."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.calls: list[tuple[int, int]] = []
        self.released = 0

    def __call__(self, start: int, end: int) -> bytes:
        self.calls.append((start, end))
        return self.data[start:end]

    def release(self) -> None:
        self.released += 1


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("data/rows.csv", "name,score\nada,3\nbob,5\n")
        archive.writestr("data/meta.json", json.dumps({"n": 2}))
    return out.getvalue()


def test_zipfile_csv_and_json_read_it_directly():
    reader = RangeReader(zip_bytes())
    file = FlowFile(reader, len(reader.data), "takeout.zip", reader.release)
    with zipfile.ZipFile(file) as archive:
        assert archive.namelist() == ["data/rows.csv", "data/meta.json"]
        with archive.open("data/rows.csv") as member:
            rows = list(csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")))
        assert rows == [{"name": "ada", "score": "3"}, {"name": "bob", "score": "5"}]
        with archive.open("data/meta.json") as member:
            assert json.load(member) == {"n": 2}
    file.seek(0)
    assert json.loads(FlowFile(RangeReader(b'{"x": [1]}'), 10, "a.json").read()) == {"x": [1]}


def test_seek_tell_readinto_size_name_and_buffered_reader():
    data = bytes(range(256)) * 4
    reader = RangeReader(data)
    file = FlowFile(reader, len(data), "b.bin")
    assert (file.size, file.name, file.mode) == (1024, "b.bin", "rb")
    assert file.seekable() and file.readable()
    assert file.seek(-4, io.SEEK_END) == 1020 and file.read() == data[-4:]
    assert file.read(10) == b""
    file.seek(10)
    buf = bytearray(5)
    assert file.readinto(buf) == 5 and bytes(buf) == data[10:15] and file.tell() == 15
    file.seek(5, io.SEEK_CUR)
    assert file.read(3) == data[20:23]
    with pytest.raises(OSError, match="negative seek"):
        file.seek(-1)
    buffered = io.BufferedReader(FlowFile(RangeReader(data), len(data), "c"))
    assert buffered.read(300) == data[:300]


def test_small_reads_come_from_one_range_and_large_reads_are_not_cached():
    data = b"x" * (3 * 1024 * 1024)
    reader = RangeReader(data)
    file = FlowFile(reader, len(data), "big")
    for _ in range(100):
        file.read(100)
    assert len(reader.calls) == 1
    file.seek(1024 * 1024)
    assert file.read(2 * 1024 * 1024) == data[: 2 * 1024 * 1024]
    assert reader.calls[-1] == (1024 * 1024, 3 * 1024 * 1024)
    file.seek(1000)
    assert len(file.read(300 * 1024)) == 300 * 1024  # the cached part, then the rest


def test_a_read_after_the_flow_ended_raises_a_clear_error():
    reader = RangeReader(b"abc")
    file = FlowFile(reader, 3, "gone.zip", reader.release)
    file.end("its flow ended (End of script)")
    assert reader.released == 1
    with pytest.raises(
        FlowFileClosedError, match=r"'gone.zip' can no longer be read: its flow ended"
    ):
        file.read(1)
    with pytest.raises(FlowFileClosedError):
        file.seek(0)
    file.close()
    assert reader.released == 1


def test_a_file_that_went_away_or_changed_says_so():
    def removed(start, end):
        raise RuntimeError("NotFoundError: A requested file could not be found")

    with pytest.raises(OSError, match=r"'x.zip' could not be read at 0-3: NotFoundError.*removed"):
        FlowFile(removed, 3, "x.zip").read(3)
    with pytest.raises(OSError, match="changed after it was chosen"):
        FlowFile(RangeReader(b"ab"), 10, "short").read(5)
    with pytest.raises(ValueError, match="non-negative int"):
        FlowFile(RangeReader(b""), -1, "neg")

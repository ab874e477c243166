"""JSON Lines: the fast path of a scan.

The parent only cuts the byte stream at newlines (:func:`iter_line_chunks`); workers parse lines with
orjson. On the way out a record that only gained the annotation is written as its *original line* with
``,"spamsplice":{...}`` spliced in before the closing brace: the input bytes are kept exactly (number
formatting, key order, integers beyond 64 bits) and the record is not re-serialized, which is most of
the cost of writing JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO, Iterable, Iterator, Sequence

import orjson

from spamsplice.io import ERROR_FIELD, unreadable
from spamsplice.io.compression import compress_block

ANNOTATION_FIELD = "spamsplice"
_TAIL_BLOCK = 1 << 16
_PROBE_BYTES = 1 << 16
_LONG_LINE_BYTES = 512  # lines at least this long on average are handed out as views


def iter_line_chunks(stream: BinaryIO, chunk_bytes: int) -> Iterator[bytes]:
    """Yield blocks of about ``chunk_bytes`` that end on a line boundary (the last may lack a newline).

    A line longer than ``chunk_bytes`` becomes one larger block; it is never split.
    """
    parts: list[bytes] = []
    size = 0
    while block := stream.read(chunk_bytes):
        parts.append(block)
        size += len(block)
        if size < chunk_bytes:
            continue
        cut = block.rfind(b"\n") + 1
        if not cut:
            continue
        rest = block[cut:]
        parts[-1] = block[:cut]
        yield b"".join(parts)
        parts = [rest] if rest else []
        size = len(rest)
    if parts:
        yield b"".join(parts)


@dataclass(frozen=True)
class FileRange:
    """The lines of an uncompressed file that *start* in ``[start, end)``, read by the worker itself.

    Cutting a file into ranges needs no reading at all, so for plain JSONL and text the parent sends
    only these few bytes and each worker reads its own input: every line starts in exactly one range,
    and the range that holds a line's first byte reads it to its end.
    """

    path: str
    start: int
    end: int

    def read(self) -> bytes:
        with open(self.path, "rb", buffering=0) as f:
            first = _line_start(f, self.start, self.end) if self.start else 0
            if first >= self.end:
                return b""  # one long line covers this whole range; an earlier range owns it
            last = _line_start(f, self.end, None)  # the range's last line, read to its end
            f.seek(first)
            data = f.read(last - first)  # one read into one buffer: no tail joined on afterwards
            while len(data) < last - first and (more := f.read(last - first - len(data))):
                data += more  # a read is capped (2 GiB on Linux); a longer line takes more than one
            return data


def _line_start(f: BinaryIO, position: int, limit: int | None) -> int:
    """The first offset >= ``position`` where a line starts (just after a newline), else ``limit``
    (None: the end of the file)."""
    offset = position - 1
    f.seek(offset)
    while limit is None or offset < limit:
        block = f.read(_TAIL_BLOCK if limit is None else min(_TAIL_BLOCK, limit - offset))
        if not block:
            return offset
        cut = block.find(b"\n")
        if cut >= 0:
            return offset + cut + 1
        offset += len(block)
    return limit


def file_ranges(path: str, size: int, chunk_bytes: int) -> Iterator[FileRange]:
    """Cut a file of ``size`` bytes into ranges of ``chunk_bytes`` (no I/O)."""
    for start in range(0, size, chunk_bytes):
        yield FileRange(path, start, min(start + chunk_bytes, size))


def payload_bytes(payload: bytes | FileRange) -> bytes:
    """A line payload's bytes, reading them when the parent sent a range."""
    return payload.read() if type(payload) is FileRange else payload  # type: ignore[union-attr,return-value]


_BOM = b"\xef\xbb\xbf"


def parse_line(line: bytes) -> tuple[dict[str, Any], bool]:
    """Parse one JSONL line into a record; return it and whether it is a plain JSON object.

    A line that is not valid UTF-8, not valid JSON, or not an object comes back as an
    :func:`~spamsplice.io.unreadable` record (and ``False``), never as an exception.
    """
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        if bytes(line[:3]) == _BOM:  # a file saved "with BOM": its first line is still a record
            record, ok = parse_line(line[3:])
            if ok:
                return record, ok
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as utf_exc:
            return unreadable(line.rstrip(b"\r"), f"invalid UTF-8: at byte {utf_exc.start}"), False
        return unreadable(line.rstrip(b"\r"), f"malformed JSON: {exc}"), False
    if type(value) is not dict:
        return unreadable(line.rstrip(b"\r"), f"not a JSON object: {type(value).__name__}"), False
    return value, True


def split_lines(data: bytes) -> Iterable[bytes | memoryview]:
    """The lines of ``data`` (without their newlines): views into it for long lines, copies for short.

    A crawl document is kilobytes long: copying every line out (``split``) then costs more than
    finding its end and taking a view (orjson reads views). For short lines the one C loop of
    ``split`` beats a Python step per line; the first 64 KiB tell which kind a block holds.
    """
    probe = min(len(data), _PROBE_BYTES)
    if data.count(b"\n", 0, probe) * _LONG_LINE_BYTES > probe:
        return data.split(b"\n")
    return _line_views(data)


def _line_views(data: bytes) -> Iterator[memoryview]:
    view, find, start, size = memoryview(data), data.find, 0, len(data)
    while start < size:
        end = find(b"\n", start)
        if end < 0:
            end = size
        yield view[start:end]
        start = end + 1


class JsonlDecoder:
    """Worker side: a block of lines -> records, plus each record's line where it can be spliced.

    Blank lines are not records and are skipped. The lines kept for splicing may be views into the
    block (see :func:`split_lines`).
    """

    def decode(self, payload: bytes | FileRange) -> tuple[list[dict[str, Any]], list[bytes | memoryview | None]]:
        records: list[dict[str, Any]] = []
        raws: list[bytes | memoryview | None] = []
        add_record, add_raw, loads = records.append, raws.append, orjson.loads
        for line in split_lines(payload_bytes(payload)):
            if not line:
                continue
            try:
                value = loads(line)
            except orjson.JSONDecodeError:
                line = bytes(line)
                if line.isspace():
                    continue
                value = None
            if type(value) is dict and ANNOTATION_FIELD not in value and ERROR_FIELD not in value:
                add_record(value)
                add_raw(line)
            else:  # the rare cases, worded by parse_line (a record we cannot splice onto is re-serialized)
                add_record(value if type(value) is dict else parse_line(bytes(line))[0])
                add_raw(None)
        return records, raws


def _json_default(value: Any) -> Any:
    """Types orjson does not write (from Parquet or JSON arrays): exact text rather than a lossy number."""
    import decimal

    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        import base64

        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dump_record(record: Any) -> bytes:
    """A record (or any JSON value) as compact JSON; integers beyond 64 bits or lone surrogates fall back to the stdlib."""
    try:
        return orjson.dumps(record, default=_json_default)
    except orjson.JSONEncodeError:
        import json

        return json.dumps(record, separators=(",", ":"), default=_json_default).encode("ascii")


class JsonlEncoder:
    """Worker side: records -> one compressed block of lines.

    ``raws[i]``, when not None, is the input line of ``records[i]``, and ``records[i]`` must be exactly
    that line's object plus the ``spamsplice`` annotation: the line is then copied, not re-serialized.
    """

    def __init__(self, compression: str = "none") -> None:
        self.compression = compression

    def encode(self, records: Sequence[dict[str, Any]], raws: Sequence[bytes | memoryview | None] | None) -> tuple[bytes, int]:
        """One line per record: compact JSON never holds a raw newline, so the count is ``len(records)``."""
        if raws is None:
            block = b"".join([dump_record(r) + b"\n" for r in records])
        else:
            dumps, parts = orjson.dumps, []
            append = parts.append
            for record, raw in zip(records, raws):
                if raw is None:
                    append(dump_record(record) + b"\n")
                    continue
                # ``raw`` parsed as an object, so its last non-blank byte is the closing brace; a view of
                # the line up to it costs no copy (the join below is the only one).
                if raw[-1] == 0x7D:
                    append(memoryview(raw)[:-1])
                else:
                    line = bytes(raw)
                    append(line[: line.rindex(b"}")])
                append((b',"spamsplice":' if len(record) > 1 else b'"spamsplice":') + dumps(record[ANNOTATION_FIELD]) + b"}\n")
            block = b"".join(parts)
        return compress_block(block, self.compression), len(records)

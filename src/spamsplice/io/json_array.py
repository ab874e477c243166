"""A JSON array of records (``.json``), streamed element by element with ijson (yajl, C backend).

Memory stays bounded by one chunk of elements whatever the file size. A syntax error inside the array
cannot be skipped safely (there is no line to resynchronise on), so it fails the whole shard with the
byte position, rather than guessing where the next record starts.
"""

from __future__ import annotations

from typing import Any, BinaryIO, Callable, Iterator, Sequence

from spamsplice.io import unreadable
from spamsplice.io.compression import compress_block
from spamsplice.io.jsonl import dump_record

_MAX_ELEMENTS = 1024
_PROBE_BYTES = 1 << 16


class _Prefixed:
    """A reader that returns ``head`` before the rest of ``stream`` (the bytes sniffed to check the type)."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""  # ijson probes with read(0) for bytes vs str
        if self._head:
            head, self._head = self._head, b""
            return head
        return self._stream.read(size)


def iter_element_chunks(stream: BinaryIO, position: Callable[[], int], chunk_bytes: int) -> Iterator[list[Any]]:
    """Yield lists of array elements, cut at about ``chunk_bytes`` of input or 1024 elements."""
    import ijson

    head = stream.read(_PROBE_BYTES)
    start = head.lstrip()[:1]
    if start != b"[":
        found = repr(start.decode("utf-8", "replace")) if start else "an empty file"
        raise ValueError(f"not a JSON array: the file starts with {found}")
    chunk: list[Any] = []
    mark = position()
    try:
        for element in ijson.items(_Prefixed(head, stream), "item", use_float=True):
            chunk.append(element)
            if len(chunk) >= _MAX_ELEMENTS or position() - mark >= chunk_bytes:
                yield chunk
                chunk = []
                mark = position()
    except ijson.JSONError as exc:
        raise ValueError(f"malformed JSON array near input byte {position()}: {exc}") from exc
    if chunk:
        yield chunk


class JsonArrayDecoder:
    """Worker side: elements -> records; an element that is not an object becomes an error record."""

    def decode(self, payload: list[Any]) -> tuple[list[dict[str, Any]], None]:
        records = [
            element if type(element) is dict else unreadable(dump_record(element), f"not a JSON object: array element of type {type(element).__name__}")
            for element in payload
        ]
        return records, None


class JsonArrayEncoder:
    """Worker side: records -> array elements separated by ``,\\n`` (the writer adds brackets and joins)."""

    def __init__(self, compression: str = "none") -> None:
        self.compression = compression

    def encode(self, records: Sequence[dict[str, Any]], raws: Sequence[bytes | None] | None) -> tuple[bytes, int]:
        block = b",\n".join([dump_record(r) for r in records])
        return compress_block(block, self.compression), len(records)

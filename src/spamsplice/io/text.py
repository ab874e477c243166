"""Plain text: one document per line, or one document per file (``--whole-file``).

Text output holds only the text, so it exists for the modes that rewrite or filter text (clean, drop,
split); an annotated scan of text writes JSON Lines. Lines are written back with ``\\n`` endings; a line
that is not valid UTF-8 is written back with its bad bytes as ``\\xNN`` escapes (and counted as an error).
"""

from __future__ import annotations

from typing import Any, BinaryIO, Iterator, Sequence

from spamsplice.io import RAW_FIELD, unreadable
from spamsplice.io.compression import compress_block
from spamsplice.io.jsonl import FileRange, payload_bytes


def read_whole(stream: BinaryIO) -> Iterator[bytes]:
    """The whole file as one payload (one document): for stdin and compressed files."""
    yield stream.read()


class TextDecoder:
    """Worker side: lines (or a whole file) -> ``{text_field: text}`` records."""

    def __init__(self, text_field: str = "text", whole_file: bool = False) -> None:
        self.text_field = text_field
        self.whole_file = whole_file

    def _record(self, data: bytes) -> dict[str, Any]:
        try:
            return {self.text_field: data.decode("utf-8")}
        except UnicodeDecodeError as exc:
            return unreadable(data, f"invalid UTF-8: at byte {exc.start}")

    def decode(self, payload: bytes | FileRange) -> tuple[list[dict[str, Any]], None]:
        payload = payload_bytes(payload)
        if self.whole_file:
            return [self._record(payload)], None
        lines = payload.split(b"\n")
        if lines[-1] == b"":
            lines.pop()  # the newline ending the block, not an empty document
        return [self._record(line[:-1] if line.endswith(b"\r") else line) for line in lines], None


class TextEncoder:
    """Worker side: records -> their text, one per line (or the file as it was, for whole files)."""

    def __init__(self, text_field: str = "text", whole_file: bool = False, compression: str = "none") -> None:
        self.text_field = text_field
        self.whole_file = whole_file
        self.compression = compression

    def _text(self, record: dict[str, Any]) -> str:
        text = record.get(self.text_field)
        if isinstance(text, str):
            return text
        raw = record.get(RAW_FIELD)
        return raw if isinstance(raw, str) else ""

    def encode(self, records: Sequence[dict[str, Any]], raws: Sequence[bytes | None] | None) -> tuple[bytes, int]:
        if self.whole_file:
            block = "".join(self._text(r) for r in records).encode("utf-8")
            return compress_block(block, self.compression), len(records)
        block = "".join([self._text(r) + "\n" for r in records]).encode("utf-8")
        return compress_block(block, self.compression), block.count(b"\n")

"""Readers and writers of dump formats, one pair per file, shaped for a parallel scan.

Each format is split in two halves so that the expensive work runs in the workers:

- the parent side (:class:`InputShard`, a writer) only cuts the input into payloads and appends the
  encoded results: for JSONL and text that is splitting raw bytes at newlines, nothing is parsed;
- the worker side is a pair of small picklable objects: a *decoder* (payload -> records) and an
  *encoder* (records -> bytes or an Arrow batch, already compressed).

A record that cannot be read keeps its bytes as ``{"_raw": "<the line>"}`` and carries the reason
under :data:`ERROR_FIELD`; :func:`spamsplice.batch.process_records` turns that into the
``"spamsplice": {"error": ...}`` annotation, so nothing is dropped on the floor.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, BinaryIO, Iterator, Protocol, Sequence

from spamsplice.io.compression import SUFFIX_OF, compression_of

RAW_FIELD = "_raw"
ERROR_FIELD = "_spamsplice_error"

FORMATS = ("jsonl", "json", "parquet", "csv", "tsv", "txt")
_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "txt",
}
_CANONICAL_EXTENSION = {"jsonl": ".jsonl", "json": ".json", "parquet": ".parquet", "csv": ".csv", "tsv": ".tsv", "txt": ".txt"}
# Output formats a scan can convert to, per input format (None: keep the input's format).
_CONVERTIBLE = {
    "jsonl": {"jsonl", "json"},
    "json": {"jsonl", "json"},
    "parquet": {"parquet", "jsonl", "json"},
    "csv": {"csv", "tsv", "jsonl", "json"},
    "tsv": {"csv", "tsv", "jsonl", "json"},
    "txt": {"txt", "jsonl", "json"},
}


@dataclass(frozen=True)
class FileType:
    """A dump format plus its compression (parquet compresses internally and always says ``none``)."""

    format: str
    compression: str = "none"

    @classmethod
    def from_name(cls, name: str) -> "FileType | None":
        """The type a file name announces (``part-1.jsonl.zst``), or None for an unknown extension."""
        stem, compression = compression_of(name)
        lowered = stem.lower()
        for extension, fmt in _EXTENSIONS.items():
            if lowered.endswith(extension):
                if fmt == "parquet" and compression != "none":
                    return None
                return cls(fmt, compression)
        return None

    @property
    def suffix(self) -> str:
        return _CANONICAL_EXTENSION[self.format] + SUFFIX_OF[self.compression]

    def rename(self, name: str, target: "FileType") -> str:
        """``name`` (of this type) renamed for ``target``: same stem, the target's extension."""
        stem, _ = compression_of(name)
        lowered = stem.lower()
        for extension in _EXTENSIONS:
            if lowered.endswith(extension):
                stem = stem[: -len(extension)]
                break
        return stem + target.suffix


def check_conversion(source: FileType, target: FileType) -> None:
    """Raise ValueError early for an output format that cannot hold what the input holds."""
    if target.format not in _CONVERTIBLE[source.format]:
        allowed = ", ".join(sorted(_CONVERTIBLE[source.format]))
        raise ValueError(f"cannot write {source.format} input as {target.format}; choose one of: {allowed}")
    if target.format == "parquet" and target.compression != "none":
        raise ValueError("parquet output is compressed internally; drop the gzip/zstd compression")


def unreadable(raw: bytes | str, error: str) -> dict[str, Any]:
    """The record standing in for input that could not be parsed: its text as ``_raw`` plus the reason.

    Invalid UTF-8 is kept visible as ``\\xNN`` escapes, so the record can still be written as JSON.
    """
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "backslashreplace")
    return {RAW_FIELD: raw, ERROR_FIELD: error}


class Decoder(Protocol):
    """Worker side: a payload made by an :class:`InputShard` -> records (and raw lines where kept)."""

    def decode(self, payload: Any) -> tuple[list[dict[str, Any]], list[bytes | None] | None]: ...


class Encoder(Protocol):
    """Worker side: records -> (payload for the writer, number of records it holds)."""

    def encode(self, records: Sequence[dict[str, Any]], raws: Sequence[bytes | None] | None) -> tuple[Any, int]: ...


class Writer(Protocol):
    """Parent side: appends encoded payloads, in order, to one output shard."""

    def write(self, payload: Any) -> None: ...

    def close(self) -> None: ...


class InputShard:
    """Parent side of one input: cuts it into payloads for the workers, tracks the bytes read.

    ``source`` is a path or an open binary stream (stdin). Plain JSONL and text files are handed out as
    byte ranges that the workers read themselves; compressed or piped ones are split at newlines here,
    unparsed. CSV rows, JSON-array elements and Parquet batches are parsed here by their own readers.
    """

    def __init__(
        self,
        source: str | BinaryIO,
        file_type: FileType,
        *,
        text_field: str = "text",
        whole_file: bool = False,
        chunk_bytes: int = 1 << 20,
    ) -> None:
        self.file_type = file_type
        self.text_field = text_field
        self.whole_file = whole_file
        self.chunk_bytes = chunk_bytes
        self.decoder: Decoder
        self.csv_header: list[str] | None = None
        self.parquet_file: Any = None
        self._range_end: int | None = None
        fmt = file_type.format
        if fmt in ("jsonl", "txt") and isinstance(source, str) and file_type.compression == "none":
            self._open_ranges(source)
            return
        self._raw: BinaryIO = open(source, "rb") if isinstance(source, str) else source  # noqa: SIM115
        self._owns_raw = isinstance(source, str)
        try:
            self._open_stream(fmt)
        except BaseException:
            self.close()
            raise

    def _open_stream(self, fmt: str) -> None:
        text_field, chunk_bytes = self.text_field, self.chunk_bytes
        if fmt == "parquet":
            from spamsplice.io import parquet

            self.parquet_file = parquet.open_parquet(self._raw)
            self.decoder = parquet.ParquetDecoder()
            self._payloads = parquet.iter_batches(self.parquet_file, chunk_bytes)
            return
        from spamsplice.io.compression import open_decompressed

        self._stream = open_decompressed(self._raw, self.file_type.compression)
        if fmt == "jsonl":
            from spamsplice.io import jsonl

            self.decoder = jsonl.JsonlDecoder()
            self._payloads = jsonl.iter_line_chunks(self._stream, chunk_bytes)
        elif fmt == "txt":
            from spamsplice.io import jsonl, text

            self.decoder = text.TextDecoder(text_field, self.whole_file)
            self._payloads = text.read_whole(self._stream) if self.whole_file else jsonl.iter_line_chunks(self._stream, chunk_bytes)
        elif fmt == "json":
            from spamsplice.io import json_array

            self.decoder = json_array.JsonArrayDecoder()
            self._payloads = json_array.iter_element_chunks(self._stream, self.position, chunk_bytes)
        elif fmt in ("csv", "tsv"):
            from spamsplice.io import csv as csv_io

            self.csv_header, self._payloads = csv_io.iter_row_chunks(self._stream, fmt, self.position, chunk_bytes)
            self.decoder = csv_io.CsvDecoder(self.csv_header, fmt, text_field)
        else:
            raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")

    def _open_ranges(self, path: str) -> None:
        """Plain JSONL or text on disk: send line-aligned byte ranges, the workers read them."""
        from spamsplice.io import jsonl, text

        self.decoder = jsonl.JsonlDecoder() if self.file_type.format == "jsonl" else text.TextDecoder(self.text_field, self.whole_file)
        size = os.path.getsize(path)
        ranges = iter([jsonl.FileRange(path, 0, size)]) if self.whole_file else jsonl.file_ranges(path, size, self.chunk_bytes)
        self._range_end = 0
        self._owns_raw = False

        def tracked() -> Iterator[Any]:
            for payload in ranges:
                self._range_end = payload.end
                yield payload

        self._payloads = tracked()

    def payloads(self) -> Iterator[Any]:
        return self._payloads

    def position(self) -> int:
        """Bytes of the file handed out so far (compressed bytes for compressed input); 0 if unknown."""
        if self._range_end is not None:
            return self._range_end
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        if self._owns_raw:
            self._raw.close()


def make_encoder(shard: InputShard, target: FileType, *, keep_original: str | None) -> Encoder:
    """The worker-side encoder for ``shard`` written as ``target`` (columns and schema come from the input)."""
    check_conversion(shard.file_type, target)
    fmt = target.format
    if fmt == "jsonl":
        from spamsplice.io.jsonl import JsonlEncoder

        return JsonlEncoder(target.compression)
    if fmt == "json":
        from spamsplice.io.json_array import JsonArrayEncoder

        return JsonArrayEncoder(target.compression)
    if fmt == "txt":
        from spamsplice.io.text import TextEncoder

        return TextEncoder(shard.text_field, shard.whole_file, target.compression)
    if fmt in ("csv", "tsv"):
        from spamsplice.io.csv import CsvEncoder, output_columns

        assert shard.csv_header is not None
        return CsvEncoder(output_columns(shard.csv_header, keep_original), fmt, target.compression)
    from spamsplice.io.parquet import ParquetEncoder, output_schema, parquet_compression

    schema = output_schema(shard.parquet_file.schema_arrow, shard.text_field, keep_original)
    return ParquetEncoder(schema, parquet_compression(shard.parquet_file))


def open_writer(stream: BinaryIO, target: FileType, encoder: Encoder) -> Writer:
    """The parent-side writer appending ``encoder``'s payloads to ``stream``."""
    from spamsplice.io.compression import BlockWriter

    fmt = target.format
    if fmt == "parquet":
        from spamsplice.io.parquet import ParquetShardWriter

        return ParquetShardWriter(stream, encoder.schema, encoder.compression)  # type: ignore[attr-defined]
    if fmt == "json":
        return BlockWriter(stream, target.compression, header=b"[\n", footer=b"\n]\n", separator=b",\n")
    if fmt in ("csv", "tsv"):
        return BlockWriter(stream, target.compression, header=encoder.header())  # type: ignore[attr-defined]
    return BlockWriter(stream, target.compression)


__all__ = [
    "ERROR_FIELD",
    "FORMATS",
    "RAW_FIELD",
    "FileType",
    "InputShard",
    "check_conversion",
    "make_encoder",
    "open_writer",
    "unreadable",
]

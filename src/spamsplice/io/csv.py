"""CSV and TSV with a header row, read and written with the stdlib ``csv`` module.

Rows are parsed in the parent (a quoted field may span lines, so the file cannot be cut blindly) and
sent to workers as lists. Bytes that are not UTF-8 survive a round trip (``surrogateescape``): such a
row passes through unchanged, and gets an error annotation when the bad bytes are in the text column.
The annotation is one JSON column, ``spamsplice``; for a row that could not be read (wrong number of
fields) that JSON also carries the original row under ``_raw``.
"""

from __future__ import annotations

import csv
import io
from typing import Any, BinaryIO, Callable, Iterator, Sequence

from spamsplice.io import ERROR_FIELD, RAW_FIELD, unreadable
from spamsplice.io.compression import compress_block
from spamsplice.io.jsonl import ANNOTATION_FIELD, dump_record

_MAX_ROWS = 1024
_DELIMITERS = {"csv": ",", "tsv": "\t"}


def _row_text(row: Sequence[str], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="").writerow(row)
    return out.getvalue()


def iter_row_chunks(
    stream: BinaryIO, fmt: str, position: Callable[[], int], chunk_bytes: int
) -> tuple[list[str], Iterator[list[list[str]]]]:
    """Read the header now; return it and an iterator of row lists of about ``chunk_bytes`` each."""
    csv.field_size_limit(2**31 - 1)  # a document can be megabytes long; the scan's max_chars judges it
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text, delimiter=_DELIMITERS[fmt])
    header = next(reader, [])
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise ValueError(f"duplicate column names in the header: {', '.join(duplicates)}")

    def chunks() -> Iterator[list[list[str]]]:
        rows: list[list[str]] = []
        mark = position()
        try:
            for row in reader:
                rows.append(row)
                if len(rows) >= _MAX_ROWS or position() - mark >= chunk_bytes:
                    yield rows
                    rows = []
                    mark = position()
        except csv.Error as exc:
            raise ValueError(f"malformed {fmt.upper()} at line {reader.line_num}: {exc}") from exc
        if rows:
            yield rows

    return header, chunks()


class CsvDecoder:
    """Worker side: rows -> records keyed by the header."""

    def __init__(self, header: Sequence[str], fmt: str = "csv", text_field: str = "text") -> None:
        self.header = list(header)
        self.delimiter = _DELIMITERS[fmt]
        self.text_field = text_field

    def decode(self, payload: list[list[str]]) -> tuple[list[dict[str, Any]], None]:
        width = len(self.header)
        records: list[dict[str, Any]] = []
        for row in payload:
            if len(row) != width:
                raw = _row_text(row, self.delimiter)
                records.append(unreadable(raw.encode("utf-8", "surrogateescape"), f"wrong number of fields: {len(row)}, the header has {width}"))
                continue
            record = dict(zip(self.header, row))
            text = record.get(self.text_field)
            if isinstance(text, str) and not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError as exc:
                    record[ERROR_FIELD] = f"invalid UTF-8: in column {self.text_field!r} at character {exc.start}"
            records.append(record)
        return records, None


def output_columns(header: Sequence[str], keep_original: str | None) -> list[str]:
    """The input's columns, then the kept original text and the annotation (if not already there)."""
    if not header:
        return []
    columns = list(header)
    for extra in (keep_original, ANNOTATION_FIELD):
        if extra and extra not in columns:
            columns.append(extra)
    return columns


class CsvEncoder:
    """Worker side: records -> CSV rows in the output column order."""

    def __init__(self, columns: Sequence[str], fmt: str = "csv", compression: str = "none") -> None:
        self.columns = list(columns)
        self.delimiter = _DELIMITERS[fmt]
        self.compression = compression

    def header(self) -> bytes:
        return self._rows([self.columns]) if self.columns else b""

    def _rows(self, rows: Sequence[Sequence[str]]) -> bytes:
        out = io.StringIO()
        csv.writer(out, delimiter=self.delimiter).writerows(rows)
        return out.getvalue().encode("utf-8", "surrogateescape")

    def _cell(self, record: dict[str, Any], column: str) -> str:
        value = record.get(column)
        if column == ANNOTATION_FIELD and RAW_FIELD in record and isinstance(value, dict):
            value = {**value, RAW_FIELD: record[RAW_FIELD]}
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return dump_record(value).decode("utf-8")

    def encode(self, records: Sequence[dict[str, Any]], raws: Sequence[bytes | None] | None) -> tuple[bytes, int]:
        block = self._rows([[self._cell(r, c) for c in self.columns] for r in records])
        return compress_block(block, self.compression), len(records)

"""Parquet, read batch by batch with pyarrow (``iter_batches``) and written with the input's schema.

The output schema is fixed before the first row: the input columns, the kept original text when asked,
and a ``spamsplice`` struct column, so every batch has the same types even when one batch happens to
hold only error records. The input's compression codec is kept.
"""

from __future__ import annotations

from typing import Any, BinaryIO, Iterator, Sequence

from spamsplice.io.jsonl import ANNOTATION_FIELD

_MIN_ROWS, _MAX_ROWS = 64, 8192
_ROW_GROUP_BYTES = 64 << 20
_CODECS = {"UNCOMPRESSED": "none", "SNAPPY": "snappy", "GZIP": "gzip", "BROTLI": "brotli", "LZ4": "lz4", "LZ4_RAW": "lz4", "ZSTD": "zstd"}


def annotation_type() -> Any:
    """The Arrow type of the ``spamsplice`` column: score and spans, or error."""
    import pyarrow as pa

    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()), ("score", pa.float64())])
    return pa.struct([("score", pa.float64()), ("spans", pa.list_(span)), ("error", pa.string())])


def open_parquet(raw: BinaryIO) -> Any:
    """A ``pyarrow.parquet.ParquetFile``; a non-seekable stream (stdin) is read into memory first."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not raw.seekable():
        return pq.ParquetFile(pa.BufferReader(raw.read()))
    return pq.ParquetFile(raw)


def iter_batches(parquet_file: Any, chunk_bytes: int) -> Iterator[Any]:
    """Record batches of about ``chunk_bytes`` of uncompressed data."""
    meta = parquet_file.metadata
    total = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    per_row = total / meta.num_rows if meta.num_rows else 1
    rows = int(min(_MAX_ROWS, max(_MIN_ROWS, chunk_bytes / max(per_row, 1))))
    yield from parquet_file.iter_batches(batch_size=rows)


def parquet_compression(parquet_file: Any) -> str:
    """The codec of the input's first column chunk (snappy, pyarrow's default, for an empty file)."""
    meta = parquet_file.metadata
    if not meta.num_row_groups or not meta.num_columns:
        return "snappy"
    return _CODECS.get(meta.row_group(0).column(0).compression, "snappy")


def output_schema(schema: Any, text_field: str, keep_original: str | None) -> Any:
    """The input schema plus the kept original text (string) and the annotation column."""
    import pyarrow as pa

    for name, field_type in ((keep_original, pa.string()), (ANNOTATION_FIELD, annotation_type())):
        if not name:
            continue
        index = schema.get_field_index(name)
        field = pa.field(name, field_type)
        schema = schema.set(index, field) if index >= 0 else schema.append(field)
    return schema


class ParquetDecoder:
    """Worker side: a record batch -> records."""

    def decode(self, payload: Any) -> tuple[list[dict[str, Any]], None]:
        return payload.to_pylist(), None


class ParquetEncoder:
    """Worker side: records -> a record batch of the fixed output schema."""

    def __init__(self, schema: Any, compression: str = "snappy") -> None:
        self.schema = schema
        self.compression = compression

    def encode(self, records: Sequence[dict[str, Any]], raws: Sequence[bytes | None] | None) -> tuple[Any, int]:
        import pyarrow as pa

        batch = pa.RecordBatch.from_pylist(list(records), schema=self.schema)
        return batch, batch.num_rows


class ParquetShardWriter:
    """Parent side: gathers batches into row groups of about 64 MB and writes them."""

    def __init__(self, stream: BinaryIO, schema: Any, compression: str) -> None:
        import pyarrow.parquet as pq

        self._writer = pq.ParquetWriter(stream, schema, compression=compression)
        self._pending: list[Any] = []
        self._pending_bytes = 0

    def write(self, batch: Any) -> None:
        if not batch.num_rows:
            return
        self._pending.append(batch)
        self._pending_bytes += batch.nbytes
        if self._pending_bytes >= _ROW_GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._pending:
            self._writer.write_table(pa.Table.from_batches(self._pending), row_group_size=1 << 30)
        self._pending = []
        self._pending_bytes = 0

    def close(self) -> None:
        self._flush()
        self._writer.close()

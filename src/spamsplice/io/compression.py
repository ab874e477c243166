"""Transparent gzip / zstd: decompressing readers, and a writer of independently compressed blocks.

Workers compress their own output blocks (one gzip member or zstd frame per chunk), so compression uses
every core and the parent only appends bytes. Concatenated gzip members and zstd frames are valid streams
that ``gzip`` / ``zstd -d`` / :func:`open_decompressed` read back as one.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import threading
from dataclasses import dataclass
from typing import BinaryIO

COMPRESSIONS = ("none", "gzip", "zstd")
SUFFIXES = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}
SUFFIX_OF = {"none": "", "gzip": ".gz", "zstd": ".zst"}

# gzip at level 1 compresses about four times faster than the usual 6 for output about a quarter
# larger: at level 6 compressing cost several times the rest of a worker's work (a .jsonl.gz dump
# scanned at 12 MB/s, now 40). zstd's default level 3 is both faster and smaller than either, so it
# is the output compression to choose when the format is free.
_GZIP_LEVEL = 1
_ZSTD_LEVEL = 3
_COMPRESSORS = threading.local()  # one zstd compressor per thread: reusing its context saves a tenth per block


def compression_of(name: str) -> tuple[str, str]:
    """Split a file name into (name without the compression suffix, compression)."""
    for suffix, compression in SUFFIXES.items():
        if name.lower().endswith(suffix):
            return name[: -len(suffix)], compression
    return name, "none"


def open_decompressed(raw: BinaryIO, compression: str) -> BinaryIO:
    """Wrap a binary stream so reads return decompressed bytes (all members / frames)."""
    if compression == "none":
        return raw
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if compression == "zstd":
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)  # type: ignore[return-value]
    raise ValueError(f"unknown compression {compression!r}; expected one of {COMPRESSIONS}")


def compress_block(data: bytes, compression: str) -> bytes:
    """Compress one block as a self-contained gzip member or zstd frame (deterministic: gzip mtime 0)."""
    if compression == "none" or not data:
        return data
    if compression == "gzip":
        return gzip.compress(data, compresslevel=_GZIP_LEVEL, mtime=0)
    if compression == "zstd":
        compressor = getattr(_COMPRESSORS, "zstd", None)
        if compressor is None:
            import zstandard

            compressor = _COMPRESSORS.zstd = zstandard.ZstdCompressor(level=_ZSTD_LEVEL)
        return compressor.compress(data)
    raise ValueError(f"unknown compression {compression!r}; expected one of {COMPRESSIONS}")


@dataclass(frozen=True)
class BlockFile:
    """A block that a worker wrote to a file of its own instead of sending it back through a pipe.

    Passing megabytes of output through the pool's pipes (pickle, copy, unpickle) costs about as much
    CPU as parsing them; a file costs one write, and the parent appends it with an in-kernel copy.
    """

    path: str

    @classmethod
    def spill(cls, block: bytes, path: str) -> "BlockFile | bytes":
        """Write ``block`` to ``path``; an empty block stays in memory (nothing to write)."""
        if not block:
            return block
        with open(path, "wb", buffering=0) as f:
            f.write(block)
        return cls(path)


def _append_file(source: str, stream: BinaryIO) -> None:
    """Append the file ``source`` to ``stream``, in the kernel where it can (copy_file_range)."""
    stream.flush()
    with open(source, "rb", buffering=0) as src:
        remaining = os.fstat(src.fileno()).st_size
        try:
            destination = stream.fileno()
            while remaining > 0:
                copied = os.copy_file_range(src.fileno(), destination, remaining)
                if copied == 0:
                    break
                remaining -= copied
        except (AttributeError, OSError, io.UnsupportedOperation):
            pass  # no copy_file_range here (other OS, a pipe, another file system): copy in user space
        if remaining > 0:
            src.seek(-remaining, os.SEEK_END)
            shutil.copyfileobj(src, stream, 1 << 20)


class BlockWriter:
    """Appends already-encoded (and already-compressed) blocks, in memory or in files, to a byte stream.

    ``header``/``footer``/``separator`` are plain bytes (e.g. ``[``, ``]`` and ``,`` of a JSON array,
    or a CSV header); they are compressed here, the blocks were compressed by the workers. A
    :class:`BlockFile` is appended and then deleted.
    """

    def __init__(
        self, stream: BinaryIO, compression: str, header: bytes = b"", footer: bytes = b"", separator: bytes = b""
    ) -> None:
        self._stream = stream
        self._compression = compression
        self._footer = footer
        self._separator = compress_block(separator, compression)
        self._wrote_block = False
        if header:
            stream.write(compress_block(header, compression))

    def write(self, block: "bytes | BlockFile") -> None:
        if not block:
            return
        if self._wrote_block and self._separator:
            self._stream.write(self._separator)
        if type(block) is BlockFile:
            _append_file(block.path, self._stream)
            os.unlink(block.path)
        else:
            self._stream.write(block)  # type: ignore[arg-type]
        self._wrote_block = True

    def close(self) -> None:
        """Write the footer and flush; the caller owns (and closes) the stream."""
        if self._footer:
            self._stream.write(compress_block(self._footer, self._compression))
        self._stream.flush()

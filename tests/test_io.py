"""Readers and writers: file types, compression, line cutting, and each format's decoder and encoder."""

from __future__ import annotations

import gzip
import io
import json
from decimal import Decimal
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spamsplice.io import ERROR_FIELD, RAW_FIELD, FileType, InputShard, check_conversion, make_encoder, open_writer, unreadable
from spamsplice.io.compression import BlockFile, BlockWriter, compress_block, open_decompressed
from spamsplice.io.csv import CsvDecoder, CsvEncoder, iter_row_chunks, output_columns
from spamsplice.io.json_array import JsonArrayDecoder, JsonArrayEncoder, iter_element_chunks
from spamsplice.io.jsonl import FileRange, JsonlDecoder, JsonlEncoder, dump_record, file_ranges, iter_line_chunks, parse_line, split_lines
from spamsplice.io.text import TextDecoder, TextEncoder

ANNOTATION = {"score": 0.9, "spans": [{"start": 0, "end": 3, "text": "abc", "score": 0.9}]}


@pytest.mark.parametrize(
    "name, expected",
    [
        ("part-1.jsonl", FileType("jsonl")),
        ("x.NDJSON.gz", FileType("jsonl", "gzip")),
        ("x.jsonl.zst", FileType("jsonl", "zstd")),
        ("x.json", FileType("json")),
        ("x.parquet", FileType("parquet")),
        ("x.csv.gz", FileType("csv", "gzip")),
        ("x.tsv", FileType("tsv")),
        ("x.txt.zstd", FileType("txt", "zstd")),
        ("x.parquet.gz", None),
        ("x.xml", None),
    ],
)
def test_file_type_from_name(name, expected):
    assert FileType.from_name(name) == expected


def test_file_type_rename_and_conversions():
    assert FileType("jsonl", "gzip").rename("dir/a.ndjson.gz", FileType("json", "zstd")) == "dir/a.json.zst"
    assert FileType("txt").rename("notes.txt", FileType("jsonl")) == "notes.jsonl"
    check_conversion(FileType("csv"), FileType("tsv"))
    with pytest.raises(ValueError, match="cannot write jsonl input as csv"):
        check_conversion(FileType("jsonl"), FileType("csv"))
    with pytest.raises(ValueError, match="compressed internally"):
        check_conversion(FileType("parquet"), FileType("parquet", "gzip"))


@pytest.mark.parametrize("compression", ["none", "gzip", "zstd"])
def test_independent_blocks_read_back_as_one_stream(compression):
    blocks = [compress_block(b"first\n", compression), compress_block(b"", compression), compress_block(b"second\n" * 1000, compression)]
    assert compress_block(b"first\n", compression) == blocks[0]  # deterministic (gzip mtime 0)
    stream = open_decompressed(io.BytesIO(b"".join(blocks)), compression)
    assert stream.read() == b"first\n" + b"second\n" * 1000


def test_block_writer_frames_blocks_and_appends_block_files(tmp_path):
    target = tmp_path / "out.json.gz"
    spilled = BlockFile.spill(compress_block(b'{"b":2}', "gzip"), str(tmp_path / "block"))
    assert isinstance(spilled, BlockFile) and BlockFile.spill(b"", str(tmp_path / "never")) == b""
    with open(target, "wb", buffering=0) as stream:
        writer = BlockWriter(stream, "gzip", header=b"[\n", footer=b"\n]\n", separator=b",\n")
        for block in (compress_block(b'{"a":1}', "gzip"), b"", spilled, compress_block(b'{"c":3}', "gzip")):
            writer.write(block)
        writer.close()
    assert json.loads(gzip.decompress(target.read_bytes())) == [{"a": 1}, {"b": 2}, {"c": 3}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json.gz"]  # the block file was consumed


_lines = st.lists(st.one_of(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), st.just(b""), st.just(b"x" * 300)), max_size=30)


@settings(max_examples=60, deadline=None)
@given(lines=_lines, final_newline=st.booleans(), chunk=st.integers(1, 120))
def test_line_chunks_keep_every_byte_and_end_on_newlines(lines, final_newline, chunk):
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    chunks = list(iter_line_chunks(io.BytesIO(data), chunk))
    assert b"".join(chunks) == data
    assert all(c.endswith(b"\n") for c in chunks[:-1])


@settings(max_examples=60, deadline=None)
@given(lines=_lines, final_newline=st.booleans(), chunk=st.integers(1, 120))
def test_file_ranges_read_every_line_exactly_once(tmp_path_factory, lines, final_newline, chunk):
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    path = tmp_path_factory.mktemp("ranges") / "f.jsonl"
    path.write_bytes(data)
    pieces = [r.read() for r in file_ranges(str(path), len(data), chunk)]
    assert b"".join(pieces) == data
    nonempty = [p for p in pieces if p]
    assert all(p.endswith(b"\n") for p in nonempty[:-1])


def test_file_range_owned_by_the_range_holding_the_line_start(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"aaaa\nbbbbbbbbbbbb\ncc")
    assert FileRange(str(path), 0, 3).read() == b"aaaa\n"
    assert FileRange(str(path), 3, 6).read() == b"bbbbbbbbbbbb\n"  # b... starts at 5
    assert FileRange(str(path), 6, 12).read() == b""  # inside the long line: owned by the previous range
    assert FileRange(str(path), 12, 20).read() == b"cc"


def test_parse_line_words_its_errors():
    assert parse_line(b'{"a": 1}') == ({"a": 1}, True)
    record, ok = parse_line(b"{oops\r")
    assert not ok and record[RAW_FIELD] == "{oops" and record[ERROR_FIELD].startswith("malformed JSON: ")
    assert parse_line(b'"x\xfe"')[0] == unreadable(b'"x\xfe"', "invalid UTF-8: at byte 2")
    assert parse_line(b"42")[0][ERROR_FIELD] == "not a JSON object: int"


def test_jsonl_decoder_skips_blank_lines_and_keeps_spliceable_raws():
    payload = b'{"a": 1}\n\n  \n{"spamsplice": 1}\nnope\n{"b": 2}'
    records, raws = JsonlDecoder().decode(payload)
    assert [r.get("a", r.get("b")) for r in records] == [1, None, None, 2]
    assert raws == [b'{"a": 1}', None, None, b'{"b": 2}']


_long_or_short = st.one_of(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), st.integers(500, 3000).map(lambda n: b"y" * n))


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(_long_or_short, max_size=40), final_newline=st.booleans())
def test_split_lines_is_split_whether_it_copies_or_views(lines, final_newline):
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    expected = data.split(b"\n")
    if expected and not expected[-1]:
        expected.pop()  # a view stops at the final newline; the decoder skips the empty piece either way
    got = [bytes(line) for line in split_lines(data)]
    assert [line for line in got if line] == [line for line in expected if line]


def test_jsonl_decoder_views_of_long_lines_take_the_same_rare_paths():
    pad = "p" * 600  # long lines: the block is cut into views, not copies
    lines = [
        orjson.dumps({"a": 1, "pad": pad}) + b"\r",
        b" " * 700,
        b"{broken " + pad.encode(),
        orjson.dumps({"spamsplice": 1, "pad": pad}),
        b'{"bad": "\xff' + pad.encode() + b'"}',
        orjson.dumps({"b": 2, "pad": pad}),
    ]
    records, raws = JsonlDecoder().decode(b"\n".join(lines) + b"\n")
    assert any(isinstance(raw, memoryview) for raw in raws)
    assert [r.get("a", r.get("b")) for r in records] == [1, None, None, None, 2]
    assert [None if raw is None else bytes(raw) for raw in raws] == [lines[0], None, None, None, lines[5]]
    assert records[1][ERROR_FIELD].startswith("malformed JSON") and records[1][RAW_FIELD] == lines[2].decode()
    assert records[3][ERROR_FIELD] == "invalid UTF-8: at byte 9"
    for record in records:
        record["spamsplice"] = ANNOTATION
    block, count = JsonlEncoder().encode(records, raws)
    out = block.split(b"\n")
    assert count == 5 == len(out) - 1
    assert out[0] == lines[0][:-2] + b',"spamsplice":' + orjson.dumps(ANNOTATION) + b"}"  # spliced before the brace, CR gone
    assert [json.loads(line)["spamsplice"] for line in out[:-1]] == [ANNOTATION] * 5


def test_jsonl_encoder_splices_onto_the_original_line():
    lines = [b'{"n": 1.50, "big": 123456789012345678901234567890}', b'{"x": "y"}  \r', b"{}"]
    records = [{**orjson.loads(line), "spamsplice": ANNOTATION} for line in lines]
    block, count = JsonlEncoder().encode(records, lines)
    assert count == 3
    out = block.splitlines()
    assert out[0].startswith(b'{"n": 1.50, "big": 123456789012345678901234567890,"spamsplice":{')
    assert [json.loads(line) for line in out[1:]] == [{"x": "y", "spamsplice": ANNOTATION}, {"spamsplice": ANNOTATION}]


def test_jsonl_encoder_writes_what_orjson_cannot():
    records = [{"big": 2**70, "d": Decimal("1.10"), "b": b"\x00\x01", "lone": "\ud800"}]
    block, count = JsonlEncoder("gzip").encode(records, None)
    assert count == 1
    assert json.loads(gzip.decompress(block)) == {"big": 2**70, "d": "1.10", "b": "AAE=", "lone": "\ud800"}
    assert dump_record([1, "a"]) == b'[1,"a"]'


def test_text_decoder_and_encoder():
    records, _ = TextDecoder("body").decode(b"one\r\ntwo \xff\n\nfour")
    assert records[0] == {"body": "one"} and records[2] == {"body": ""} and records[3] == {"body": "four"}
    assert records[1][ERROR_FIELD] == "invalid UTF-8: at byte 4" and records[1][RAW_FIELD] == "two \\xff"
    block, count = TextEncoder("body").encode(records, None)
    assert block == b"one\ntwo \\xff\n\nfour\n" and count == 4
    whole, _ = TextDecoder("body", whole_file=True).decode(b"a\nb\n")
    assert whole == [{"body": "a\nb\n"}]
    assert TextEncoder("body", whole_file=True).encode(whole, None) == (b"a\nb\n", 1)


def test_json_array_streams_elements():
    data = json.dumps([{"i": i} for i in range(2500)] + [3, {"x": 1.5}]).encode()
    chunks = list(iter_element_chunks(io.BytesIO(data), lambda: 0, 1 << 20))
    assert [len(c) for c in chunks] == [1024, 1024, 454]
    records, _ = JsonArrayDecoder().decode(chunks[-1])
    assert records[-1] == {"x": 1.5} and records[-2] == unreadable(b"3", "not a JSON object: array element of type int")
    block, count = JsonArrayEncoder().encode(records[-1:], None)
    assert (block, count) == (b'{"x":1.5}', 1)


@pytest.mark.parametrize(
    "data, message",
    [(b'{"a": 1}', "not a JSON array: the file starts with '{'"), (b"", "an empty file"), (b'[{"a": 1}, {"a": ', "malformed JSON array")],
)
def test_json_array_refuses_what_it_cannot_stream(data, message):
    with pytest.raises(ValueError, match=message):
        list(iter_element_chunks(io.BytesIO(data), lambda: 0, 1 << 20))


def test_csv_rows_quotes_bad_rows_and_invalid_utf8():
    data = '\ufeffid,text\n1,"two\nlines"\n2,a,extra\n3,caf'.encode() + b"\xff\n"
    header, chunks = iter_row_chunks(io.BytesIO(data), "csv", lambda: 0, 1 << 20)
    assert header == ["id", "text"]
    records, _ = CsvDecoder(header, "csv", "text").decode(next(chunks))
    assert records[0] == {"id": "1", "text": "two\nlines"}
    assert records[1] == unreadable(b"2,a,extra", "wrong number of fields: 3, the header has 2")
    assert records[2][ERROR_FIELD] == "invalid UTF-8: in column 'text' at character 3"
    records[0]["spamsplice"] = ANNOTATION
    records[1] = {RAW_FIELD: records[1][RAW_FIELD], "spamsplice": {"error": "bad row"}}
    records[2] = {"id": "3", "text": records[2]["text"], "spamsplice": {"error": "invalid UTF-8"}}
    encoder = CsvEncoder(output_columns(header, None), "csv")
    assert encoder.header() == b"id,text,spamsplice\r\n"
    block, count = encoder.encode(records, None)
    assert count == 3
    rows = block.split(b"\r\n")
    assert rows[1] == b',,"{""error"":""bad row"",""_raw"":""2,a,extra""}"'
    assert rows[2].startswith(b"3,caf\xff,")  # bytes that are not UTF-8 survive as they were


def test_csv_header_problems():
    with pytest.raises(ValueError, match="duplicate column names in the header: a"):
        iter_row_chunks(io.BytesIO(b"a,b,a\n1,2,3\n"), "csv", lambda: 0, 1 << 20)
    assert output_columns([], "orig") == []
    assert output_columns(["text", "spamsplice"], "orig") == ["text", "spamsplice", "orig"]


def test_parquet_schema_batches_and_codec(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": list(range(100)), "text": [f"t{i}" for i in range(100)]}), source, compression="gzip")
    shard = InputShard(str(source), FileType("parquet"), chunk_bytes=100)
    batches = list(shard.payloads())
    assert [b.num_rows for b in batches] == [64, 36]
    encoder = make_encoder(shard, FileType("parquet"), keep_original="orig")
    assert encoder.schema.names == ["id", "text", "orig", "spamsplice"] and encoder.compression == "gzip"
    records, _ = shard.decoder.decode(batches[1])
    records[0]["spamsplice"] = ANNOTATION
    records[1]["spamsplice"] = {"error": "empty text"}
    for record in records[2:]:
        record["spamsplice"] = {"score": 0.1, "spans": []}
    batch, count = encoder.encode(records, None)
    assert count == 36
    target = tmp_path / "out.parquet"
    with open(target, "wb") as stream:
        writer = open_writer(stream, FileType("parquet"), encoder)
        writer.write(batch)
        writer.close()
    table = pq.read_table(target)
    assert pq.ParquetFile(target).metadata.row_group(0).column(0).compression == "GZIP"
    rows = table.to_pylist()
    assert rows[0]["spamsplice"]["spans"][0]["text"] == "abc" and rows[1]["spamsplice"]["error"] == "empty text"
    assert rows[1]["spamsplice"]["score"] is None and rows[0]["orig"] is None


def test_parquet_from_a_pipe_is_read_into_memory(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.table({"text": ["a", "b"]}), buffer)

    class Pipe(io.BytesIO):
        def seekable(self) -> bool:
            return False

    shard = InputShard(Pipe(buffer.getvalue()), FileType("parquet"))
    assert [row for batch in shard.payloads() for row in shard.decoder.decode(batch)[0]] == [{"text": "a"}, {"text": "b"}]


def test_input_shard_positions_for_ranges_and_streams(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "a"}\n' * 100)
    shard = InputShard(str(path), FileType("jsonl"), chunk_bytes=500)
    ends = []
    for payload in shard.payloads():
        assert isinstance(payload, FileRange)
        ends.append(shard.position())
    assert ends == [500, 1000, 1400]
    stream = InputShard(io.BytesIO(gzip.compress(path.read_bytes())), FileType("jsonl", "gzip"), chunk_bytes=500)
    blocks = list(stream.payloads())
    assert b"".join(blocks) == path.read_bytes() and len(blocks) == 3
    records, _ = stream.decoder.decode(blocks[0])
    assert records[0] == {"text": "a"}


def test_text_whole_file_from_disk_is_one_document(tmp_path):
    path = Path(tmp_path / "doc.txt")
    path.write_bytes(b"")
    shard = InputShard(str(path), FileType("txt"), whole_file=True)
    payloads = list(shard.payloads())
    assert len(payloads) == 1 and shard.decoder.decode(payloads[0])[0] == [{"text": ""}]


def test_a_byte_order_mark_before_the_first_record_is_not_an_error():
    from spamsplice.io.jsonl import parse_line

    assert parse_line(b'\xef\xbb\xbf{"id": 1, "text": "hi"}') == ({"id": 1, "text": "hi"}, True)
    record, ok = parse_line(b"\xef\xbb\xbf{broken")
    assert not ok and record[RAW_FIELD] == "\ufeff{broken"

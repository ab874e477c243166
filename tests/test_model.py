import gc
import json
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_documents
from spamsplice.model import Detector, load
from spamsplice.types import Detection


def test_fit_learns_to_find_insertions(tiny_detector):
    texts, spans = make_documents(60, seed=99)
    found = total = clean_flagged = clean = 0
    for text, gold in zip(texts, spans):
        detection = tiny_detector.detect(text)
        for span in detection.spans:
            assert text[span.start : span.end] == span.text
        predicted = [(s.start, s.end) for s in detection.spans]
        total += len(gold)
        found += sum(g in predicted for g in gold)
        if not gold:
            clean += 1
            clean_flagged += bool(predicted)
    assert found / total >= 0.8
    assert clean_flagged / clean <= 0.1


def test_detection_score_is_a_probability_and_spans_are_ordered(tiny_detector):
    text = "The museum opens early telegram database on weekends so that families can avoid the crowds."
    detection = tiny_detector.detect(text)
    assert isinstance(detection, Detection)
    assert 0.0 <= detection.score <= 1.0
    starts = [s.start for s in detection.spans]
    assert starts == sorted(starts)


def test_threshold_one_reports_nothing_and_zero_reports_candidates(tiny_detector):
    text = "The museum opens early telegram database on weekends."
    assert tiny_detector.detect(text, threshold=1.0).spans == ()
    assert len(tiny_detector.detect(text, threshold=0.0).spans) >= len(tiny_detector.detect(text).spans)


def test_detect_many_matches_detect(tiny_detector):
    texts, _ = make_documents(8, seed=5)
    assert tiny_detector.detect_many(texts) == [tiny_detector.detect(t) for t in texts]


def test_empty_and_blank_text(tiny_detector):
    assert tiny_detector.detect("") == Detection(0.0, ())
    assert tiny_detector.detect(" \n\u00a0 ").spans == ()
    assert tiny_detector.clean("").text == ""


def test_non_string_input_is_a_type_error(tiny_detector):
    with pytest.raises(TypeError):
        tiny_detector.detect(b"bytes")  # type: ignore[arg-type]


def test_the_garbage_collector_is_paused_only_during_a_call(tiny_detector, monkeypatch):
    seen = []
    table = tiny_detector._table
    monkeypatch.setattr(tiny_detector, "_table", lambda text: (seen.append(gc.isenabled()), table(text))[1])
    assert gc.isenabled()
    tiny_detector.detect("some text to look at")
    tiny_detector.clean("some text to look at")
    with pytest.raises(TypeError):
        tiny_detector.detect(None)  # type: ignore[arg-type]
    assert gc.isenabled() and seen == [False, False]
    gc.disable()
    try:
        tiny_detector.detect("a caller that turned it off keeps it off")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_save_load_round_trip(tiny_detector, tmp_path):
    tiny_detector.save(tmp_path / "m", metadata={"note": "test"})
    loaded = Detector.load(tmp_path / "m")
    texts, _ = make_documents(10, seed=7)
    assert loaded.detect_many(texts) == tiny_detector.detect_many(texts)
    assert loaded.metadata_ == {"note": "test"}
    assert loaded.get_params() == tiny_detector.get_params()


@pytest.mark.parametrize(
    "params",
    [{"threshold": 1.5}, {"n_bits": 40}, {"low": 0.9, "high": 0.5}, {"alpha": 0.0}, {"epochs": 0}],
)
def test_bad_parameters_are_refused_at_fit(params):
    texts, spans = make_documents(8)
    with pytest.raises(ValueError):
        Detector(**params).fit(texts, spans, vocabulary_texts=[("en", texts[0])])


def test_unfitted_detector_says_so():
    with pytest.raises(RuntimeError, match="not fitted"):
        Detector().detect("text")


def _saved(tiny_detector, tmp_path):
    return tiny_detector.save(tmp_path / "m")


def test_load_refuses_another_format_version(tiny_detector, tmp_path):
    path = _saved(tiny_detector, tmp_path)
    config = json.loads((path / "config.json").read_text())
    config["format_version"] = 99
    (path / "config.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match="version"):
        Detector.load(path)


def test_load_refuses_truncated_weights(tiny_detector, tmp_path):
    path = _saved(tiny_detector, tmp_path)
    data = (path / "weights.npz").read_bytes()
    (path / "weights.npz").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="corrupt or truncated"):
        Detector.load(path)


def test_load_refuses_an_object_array(tiny_detector, tmp_path):
    path = _saved(tiny_detector, tmp_path)
    with np.load(path / "weights.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["span_coef"] = np.array([object()] * arrays["span_coef"].size, dtype=object)
    np.savez(path / "weights.npz", **arrays)
    with pytest.raises(ValueError, match="objects|span_coef"):
        Detector.load(path)


def test_load_refuses_arrays_larger_than_declared(tiny_detector, tmp_path):
    path = _saved(tiny_detector, tmp_path)
    config = json.loads((path / "config.json").read_text())
    config["params"]["n_bits"] = 1000
    (path / "config.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match="n_bits"):
        Detector.load(path)


def test_load_refuses_garbage_config(tmp_path):
    (tmp_path / "config.json").write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        Detector.load(tmp_path)
    with pytest.raises(FileNotFoundError):
        Detector.load(tmp_path / "missing")


def test_weights_are_plain_arrays(tiny_detector, tmp_path):
    path = _saved(tiny_detector, tmp_path)
    with zipfile.ZipFile(path / "weights.npz") as archive:
        assert all(name.endswith(".npy") for name in archive.namelist())
    with np.load(path / "weights.npz", allow_pickle=False) as npz:
        assert all(npz[k].dtype != object for k in npz.files)


def test_shipped_model_is_present_small_and_loads():
    from spamsplice.model import default_model_path

    path = default_model_path()
    if not (path / "config.json").is_file():
        pytest.fail(f"the shipped model is missing at {path}")
    size = sum(f.stat().st_size for f in path.iterdir())
    assert size <= 25 * 1024 * 1024
    detector = load()
    assert 0.0 < detector.threshold < 1.0


_HOSTILE_CHARS = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(
    ["\u200b", "\u200c", "\u200d", "\u202e", "\u2066", "\u00ad", "\u0301", "\u093c", "२", "\n", " ", "&#111;", "[url=", "<a>"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_HOSTILE_CHARS, max_size=120).map("".join))
def test_detect_and_clean_keep_offsets_on_arbitrary_unicode(tiny_detector, text):
    spans = tiny_detector.detect(text, threshold=0.0).spans
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        previous_end = span.end
    cleaned = tiny_detector.clean(text, threshold=0.0)
    assert len(cleaned.text) <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "a" + "\u0301" * 10_000,  # ten thousand combining marks on one letter
        "x" * 200_000,  # a long run without a space
        "2024 " * 20_000,  # all digits
        "\u0000\u0001\u0007\u001b" * 5_000,  # control characters
        "[url=" * 20_000 + "<a " * 20_000,  # unclosed link markup
    ],
)
def test_hostile_documents_are_detected_without_error(tiny_detector, text):
    for span in tiny_detector.detect(text, threshold=0.0).spans:
        assert text[span.start : span.end] == span.text


def test_a_run_grows_only_to_the_smallest_close_split_word_stretch():
    from spamsplice.model import _snap_to_split_words

    stretches = np.array([[1, 6], [0, 30]])  # pieces at 1 and 6 (inside 2..5); a chance pair far around it
    assert _snap_to_split_words([(3, 4)], stretches) == [(2, 5)]
    assert _snap_to_split_words([(10, 11)], stretches) == [(10, 11)]  # only the 29-token stretch holds it
    assert _snap_to_split_words([(3, 4)], np.zeros((0, 2), dtype=np.int64)) == [(3, 4)]


def test_clause_punctuation_at_a_run_edge_goes_back_to_the_host():
    from spamsplice.model import _trim_separators
    from spamsplice.tokenize import tokenize

    tokens = tokenize("它，手机号码清单。好")  # ， 手 机 号 码 清 单 。 after 它
    assert [t.norm for t in tokens][1] in ("，", ",")
    assert _trim_separators([(1, 8)], tokens) == [(2, 7)]
    assert _trim_separators([(1, 1)], tokens) == [(1, 1)]  # a run is never trimmed away
    words = tokenize("see [url] x (y")  # see, [url], x, (, y
    assert _trim_separators([(1, 3)], words) == [(1, 2)]  # markup stays, a trailing "(" goes


def test_a_weak_cjk_piece_across_a_space_goes_back_to_the_host():
    from spamsplice.features import TokenCache, build_table
    from spamsplice.model import _trim_unspaced_edges
    from spamsplice.tokenize import tokenize
    from spamsplice.vocab import build_vocabulary

    text = "交通，常年 電話號碼資料 交。"  # 交 通 ， 常 年 | 電 話 號 碼 資 料 | 交 。
    tokens = tokenize(text)
    table = build_table(text, tokens, build_vocabulary([]), TokenCache())
    strong = np.full(len(tokens), 0.9)
    weak_edges = strong.copy()
    weak_edges[[3, 4, 11]] = 0.3  # 常年 before the first space, 交 after the last
    assert _trim_unspaced_edges([(3, 11)], table, weak_edges, 0.5) == [(5, 10)]
    assert _trim_unspaced_edges([(3, 11)], table, strong, 0.5) == [(3, 11)]  # strong, nothing glued: they stay
    assert _trim_unspaced_edges([(2, 10)], table, weak_edges, 0.5) == [(2, 10)]  # not CJK characters only


def test_a_cjk_piece_glued_to_the_rest_of_a_host_word_goes_back_even_when_it_scores_high():
    from spamsplice.features import TokenCache, build_table
    from spamsplice.model import _trim_unspaced_edges
    from spamsplice.tokenize import tokenize
    from spamsplice.vocab import build_vocabulary

    vocab = build_vocabulary([])
    split = "提高营 手机号码清单 销效率"  # 提 高 营 | 手 机 号 码 清 单 | 销 效 率 (0-2 | 3-8 | 9-11)
    table = build_table(split, tokenize(split), vocab, TokenCache())
    strong = np.full(len(table.tokens), 0.9)
    assert _trim_unspaced_edges([(1, 10)], table, strong, 0.5) == [(3, 10)]  # 高营 is host
    # glued characters after the run are as often the rest of the phrase: only a weak end piece goes
    weak_end = strong.copy()
    weak_end[[9, 10]] = 0.3
    assert _trim_unspaced_edges([(1, 10)], table, weak_end, 0.5) == [(3, 8)]
    after_stop = "。电报 号码数据。"  # 。 电 报 | 号 码 数 据 。
    table = build_table(after_stop, tokenize(after_stop), vocab, TokenCache())
    strong = np.full(len(table.tokens), 0.9)
    assert _trim_unspaced_edges([(1, 6)], table, strong, 0.5) == [(1, 6)]  # nothing glued: it stays


def test_shipped_model_gives_back_a_chinese_word_an_insertion_split():
    # The shape real pages show most (SPAM-PATTERNS.md): a keyword spliced into 营销 with spaces around it.
    detector = load()
    text = "我们的目标是提高营 手机号码清单 销效率，并降低成本。"
    assert [span.text for span in detector.detect(text).spans] == ["手机号码清单"]
    assert detector.clean(text).text == "我们的目标是提高营销效率，并降低成本。"


def test_a_run_of_whole_lines_gives_back_the_end_of_the_line_before_it():
    from spamsplice.model import _trim_line_edges

    # how to choose a router ⏎ telegram database ⏎ a router …  (a line break before tokens 5 and 7)
    gap_before = np.array([3, 1, 1, 1, 1, 2, 1, 2, 1], dtype=np.uint8)
    gap_after = np.append(gap_before[1:], 3).astype(np.uint8)
    probs = np.array([0.0, 0.0, 0.0, 0.1, 0.76, 0.89, 1.0, 0.1, 0.0])
    assert _trim_line_edges([(4, 6)], gap_before, gap_after, probs) == [(5, 6)]
    disguised = probs.copy()
    disguised[4] = 0.95  # a phrase broken over two lines scores high on both sides: it stays whole
    assert _trim_line_edges([(4, 6)], gap_before, gap_after, disguised) == [(4, 6)]
    assert _trim_line_edges([(4, 7)], gap_before, gap_after, probs) == [(4, 7)]  # ends mid-line: left alone
    # the mirror case: a whole line followed by the start of the next one
    assert _trim_line_edges([(5, 7)], gap_before, gap_after, probs) == [(5, 6)]


def test_refitting_only_the_span_model_on_fits_documents_reproduces_fit(tiny_detector, tmp_path):
    texts, spans = make_documents(160, seed=1)  # what the fixture was fitted on
    span_docs = np.random.default_rng(0).permutation(len(texts))[:40].tolist()  # fit's span_fraction 0.25
    copy = load(tiny_detector.save(tmp_path / "copy"))
    copy.span_coef_ = np.zeros_like(copy.span_coef_)
    copy.fit_span_model([texts[i] for i in span_docs], [spans[i] for i in span_docs])
    np.testing.assert_allclose(copy.span_coef_, tiny_detector.span_coef_)
    assert copy.span_intercept_ == pytest.approx(tiny_detector.span_intercept_)
    with pytest.raises(ValueError, match="span lists"):
        copy.fit_span_model(texts[:3], spans[:2])

"""The phrase bank, the injector's gold offsets, disguises, template splits and corpus loading."""

from __future__ import annotations

import difflib
import gzip
import html
import json
import random
import re
import statistics
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from spamsplice import synth
from spamsplice.synth import (
    DEFAULT_HELD_OUT_LANGS,
    DEFAULT_HELD_OUT_TEMPLATES,
    DISGUISES,
    STYLES,
    TEMPLATES,
    GoldSpan,
    Injector,
    SynthDoc,
    Template,
    can_disguise,
    disguise,
    expand,
    load_corpus,
    read_jsonl,
    split_templates,
    write_jsonl,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
HOST_LANGS = ("hi", "ne", "en", "mr", "bn", "ur", "ta", "gu", "pa", "hi-en", "mr-en", "zh", "zh-Hant", "ru", "ar",
              "vi", "es", "id", "ja", "ko", "fa", "pt", "th")

# Invented host sentences, written for these tests (no corpus or web text).
FIXTURE: dict[str, list[str]] = {
    "en": ["The river was calm in the morning, so we took the small boat out.",
           "Later the wind picked up and we came back early.",
           "Our neighbours had prepared a large pot of soup for everyone.",
           "The children played football on the field until it got dark.",
           "Nobody\u00a0expected the bakery to close before noon."],
    "hi": ["सुबह नदी शांत थी, इसलिए हम छोटी नाव लेकर निकल पड़े।", "बाद में हवा तेज़ हो गई और हम जल्दी लौट आए।",
           "पड़ोसियों ने सबके लिए सूप का बड़ा बर्तन तैयार किया था।", "बच्चों ने शाम को मैदान में क्रिकेट खेला।"],
    "ne": ["बिहान खोला शान्त थियो, त्यसैले हामी सानो डुङ्गा लिएर निस्क्यौं।",
           "पछि हावा चल्न थाल्यो र हामी चाँडै फर्कियौं।",
           "छिमेकीहरूले सबैका लागि सुपको ठूलो भाँडो तयार पारेका थिए।"],
    "zh": ["早上河面很平静，所以我们划着小船出去了。", "后来风变大了，我们提前回来了。", "邻居们为大家准备了一大锅汤。",
           "孩子们傍晚在操场上踢足球，玩得很开心。"],
    "ja": ["朝は川が穏やかだったので、小さな舟で出かけた。", "その後風が強くなり、早めに戻った。",
           "近所の人たちがみんなのために大きな鍋でスープを作ってくれた。"],
    "th": ["ตอนเช้าแม่น้ำสงบ เราจึงพายเรือลำเล็กออกไป",
           "ต่อมาลมแรงขึ้น เราจึงกลับมาก่อนเวลา",
           "เพื่อนบ้านทำซุปหม้อใหญ่ให้ทุกคน"],
    "ar": ["كان النهر هادئًا في الصباح، فخرجنا بالقارب الصغير.", "ثم اشتدت الريح فعدنا مبكرًا.",
           "أعد الجيران قدرًا كبيرًا من الحساء للجميع."],
    "ru": ["Утром река была спокойной, и мы вышли на маленькой лодке.", "Потом поднялся ветер, и мы вернулись раньше.",
           "Соседи приготовили для всех большую кастрюлю супа."],
    "ta": ["காலையில் ஆறு அமைதியாக இருந்தது, எனவே நாங்கள் சிறிய படகில் சென்றோம்.",
           "பின்னர் காற்று வலுத்ததால் நாங்கள் சீக்கிரம் திரும்பினோம்."],
    "pa": ["ਸਵੇਰੇ ਨਦੀ ਸ਼ਾਂਤ ਸੀ, ਇਸ ਲਈ ਅਸੀਂ ਛੋਟੀ ਕਿਸ਼ਤੀ ਲੈ ਕੇ ਨਿਕਲੇ।",
           "ਬਾਅਦ ਵਿੱਚ ਹਵਾ ਤੇਜ਼ ਹੋ ਗਈ ਅਤੇ ਅਸੀਂ ਜਲਦੀ ਵਾਪਸ ਆ ਗਏ।"],
    "bn": ["সকালে নদী শান্ত ছিল, তাই আমরা ছোট নৌকা নিয়ে বেরিয়েছিলাম।",
           "পরে বাতাস জোরালো হলে আমরা তাড়াতাড়ি ফিরে এলাম।"],
    "fa": ["صبح رودخانه آرام بود، برای همین با قایق کوچک بیرون رفتیم.",
           "بعد باد شدید شد و زودتر برگشتیم و می\u200cخواستیم استراحت کنیم."],
    "ko": ["아침에는 강이 잔잔해서 작은 배를 타고 나갔다.", "나중에 바람이 세져서 일찍 돌아왔다."],
    "hi-en": ["aaj subah nadi bilkul shaant thi to hum boat leke nikal gaye",
              "baad mein hawa tez ho gayi to jaldi wapas aa gaye"],
}


def fixture_records(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    records = []
    for i in range(n):
        lang = rng.choice(sorted(FIXTURE))
        sentences = [rng.choice(FIXTURE[lang]) for _ in range(rng.randint(1, 5))]
        joiner = "" if lang in ("zh", "ja") else " "
        text = joiner.join(sentences)
        if rng.random() < 0.3:
            text = text.replace(sentences[0], sentences[0] + "\n" + ("\u00a0\n" if rng.random() < 0.5 else ""), 1)
        records.append({"id": f"fx-{i}", "lang": lang, "text": text})
    return records


@pytest.fixture(scope="module")
def generated() -> tuple[list[dict], list[SynthDoc]]:
    records = fixture_records(3000)
    return records, list(Injector(TEMPLATES, seed=7, disguise_rate=0.3).generate(records))


# -- the bank -------------------------------------------------------------------------------------------


def test_bank_is_broad():
    families = Counter(t.family for t in TEMPLATES)
    langs = Counter(t.lang for t in TEMPLATES)
    assert len(TEMPLATES) >= 500
    assert {"data", "gambling", "loans", "followers", "replica", "backlink", "site_name", "url", "post_title",
            "markup", "adult", "pharma", "crypto", "seo"} <= set(families)
    assert families["data"] == max(families.values())
    corpus_hosts = set(HOST_LANGS) - {"mr-en"}
    data_langs = {t.lang for t in TEMPLATES if t.family == "data"}
    assert corpus_hosts <= data_langs, corpus_hosts - data_langs
    assert {"fr", "de", "tr", "it", "pl", "uk", "ps"} <= set(langs)  # phrase languages that host nothing here
    assert sum(1 for t in TEMPLATES if t.family != "data") >= 200


def test_template_ids_are_unique_and_well_formed():
    ids = [t.id for t in TEMPLATES]
    assert len(ids) == len(set(ids))
    for template in TEMPLATES:
        family, key, lang = template.id.split(".", 2)
        assert (family, lang) == (template.family, template.lang)
        assert re.fullmatch(r"[a-z0-9_]+", key)


def test_template_rejects_unknown_slots():
    with pytest.raises(ValueError, match="unknown slots"):
        Template("data.x.en", "data", "en", "{planet} phone list")


@pytest.mark.parametrize("seed", range(4))
def test_every_template_expands_to_a_clean_phrase(seed):
    rng = random.Random(seed)
    for template in TEMPLATES:
        phrase = expand(template, rng, host_text="Some host words for a title here")
        assert phrase and phrase == phrase.strip(), template.id
        assert "{" not in phrase.replace("[url=", "") or template.family == "markup", template.id
        assert "  " not in phrase, template.id


def test_slots_are_filled_in_the_phrase_language():
    rng = random.Random(3)
    template = next(t for t in TEMPLATES if t.id == "data.country_phone_list.ne")
    phrases = [expand(template, rng) for _ in range(200)]
    countries = {p.replace(" फोन नम्बर सूची", "") for p in phrases}
    assert countries <= set(synth.COUNTRIES["ne"])
    assert len(countries) >= 25
    seed_template = next(t for t in TEMPLATES if t.id == synth.SEED_TEMPLATE_ID)
    years = {expand(seed_template, rng).split()[2] for _ in range(200)}
    assert {"२०२४", "2024"} <= years  # Latin and Devanagari digits
    assert "अपडेट गरिएको २०२४ मोबाइल फोन नम्बर डाटा" in {expand(seed_template, rng) for _ in range(400)}


def test_casing_varies_for_latin_phrases():
    rng = random.Random(0)
    template = next(t for t in TEMPLATES if t.id == "data.country_channel_numbers_list.en")
    shapes = set()
    for _ in range(300):
        words = expand(template, rng).split()
        shapes.add("upper" if all(w.isupper() for w in words) else "lower" if all(w.islower() for w in words)
                   else "title" if all(w[0].isupper() for w in words) else "mixed")
    assert shapes == {"upper", "lower", "title", "mixed"}


def test_host_words_titles_come_from_the_host():
    rng = random.Random(2)
    template = next(t for t in TEMPLATES if "host_words" in t.slots)
    host = "The committee reviewed seven proposals for the new riverside park"
    for _ in range(20):
        title = expand(template, rng, host_text=host)
        assert all(word.lower() in host.lower() for word in title.split())


# -- generated documents ------------------------------------------------------------------------------------


def test_every_gold_span_matches_its_text(generated):
    _, docs = generated
    spans = 0
    for doc in docs:
        previous_end = -1
        for span in doc.spans:
            assert doc.text[span.start:span.end] == span.text
            assert span.start >= previous_end and span.text == span.text.strip() != ""
            assert span.style in STYLES and span.disguise in ("",) + DISGUISES
            previous_end = span.end
            spans += 1
        for start, end in doc.ignore:
            assert 0 <= start < end <= len(doc.text)
    assert spans > 1500


def test_mix_of_documents_styles_and_languages(generated):
    _, docs = generated
    kinds = Counter(d.kind for d in docs)
    assert 0.42 < kinds["spam"] / len(docs) < 0.58
    assert 0.08 < kinds["hard_negative"] / len(docs) < 0.18
    per_doc = [len(d.spans) for d in docs if d.kind == "spam"]
    assert 1.3 <= statistics.mean(per_doc) <= 1.7 and max(per_doc) <= 5
    spans = [s for d in docs for s in d.spans]
    assert set(Counter(s.style for s in spans)) == set(STYLES)
    assert set(Counter(s.disguise for s in spans)) == set(DISGUISES) | {""}
    same = sum(s.phrase_lang == d.host_lang for d in docs for s in d.spans) / len(spans)
    assert 0.3 < same < 0.65
    assert Counter(s.family for s in spans).most_common(1)[0][0] == "data"
    repeated = sum(len(d.spans) != len({s.text for s in d.spans}) for d in docs)
    assert repeated > 20  # the same keyword in different paragraphs


def test_clean_docs_are_untouched_and_negatives_carry_no_spans(generated):
    records, docs = generated
    hosts = {r["id"]: r["text"] for r in records}
    for doc in docs:
        if doc.kind == "clean":
            assert doc.text == hosts[doc.source_id] and not doc.spans
        elif doc.kind == "hard_negative":
            assert doc.text != hosts[doc.source_id] and not doc.spans


def test_inside_word_never_splits_a_cluster(generated):
    _, docs = generated
    checked = 0
    for doc in docs:
        for span in doc.spans:
            if span.style != "inside_word":
                continue
            after = doc.text[span.end:].lstrip(" ")
            before = doc.text[:span.start].rstrip(" ")
            assert after and not unicodedata.category(after[0]).startswith("M"), span
            assert before and unicodedata.combining(before[-1]) != 9, span
            checked += 1
    assert checked > 100


def test_cut_at_end_ends_the_text(generated):
    _, docs = generated
    cuts = [(d, s) for d in docs for s in d.spans if s.style == "cut_at_end"]
    assert cuts
    for doc, span in cuts:
        assert span.end == len(doc.text)


def test_link_anchor_markup_belongs_to_the_span(generated):
    _, docs = generated
    wrapped = [s for d in docs for s in d.spans if s.style == "link_anchor" and s.text.startswith(("[url=", "<a href"))]
    assert len(wrapped) > 30
    for span in wrapped:
        assert span.text.endswith(("[/url]", "</a>", "[/URL]")), span


def test_generation_is_deterministic_and_order_free():
    records = fixture_records(300, seed=4)
    first = list(Injector(TEMPLATES, seed=11, disguise_rate=0.2).generate(records))
    again = list(Injector(TEMPLATES, seed=11, disguise_rate=0.2).generate(reversed(records)))
    assert first == list(reversed(again))
    other = list(Injector(TEMPLATES, seed=12, disguise_rate=0.2).generate(records))
    assert first != other


def test_fractions_are_respected():
    records = fixture_records(200, seed=5)
    assert all(d.kind == "spam" for d in Injector(TEMPLATES, spam_fraction=1.0).generate(records))
    clean = list(Injector(TEMPLATES, spam_fraction=0.0, hard_negative_fraction=0.0).generate(records))
    assert [d.text for d in clean] == [r["text"] for r in records]
    single = Injector(TEMPLATES, spam_fraction=1.0, max_insertions=1).generate(records)
    assert all(len(d.spans) == 1 for d in single)


def test_injector_rejects_bad_configuration():
    with pytest.raises(ValueError, match="spam_fraction"):
        Injector(TEMPLATES, spam_fraction=1.5)
    with pytest.raises(ValueError, match="max_insertions"):
        Injector(TEMPLATES, max_insertions=0)
    with pytest.raises(ValueError, match="unknown disguises"):
        Injector(TEMPLATES, disguises=("zero_width", "rot13"))
    with pytest.raises(ValueError, match="template"):
        Injector([], spam_fraction=0.5)


@pytest.mark.parametrize("record", [{"id": "a", "lang": "en", "text": "  "}, {"id": "b", "text": "hello there"},
                                    {"lang": "en", "text": "hello"}, "just a string"])
def test_make_doc_rejects_bad_records(record):
    with pytest.raises(ValueError):
        Injector(TEMPLATES).make_doc(record)


# -- templates split ----------------------------------------------------------------------------------------


def test_split_templates_keeps_held_out_ids_and_languages_out_of_training():
    train, held = split_templates(TEMPLATES)
    assert len(train) + len(held) == len(TEMPLATES)
    assert not any(t.id in DEFAULT_HELD_OUT_TEMPLATES or t.lang in DEFAULT_HELD_OUT_LANGS for t in train)
    assert all(t.id in DEFAULT_HELD_OUT_TEMPLATES or t.lang in DEFAULT_HELD_OUT_LANGS for t in held)
    custom_train, custom_held = split_templates(TEMPLATES, held_out_ids={"data.country_phone_list.en"},
                                                held_out_langs={"ru"})
    assert {t.id for t in custom_held} == {"data.country_phone_list.en"} | {t.id for t in TEMPLATES if t.lang == "ru"}
    assert "data.country_phone_list.en" not in {t.id for t in custom_train}


def test_default_held_out_sets_are_spread_out():
    assert DEFAULT_HELD_OUT_TEMPLATES <= {t.id for t in TEMPLATES}
    assert 0.10 <= len(DEFAULT_HELD_OUT_TEMPLATES) / len(TEMPLATES) <= 0.20
    held = [t for t in TEMPLATES if t.id in DEFAULT_HELD_OUT_TEMPLATES]
    assert {t.family for t in held} == {t.family for t in TEMPLATES}
    assert len({t.lang for t in held}) >= 15
    assert DEFAULT_HELD_OUT_LANGS and not DEFAULT_HELD_OUT_LANGS & set(HOST_LANGS)
    assert all(any(t.lang == lang for t in TEMPLATES) for lang in DEFAULT_HELD_OUT_LANGS)


# -- disguises ----------------------------------------------------------------------------------------------

_CONFUSABLES = str.maketrans("аеіјорѕхуАВСЕНІКМОРЅТХοραγΑΒΕΗΙΚΜΝΟΡΤΧΥΖҮ", "aeijopsxyABCEHIKMOPSTXopayABEHIKMNOPTXYZY")
_LEET_BACK = str.maketrans("0134579@$|!8", "oieastgasliB")


def _fold(text: str) -> str:
    """What a tolerant reader sees: markup, invisible characters and lookalikes removed."""
    text = html.unescape(text)
    text = re.sub(r"\[/?\w+(=[^\]]*)?\]|</?\w+[^>]*>", "", text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = "".join(str(unicodedata.digit(c)) if unicodedata.category(c) == "Nd" else c for c in text)
    return " ".join(text.translate(_CONFUSABLES).split()).lower()


PHRASES = ("Peru Whatsapp Numbers list", "updated 2024 mobile phone number data", "telegram database",
           "अपडेट गरिएको २०२४ मोबाइल फोन नम्बर डाटा", "手机号码清单 2025", "buy instagram followers",
           "قائمة أرقام هواتف مصر")


@pytest.mark.parametrize("kind", DISGUISES)
def test_disguise_changes_the_phrase_and_keeps_it_readable(kind):
    rng = random.Random(9)
    applied = 0
    for phrase in PHRASES:
        if not can_disguise(phrase, kind):
            with pytest.raises(ValueError):
                disguise(phrase, kind, rng)
            continue
        for _ in range(25):
            hidden = disguise(phrase, kind, rng)
            assert hidden != phrase
            folded = _fold(hidden).translate(_LEET_BACK) if kind == "leet" else _fold(hidden)
            target = _fold(phrase).translate(_LEET_BACK) if kind == "leet" else _fold(phrase)
            assert difflib.SequenceMatcher(None, folded, target).ratio() >= 0.8, (kind, hidden)
            applied += 1
    assert applied >= 25


def test_disguise_rejects_unknown_kind():
    with pytest.raises(ValueError, match="unknown disguise"):
        disguise("telegram database", "rot13", random.Random(0))


# -- documents and files ------------------------------------------------------------------------------------


def test_synthdoc_refuses_wrong_offsets():
    span = GoldSpan(4, 8, "spam", "data", "data.x.en", "en", "between_words")
    SynthDoc("d", "en", "d", "the spam here", (span,), "spam")
    with pytest.raises(ValueError, match="!="):
        SynthDoc("d", "en", "d", "the ham here!", (span,), "spam")
    with pytest.raises(ValueError):
        SynthDoc("d", "en", "d", "the spam here", (span,), "clean")
    with pytest.raises(ValueError):
        GoldSpan(4, 9, "spam", "data", "data.x.en", "en", "between_words")


def test_jsonl_round_trip(tmp_path, generated):
    _, docs = generated
    for name in ("docs.jsonl", "docs.jsonl.gz"):
        path = tmp_path / name
        assert write_jsonl(docs[:200], path) == 200
        assert read_jsonl(path) == docs[:200]
    assert SynthDoc.from_dict(json.loads(json.dumps(docs[0].to_dict()))) == docs[0]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(docs[0].to_dict()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        read_jsonl(bad)


def test_load_corpus_filters_and_reports_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="not found"):
        load_corpus(tmp_path / "missing")
    for lang, split in (("en", "train"), ("hi", "dev")):
        (tmp_path / lang).mkdir()
        rows = [{"id": f"{lang}-{i}", "lang": lang, "split": split, "text": f"text {i}"} for i in range(3)]
        (tmp_path / lang / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert len(load_corpus(tmp_path)) == 6
    assert {r["lang"] for r in load_corpus(tmp_path, split="dev")} == {"hi"}
    assert [r["id"] for r in load_corpus(tmp_path, langs=["en"], limit_per_file=2)] == ["en-0", "en-1"]
    with gzip.open(tmp_path / "en" / "ignored.jsonl.gz", "wt") as handle:  # only *.jsonl is read
        handle.write("garbage")
    (tmp_path / "hi" / "b.jsonl").write_text('{"id": 1, "lang": "hi"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="b.jsonl:1"):
        load_corpus(tmp_path)


def test_negative_banks_cover_every_host_language():
    for lang in HOST_LANGS:
        assert len(synth.NEGATIVE_SENTENCES.get(lang, ())) >= 7, lang
    english = synth.NEGATIVE_SENTENCES["en"]
    assert any("WhatsApp number consists" in s for s in english) and any("Aadhaar" in s for s in english)


@pytest.mark.shared
def test_generate_runs_on_every_shared_host_language():
    corpora = SHARED / "corpora"
    if not corpora.is_dir():
        pytest.skip(f"../shared not found ({corpora}): host corpora are only present in CI and dev checkouts")
    records = load_corpus(corpora, limit_per_file=15)
    assert set(HOST_LANGS) <= {r["lang"] for r in records}
    for injector in (Injector(TEMPLATES, seed=3, spam_fraction=1.0, disguise_rate=0.3),
                     Injector(TEMPLATES, seed=3, spam_fraction=0.0, hard_negative_fraction=1.0)):
        docs = list(injector.generate(records))
        assert {d.host_lang for d in docs} >= set(HOST_LANGS)
        for doc in docs:
            assert all(doc.text[s.start:s.end] == s.text for s in doc.spans)

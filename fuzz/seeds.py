"""Hand-written seed inputs for the fuzz targets, kept here as readable Python escapes.

Invisible characters, bidi controls and lone surrogates cannot be reviewed in a raw file, so this
module is the source of the ``seed-*`` files in ``fuzz/corpus/<target>/`` (the other files there are
what the fuzzer found). Every text is written for this project; none is copied from elsewhere.

    python fuzz/seeds.py            # (re)write the seed-* files of every target
"""

from __future__ import annotations

from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"

TEXT_SEEDS: dict[str, str] = {
    "english-leet": "Call ph0ne l1st 2024 now! The wHaTsApp group meets on Tuesday.",
    "zero-width": "The garden what\u200bs\u200capp num\u200dbers\u2060 list\u00ad club meets\ufeff monthly.",
    "cyrillic-homoglyphs": "Our bakery sells \u0440h\u043en\u0435 numb\u0435r list bread. \u041c\u043e\u0441\u043a\u0432\u0430 \u0438 \u0440\u0435\u043a\u0430",
    "greek-homoglyphs": "\u03a1h\u03bfne data \u0392\u0399\u0392\u039b\u0399\u039f \u03b1\u03b2\u03b3BB\u0436\u0436\u0436\u0436",
    "fullwidth": "\uff50\uff48\uff4f\uff4e\uff45\u3000\uff4c\uff49\uff53\uff54 \uff12\uff10\uff12\uff14 \uff76\uff80\uff76\uff85",
    "math-alphanumerics": "\U0001d429\U0001d421\U0001d428\U0001d427\U0001d41e \U0001d4c1\U0001d4be\U0001d4c8\U0001d4c9 \U0001d7d0\U0001d7ce",
    "hindi-split-word": "\u0935\u0939 \u0915\u093f\u0924\u093e\u092c \u092a\u0922\u093c \u092e\u094b\u092c\u093e\u0907\u0932 \u0928\u092e\u094d\u092c\u0930 \u0921\u093e\u091f\u093e \u0924\u0940 \u0939\u0948\u0964",
    "devanagari-joiners": "\u0915\u094d\u200d\u0937 \u0915\u094d\u200c\u0937 \u095b\u0930\u093e \u091c\u093c\u0930\u093e \u0915" + "\u094d" * 30,
    "mixed-digits": "2\u096624 \u0967\u0968\u0969\u096a \u0662\u0660\u0662\u0664 \u09e8\u09e6 1,000.50 10:28 2024-12-23 \u0661\u066c\u0660\u0660\u0660\u066b\u0665",
    "persian-zwnj": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u0643\u062a\u0640\u0640\u0627\u0628 \u0643\u064e\u062a\u064e\u0628\u064e \u06a9\u06cc",
    "chinese-split": "\u6211\u4eec\u4eca\u5929\u53bb\u516c\u624b\u673a\u53f7\u7801\u6e05\u5355\u56ed\u6563\u6b65\uff0c\u7136\u540e\u56de\u5bb6\u3002",
    "japanese-thai": "\u30ab\u30bf\u30ab\u30ca\u3068\u3072\u3089\u304c\u306a\u30fc\u6f22\u5b57 \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e23\u0e31\u0e1a abc\u624b\u673a123",
    "other-scripts": "\u0ba4\u0bae\u0bbf\u0bb4\u0bcd \u09ac\u09be\u0982\u09b2\u09be \u10e5\u10d0\u10e0\u10d7\u10e3\u10da\u10d8 \u0570\u0561\u0575 \u12a0\u121b\u122d\u129b \ud55c\uad6d\uc5b4",
    "urls-emails": "Visit https://example.com/a?b=c, or www.example.org. Mail a.b@example.co! acme-data.store (x.y.z)",
    "markup": '<a href="https://x.example">buy</a> [url=http://x.example]list[/url] [b]bold[/b] <!-- c --> <br/>',
    "entities": "ph&#111;ne &amp; wh&#x61;tsapp&nbsp;list &#1086;&#1086; &#0; &#xD800; &#99999999; &lt;b&gt;",
    "bidi-controls": "Read this \u202eemag\u202c and \u2066phone list\u2069 then \u200fthe\u200e end \u061c.",
    "emoji": "Nice \U0001f44d\U0001f3fd \U0001f1ee\U0001f1f3 1\ufe0f\u20e3 \U0001f468\u200d\U0001f469\u200d\U0001f467 \u00a9\ufe0f",
    "combining-marks": "a" + "\u0301" * 60 + " \u0301\u0301abc \u093f \u0e48x",
    "lone-surrogates": "\ud800x\udfff \ud83d \ud83d\ude00 a\ud800\u0301",
    "control-characters": "\x00\x01\x1c\x1f\x7f\x85 a\x0bb\x0cc \x9f end",
    "unicode-spaces": "one\u00a0two\u2009three\u3000four\u2028five\u2029six\u200asev\u202fen",
    "near-urls": "a.a.a.a.a@ a-a-a-a http:// www. https://( [[[[<<<< <a <a href=",
    "casing": "WHATSAPP wHaTsApp \u0130stanbul \u1e9e STRASSE \u01c5",
}

DETECTOR_SEEDS: dict[str, str] = {
    **{name: text for name, text in TEXT_SEEDS.items() if name != "lone-surrogates"},
    "english-insertion": "The museum opens early iceland phone number list on weekends so families can visit.",
    "english-disguised": "The museum opens early ic\u200beland \u0440hone numb\u0435r l1st on weekends.",
    "hindi-insertion": "\u0938\u092e\u093f\u0924\u093f \u0928\u0947 \u092e\u094b\u092c\u093e\u0907\u0932 \u0928\u0902\u092c\u0930 \u0921\u0947\u091f\u093e \u0938\u0942\u091a\u0940 \u092c\u091c\u091f \u0915\u0940 \u0938\u092e\u0940\u0915\u094d\u0937\u093e \u0915\u0940\u0964",
    "multi-line": "First line of a note.\nPeru Whatsapp Numbers list\nSecond line of the note.\n\n\n",
}

# JSONL files: several lines each, mixing good records with every kind of bad line.
JSONL_SEEDS: dict[str, bytes] = {
    "records": (
        b'{"id":1,"text":"The bakery sells bread zz phone list until noon."}\n'
        b'{"id":2,"lang":"hi","text":"\\u0935\\u0939 zz \\u0915\\u093f\\u0924\\u093e\\u092c"}\n'
        b'{"id":3,"text":"no marker here","extra":{"nested":[1,2.5,null,true]}}\n'
    ),
    "bad-lines": (
        b'{"id":1,"text":"ok zz"}\n'
        b'not json at all\n'
        b'[1,2,3]\n'
        b'"a string"\n'
        b'{"id":2,"text":"broken\n'
        b'\xff\xfe{"text":"bad utf-8"}\n'
        b'{"text":"\xc0\xaf overlong"}\n'
        b'{"id":3,"text":"ok again zz"}'
    ),
    "blank-and-crlf": b'\n\n   \n{"text":"crlf line zz"}\r\n\t\r\n{"text":"last"}   \n',
    "bom": b'\xef\xbb\xbf{"text":"after a byte order mark"}\n{"text":"second zz"}\n',
    "escapes": (
        b'{"text":"lone \\ud800 surrogate"}\n'
        b'{"text":"pair \\ud83d\\ude00 zz \\u200d\\u0000 nul"}\n'
        b'{"text":"raw \xed\xa0\x80 cesu"}\n'
        b'{"text":"tab\\tnewline\\n zz \\"quoted\\""}\n'
    ),
    "numbers": (
        b'{"id":123456789012345678901234567890,"text":"big int zz"}\n'
        b'{"id":1e400,"text":"infinite"}\n'
        b'{"id":-0.0,"score":NaN,"text":"nan"}\n'
        b'{"id":18446744073709551615,"text":"max u64 zz"}\n'
    ),
    "reserved-keys": (
        b'{"text":"already annotated zz","spamsplice":{"score":1}}\n'
        b'{"text":"reader error field","_spamsplice_error":"x"}\n'
        b'{"_raw":"a raw field","text":"zz"}\n'
        b'{"text":"dup","text":"duplicate key zz"}\n'
    ),
    "odd-text-fields": (
        b'{"text":null}\n{"text":42}\n{"text":""}\n{"text":"   "}\n{"other":"no text field"}\n'
        b'{"text":["zz"]}\n{}\n{ }\n'
    ),
    "deep-nesting": b'{"text":"deep zz","n":' + b"[" * 300 + b"]" * 300 + b"}\n" + b"[" * 2000 + b"\n",
}


def seed_files() -> dict[str, dict[str, bytes]]:
    """Seed file contents per target folder name."""
    def utf8(seeds: dict[str, str]) -> dict[str, bytes]:
        return {name: text.encode("utf-8", "surrogatepass") for name, text in seeds.items()}

    return {"tokenize": utf8(TEXT_SEEDS), "detector": utf8(DETECTOR_SEEDS), "jsonl": JSONL_SEEDS}


def write_seeds(corpus_dir: Path = CORPUS_DIR) -> None:
    for target, files in seed_files().items():
        folder = corpus_dir / target
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (folder / f"seed-{name}").write_bytes(content)


if __name__ == "__main__":
    write_seeds()

"""The figures of a scan: gathered per chunk in the workers, merged, printed as a summary, drawn as HTML.

:class:`ScanStats` is small and mergeable so that each worker counts its own chunk and the parent only
adds numbers; it round-trips through the run manifest, so a resumed run still reports the whole dump.
:func:`render_html` makes one self-contained page (inline CSS and SVG, no external resources, every
piece of input text escaped) for a person to look at.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

HISTOGRAM_BINS = 20
MAX_EXAMPLES = 30
TOP_PHRASES = 200
_EXAMPLE_CONTEXT = 240
_EXAMPLE_MAX_CHARS = 2000


def normalize_phrase(text: str) -> str:
    """Case-folded with whitespace runs collapsed, so ``Peru  WhatsApp`` and ``peru whatsapp`` count once."""
    return " ".join(text.casefold().split())


def error_kind(message: str) -> str:
    """The message without its details: error messages read ``kind: details`` (``malformed JSON: ...``)."""
    return message.split(":", 1)[0].strip()


def _example(record: Mapping[str, Any], text: str, annotation: Mapping[str, Any]) -> dict[str, Any]:
    """A flagged record cut to a window around its spans, with span offsets relative to the window."""
    spans = annotation["spans"]
    start = max(0, spans[0]["start"] - _EXAMPLE_CONTEXT)
    end = min(len(text), spans[-1]["end"] + _EXAMPLE_CONTEXT, start + _EXAMPLE_MAX_CHARS)
    inside = [[s["start"] - start, s["end"] - start, s["score"]] for s in spans if s["start"] >= start and s["end"] <= end]
    record_id = record.get("id")
    return {
        "id": record_id if isinstance(record_id, (str, int)) else None,
        "lang": record.get("lang") if isinstance(record.get("lang"), str) else None,
        "score": annotation["score"],
        "text": text[start:end],
        "cut_left": start > 0,
        "cut_right": end < len(text),
        "spans": inside,
    }


@dataclass
class ScanStats:
    """Counts of one chunk, one shard or a whole run (merge with :meth:`merge`)."""

    records_in: int = 0
    written: dict[str, int] = field(default_factory=dict)
    dropped: int = 0
    flagged: int = 0
    errors: int = 0
    error_kinds: Counter = field(default_factory=Counter)
    languages: dict[str, list[int]] = field(default_factory=dict)  # lang -> [records, flagged, errors]
    phrases: Counter = field(default_factory=Counter)
    histogram: list[int] = field(default_factory=lambda: [0] * HISTOGRAM_BINS)
    examples: list[dict[str, Any]] = field(default_factory=list)
    bytes_in: int = 0
    timed_records: int = 0  # records, bytes and seconds of the run that made these figures (throughput)
    timed_bytes: int = 0
    seconds: float = 0.0
    peak_worker_rss: int = 0
    shards_done: int = 0
    shards_skipped: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def records_out(self) -> int:
        return sum(self.written.values())

    def add_records(self, records: Sequence[dict[str, Any]], texts: Sequence[Any], routes: Sequence[str]) -> None:
        """Count output ``records``; ``texts`` are their original texts (clean mode rewrites the field).

        Written for the common case (most records clean): per-record work is a few list comprehensions
        and C-level counting; only flagged and error records are looked at one by one.
        """
        langs = [lang if type(lang) is str else "(none)" for lang in [r.get("lang") for r in records]]
        for lang, count in Counter(langs).items():
            counts = self.languages.setdefault(lang, [0, 0, 0])
            counts[0] += count
        scored = [r["spamsplice"]["score"] for r, route in zip(records, routes) if route != "error"]
        last = HISTOGRAM_BINS - 1
        for index, count in Counter([int(score * HISTOGRAM_BINS) for score in scored]).items():
            self.histogram[min(index, last)] += count
        for i, route in enumerate(routes):
            if route == "clean":
                continue
            record, counts = records[i], self.languages[langs[i]]
            annotation = record["spamsplice"]
            if route == "error":
                counts[2] += 1
                self.errors += 1
                self.error_kinds[error_kind(annotation["error"])] += 1
                continue
            counts[1] += 1
            self.flagged += 1
            self.phrases.update([normalize_phrase(span["text"]) for span in annotation["spans"]])
            self._keep_example(lambda: _example(record, texts[i], annotation), langs[i])

    def _keep_example(self, make: Callable[[], dict[str, Any]], lang: str) -> None:
        """Keep the first flagged examples, at most a fifth of them from one language (variety)."""
        if len(self.examples) >= MAX_EXAMPLES:
            return
        if sum((e["lang"] or "(none)") == lang for e in self.examples) < MAX_EXAMPLES // 5:
            self.examples.append(make())

    def merge(self, other: "ScanStats") -> None:
        self.records_in += other.records_in
        for name, count in other.written.items():
            self.written[name] = self.written.get(name, 0) + count
        self.dropped += other.dropped
        self.flagged += other.flagged
        self.errors += other.errors
        self.error_kinds.update(other.error_kinds)
        for lang, counts in other.languages.items():
            mine = self.languages.setdefault(lang, [0, 0, 0])
            for i, count in enumerate(counts):
                mine[i] += count
        self.phrases.update(other.phrases)
        self.histogram = [a + b for a, b in zip(self.histogram, other.histogram)]
        for example in other.examples:
            self._keep_example(lambda: example, example["lang"] or "(none)")
        self.bytes_in += other.bytes_in
        self.peak_worker_rss = max(self.peak_worker_rss, other.peak_worker_rss)
        self.shards_done += other.shards_done
        self.shards_skipped += other.shards_skipped
        self.failures.extend(other.failures)

    def to_manifest(self) -> dict[str, Any]:
        """The deterministic counts kept per shard in the manifest (no timings, top phrases only)."""
        return {
            "records_in": self.records_in,
            "written": dict(sorted(self.written.items())),
            "dropped": self.dropped,
            "flagged": self.flagged,
            "errors": self.errors,
            "error_kinds": dict(sorted(self.error_kinds.items())),
            "languages": dict(sorted(self.languages.items())),
            "phrases": dict(sorted(self.phrases.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_PHRASES]),
            "histogram": list(self.histogram),
            "bytes_in": self.bytes_in,
        }

    @classmethod
    def from_manifest(cls, data: Mapping[str, Any]) -> "ScanStats":
        return cls(
            records_in=int(data["records_in"]),
            written={k: int(v) for k, v in data["written"].items()},
            dropped=int(data["dropped"]),
            flagged=int(data["flagged"]),
            errors=int(data["errors"]),
            error_kinds=Counter(data["error_kinds"]),
            languages={k: list(v) for k, v in data["languages"].items()},
            phrases=Counter(data["phrases"]),
            histogram=list(data["histogram"]),
            bytes_in=int(data["bytes_in"]),
        )

    def top_phrases(self, n: int = 20) -> list[tuple[str, int]]:
        return sorted(self.phrases.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

    def figures(self) -> list[tuple[str, str]]:
        """The headline numbers as (label, value) rows, shared by the text summary and the HTML page."""

        def share(count: int) -> str:
            return f"{count:,} ({100 * count / self.records_in:.2f}%)" if self.records_in else f"{count:,}"

        seconds = max(self.seconds, 1e-9)
        rate_mb, rate_records = self.timed_bytes / 1e6 / seconds, self.timed_records / seconds
        rows = [
            ("records in", f"{self.records_in:,}"),
            *((f"records out ({name})", f"{count:,}") for name, count in sorted(self.written.items())),
        ]
        if self.dropped:
            rows.append(("records dropped (flagged)", f"{self.dropped:,}"))
        rows += [
            ("flagged", share(self.flagged)),
            ("errors", share(self.errors)),
            ("shards", f"{self.shards_done} done, {self.shards_skipped} resumed, {len(self.failures)} failed"),
        ]
        if self.seconds:
            rows += [
                ("this run", f"{self.timed_records:,} records, {self.timed_bytes / 1e6:,.1f} MB in {self.seconds:,.1f} s"),
                ("throughput", f"{rate_mb:,.1f} MB/s, {rate_records:,.0f} records/s"),
            ]
        if self.peak_worker_rss:
            rows.append(("peak worker RSS", f"{self.peak_worker_rss / 2**20:,.0f} MiB"))
        return rows

    def summary_text(self) -> str:
        """The end-of-run summary printed to stderr."""
        width = max(len(label) for label, _ in self.figures())
        lines = ["spamsplice scan summary"] + [f"  {label:<{width}}  {value}" for label, value in self.figures()]
        if self.languages:
            lines.append("  per language (records / flagged / errors):")
            for lang, (records, flagged, errors) in sorted(self.languages.items(), key=lambda kv: -kv[1][0]):
                lines.append(f"    {lang:<10} {records:>12,} {flagged:>10,} {errors:>8,}")
        if self.error_kinds:
            lines.append("  errors by kind:")
            lines += [f"    {count:>10,}  {kind}" for kind, count in self.error_kinds.most_common(10)]
        if self.phrases:
            lines.append("  most frequent removed phrases:")
            lines += [f"    {count:>10,}  {phrase}" for phrase, count in self.top_phrases(10)]
        lines += [f"  FAILED {failure}" for failure in self.failures]
        return "\n".join(lines)


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;color:#1d2230;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #dde;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.25em .8em;border-bottom:1px solid #eef;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#667}
.cards{display:flex;flex-wrap:wrap;gap:.8em}.card{background:#f4f6fb;border-radius:8px;padding:.6em 1em;min-width:9em}
.card b{display:block;font-size:1.4em}.example{background:#fafbfd;border:1px solid #e3e6ef;border-radius:8px;padding:.7em 1em;margin:.8em 0}
.example .meta{font-size:.85em;color:#556;margin-bottom:.3em}.example .text{white-space:pre-wrap;overflow-wrap:anywhere}
mark{background:#ffd54f;border-radius:3px;padding:0 .1em;outline:1px solid #e0a800}
.fail{color:#b00020}svg text{font:11px system-ui,sans-serif;fill:#445}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _histogram_svg(histogram: Sequence[int]) -> str:
    """Document scores as bars on a log scale (clean documents outnumber flagged ones a hundredfold)."""
    width, height, left, bottom = 760, 240, 50, 30
    plot_w, plot_h = width - left - 10, height - bottom - 10
    top = math.log10(1 + max(histogram)) if any(histogram) else 1.0
    bar_w = plot_w / len(histogram)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" aria-label="score histogram">']
    for power in range(int(top) + 1):
        y = 10 + plot_h - plot_h * math.log10(1 + 10**power) / top
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eef"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{10**power:,}</text>')
    for i, count in enumerate(histogram):
        bar_h = plot_h * math.log10(1 + count) / top
        x = left + i * bar_w
        low, high = i / len(histogram), (i + 1) / len(histogram)
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{10 + plot_h - bar_h:.1f}" width="{bar_w - 2:.1f}" height="{bar_h:.1f}" '
            f'fill="#5b7bd5"><title>score {low:.2f}-{high:.2f}: {count:,} documents</title></rect>'
        )
    for i in range(0, len(histogram) + 1, max(1, len(histogram) // 10)):
        parts.append(f'<text x="{left + i * bar_w:.1f}" y="{height - 12}" text-anchor="middle">{i / len(histogram):.1f}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 1}" text-anchor="middle">document score (bar height: log scale)</text>')
    parts.append("</svg>")
    return "".join(parts)


def _highlight(text: str, spans: Iterable[Sequence[Any]]) -> str:
    out, cursor = [], 0
    for start, end, score in sorted(spans):
        if start < cursor:
            continue
        out.append(_e(text[cursor:start]))
        out.append(f'<mark title="score {float(score):.2f}">{_e(text[start:end])}</mark>')
        cursor = end
    out.append(_e(text[cursor:]))
    return "".join(out)


def render_html(stats: ScanStats, *, title: str = "spamsplice scan report", options: Mapping[str, Any] | None = None) -> str:
    """One self-contained HTML page with the run's figures, score histogram and flagged examples."""
    cards = "".join(
        f'<div class="card"><span class="muted">{_e(label)}</span><b>{_e(value)}</b></div>'
        for label, value in (
            ("records", f"{stats.records_in:,}"),
            ("flagged", f"{stats.flagged:,}"),
            ("errors", f"{stats.errors:,}"),
            ("MB/s", f"{stats.timed_bytes / 1e6 / stats.seconds:,.1f}" if stats.seconds else "-"),
        )
    )
    body = [f"<h1>{_e(title)}</h1>", f'<div class="cards">{cards}</div>', "<h2>Figures</h2><table>"]
    body += [f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>" for label, value in stats.figures()]
    if options:
        body += [f"<tr><th>option {_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in options.items()]
    body.append("</table>")
    body += [f'<p class="fail">FAILED: {_e(failure)}</p>' for failure in stats.failures]
    body.append("<h2>Document scores</h2>" + _histogram_svg(stats.histogram))
    if stats.languages:
        body.append('<h2>Per language</h2><table><tr><th>language</th><th class="n">records</th><th class="n">flagged</th><th class="n">errors</th></tr>')
        for lang, (records, flagged, errors) in sorted(stats.languages.items(), key=lambda kv: -kv[1][0]):
            body.append(f'<tr><td>{_e(lang)}</td><td class="n">{records:,}</td><td class="n">{flagged:,}</td><td class="n">{errors:,}</td></tr>')
        body.append("</table>")
    if stats.phrases:
        body.append('<h2>Most frequent removed phrases</h2><table><tr><th class="n">count</th><th>phrase (case-folded)</th></tr>')
        body += [f'<tr><td class="n">{count:,}</td><td>{_e(phrase)}</td></tr>' for phrase, count in stats.top_phrases(30)]
        body.append("</table>")
    if stats.error_kinds:
        body.append('<h2>Errors by kind</h2><table><tr><th class="n">count</th><th>kind</th></tr>')
        body += [f'<tr><td class="n">{count:,}</td><td>{_e(kind)}</td></tr>' for kind, count in stats.error_kinds.most_common()]
        body.append("</table>")
    body.append(f"<h2>Flagged examples ({len(stats.examples)} of {stats.flagged:,})</h2>")
    for example in stats.examples:
        meta = " · ".join(
            _e(part) for part in (f"id {example['id']}" if example["id"] is not None else "", example["lang"] or "", f"score {example['score']:.2f}") if part
        )
        highlighted = (
            ("… " if example["cut_left"] else "") + _highlight(example["text"], example["spans"]) + (" …" if example["cut_right"] else "")
        )
        body.append(f'<div class="example"><div class="meta">{meta}</div><div class="text">{highlighted}</div></div>')
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{_e(title)}</title>'
        f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n"
    )

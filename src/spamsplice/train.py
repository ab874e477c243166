"""Train, tune and evaluate a detector from the clean host corpora and the synthetic phrase bank.

The recipe behind ``spamsplice train`` and ``spamsplice eval``: hosts from ``split=train`` carry
insertions of the *training* templates; the threshold is tuned on ``split=dev``; figures are reported on
``split=test`` with every template, so that held-out templates and phrase languages measure phrases the
detector has never seen.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Sequence

from spamsplice.model import Detector

log = logging.getLogger("spamsplice.train")

DOCS_PER_LANGUAGE = 1500  # cap, so the big corpora (Nepali news, romanised chat) do not drown the rest
MIN_DOCS_PER_LANGUAGE = 600  # small corpora (UDHR chunks) are reused with different insertions
MAX_FPR = 0.003  # the threshold keeps the dev clean-document false-positive rate at or under this


def _sample_hosts(records: Sequence[dict], seed: int, cap: int, floor: int) -> list[dict]:
    """At most ``cap`` hosts per language; small languages repeated up to ``floor`` documents."""
    by_lang: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_lang[record["lang"]].append(record)
    rng = random.Random(seed)
    hosts: list[dict] = []
    for lang in sorted(by_lang):
        pool = sorted(by_lang[lang], key=lambda r: r["id"])
        rng.shuffle(pool)
        chosen = pool[:cap]
        repeats = 0
        while len(chosen) < floor and repeats < 8:
            chosen += [dict(r, id=f"{r['id']}#r{repeats}") for r in pool[: floor - len(chosen)]]
            repeats += 1
        hosts.extend(chosen)
    return hosts


def synthesize(corpus: str | Path, split: str, templates, *, seed: int, cap: int, floor: int, **injector_args):
    from spamsplice.synth import Injector, load_corpus

    records = load_corpus(corpus, split=split)
    hosts = _sample_hosts(records, seed, cap, floor)
    injector = Injector(templates, seed=seed, **injector_args)
    return list(injector.generate(hosts))


def tune_threshold(detector: Detector, docs, *, max_fpr: float = MAX_FPR) -> tuple[float, dict]:
    """The threshold with the best span F1 whose clean-document false-positive rate stays <= ``max_fpr``."""
    from spamsplice.evaluate import evaluate

    candidates = [detector.detect(doc.text, threshold=0.0).spans for doc in docs]
    best: tuple[float, dict] = (detector.threshold, {"f1": -1.0})
    for cut in [round(0.05 * k, 2) for k in range(4, 20)]:
        predictions = [[(s.start, s.end) for s in spans if s.score >= cut] for spans in candidates]
        overall = evaluate(docs, predictions).overall
        stats = {"threshold": cut, "precision": overall.precision, "recall": overall.recall,
                 "f1": overall.f1, "clean_fpr": overall.clean_fpr}
        log.info("dev threshold %.2f: P %.3f R %.3f F1 %.3f FPR %.4f", cut, overall.precision, overall.recall,
                 overall.f1, overall.clean_fpr)
        if overall.clean_fpr <= max_fpr and overall.f1 > best[1]["f1"]:
            best = (cut, stats)
    return best


def train_model(corpus: str | Path, out: str | Path, *, seed: int = 13, cap: int = DOCS_PER_LANGUAGE,
                floor: int = MIN_DOCS_PER_LANGUAGE, disguise_rate: float = 0.15, **params) -> Detector:
    """Train on ``split=train``, tune the threshold on ``split=dev``, save to ``out`` with a model card."""
    from spamsplice.synth import DEFAULT_HELD_OUT_LANGS, DEFAULT_HELD_OUT_TEMPLATES, TEMPLATES, load_corpus, split_templates

    started = time.time()
    train_templates, held_out = split_templates(TEMPLATES)
    docs = synthesize(corpus, "train", train_templates, seed=seed, cap=cap, floor=floor, disguise_rate=disguise_rate)
    log.info("synthesized %d training documents from %d templates", len(docs), len(train_templates))
    vocabulary_texts = [(r["lang"], r["text"]) for r in load_corpus(corpus, split="train")]
    detector = Detector(random_state=seed, **params)
    detector.fit([d.text for d in docs], [[(s.start, s.end) for s in d.spans] for d in docs],
                 vocabulary_texts=vocabulary_texts)
    log.info("fitted in %.0f s", time.time() - started)

    dev = synthesize(corpus, "dev", train_templates, seed=seed + 1, cap=400, floor=60, disguise_rate=disguise_rate)
    threshold, dev_stats = tune_threshold(detector, dev)
    detector.threshold = threshold
    metadata = {
        "seed": seed,
        "trained_seconds": round(time.time() - started),
        "training_documents": len(docs),
        "training_spans": sum(len(d.spans) for d in docs),
        "documents_per_host_language": dict(sorted(Counter(d.host_lang for d in docs).items())),
        "train_templates": len(train_templates),
        "held_out_templates": sorted(DEFAULT_HELD_OUT_TEMPLATES),
        "held_out_phrase_languages": sorted(DEFAULT_HELD_OUT_LANGS),
        "held_out_template_count": len(held_out),
        "disguise_rate": disguise_rate,
        "dev": dev_stats,
    }
    detector.save(out, metadata=metadata)
    log.info("saved to %s (threshold %.2f, dev %s)", out, threshold, json.dumps(dev_stats))
    return detector


def evaluate_model(detector: Detector, corpus: str | Path, *, split: str = "test", seed: int = 29,
                   disguise_rate: float = 0.0, cap: int = 100_000, floor: int = 0):
    """Synthesize ``split`` with every template (held-out ones included) and score the detector on it."""
    from spamsplice.evaluate import evaluate
    from spamsplice.synth import DEFAULT_HELD_OUT_LANGS, DEFAULT_HELD_OUT_TEMPLATES, TEMPLATES

    docs = synthesize(corpus, split, TEMPLATES, seed=seed, cap=cap, floor=floor, disguise_rate=disguise_rate)
    detections = [detector.detect(doc.text) for doc in docs]
    return evaluate(docs, detections, held_out_templates=DEFAULT_HELD_OUT_TEMPLATES,
                    held_out_langs=DEFAULT_HELD_OUT_LANGS)

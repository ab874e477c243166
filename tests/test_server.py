"""The moderation service: every endpoint and every refusal, in process and against a real server process.

The detector here is a test double (``MarkerDetector``) so these tests pin the service's own behaviour,
independent of what the trained model decides; tests/test_server_e2e.py drives the real model.
"""

import asyncio
import contextlib
import gc
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install spamsplice[server]")
pytest.importorskip("uvicorn", reason="the server extra is not installed: pip install spamsplice[server]")

from fastapi.testclient import TestClient  # noqa: E402

from spamsplice import server  # noqa: E402
from spamsplice.server import create_app  # noqa: E402
from spamsplice.types import CleanResult, Detection, Span  # noqa: E402

MARKER = "phone number list"
SLOW_WORD = "SLOW-DOWN"
EXPLODE_WORD = "EXPLODE"
SECRET = "internal secret detail"


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # a pool thread
        return False
    return True


class MarkerDetector:
    """Flags every occurrence of MARKER (span score 0.9); sleeps on SLOW_WORD, raises on EXPLODE_WORD."""

    threshold = 0.5

    def __init__(self, slow_seconds: float = 3.0) -> None:
        self.slow_seconds = slow_seconds
        self.thresholds_seen: list[float | None] = []
        self.on_event_loop: list[bool] = []

    def detect(self, text: str, threshold: float | None = None) -> Detection:
        self.thresholds_seen.append(threshold)
        self.on_event_loop.append(_on_event_loop())
        if EXPLODE_WORD in text:
            raise RuntimeError(SECRET)
        if SLOW_WORD in text:
            time.sleep(self.slow_seconds)
        limit = self.threshold if threshold is None else threshold
        spans = tuple(Span(m.start(), m.end(), m.group(), 0.9) for m in re.finditer(MARKER, text) if 0.9 >= limit)
        return Detection(0.9 if spans else 0.1, spans)

    def detect_many(self, texts, threshold=None):
        return [self.detect(text, threshold) for text in texts]

    def clean(self, text: str, threshold: float | None = None) -> CleanResult:
        detection = self.detect(text, threshold)
        cleaned = text
        for span in reversed(detection.spans):
            cleaned = cleaned[: span.start] + cleaned[span.end :].lstrip(" ")
        return CleanResult(cleaned, detection.spans)


HOST_POST = "Formats phone number list may vary locally, so check the country code first."
# Past the size that is detected on the event loop: such requests run in the pool, under the time budget.
LONG_PADDING = " ordinary words" * (server.DEFAULT_INLINE_MAX_CHARS // 15 + 1)
SLOW_POST = SLOW_WORD + LONG_PADDING


@pytest.fixture()
def detector() -> MarkerDetector:
    return MarkerDetector()


@pytest.fixture()
def client(detector):
    with TestClient(create_app(detector)) as test_client:
        yield test_client


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"])
    return body["error"]


# --- /v1/detect and /v1/clean ------------------------------------------------------------------------


def test_detect_one_text_gives_score_and_library_spans(client):
    response = client.post("/v1/detect", json={"text": HOST_POST})
    assert response.status_code == 200
    body = response.json()
    assert body["score"] == 0.9 and body["threshold"] == 0.5
    (span,) = body["spans"]
    assert set(span) == {"start", "end", "text", "score"}
    assert HOST_POST[span["start"] : span["end"]] == span["text"] == MARKER


def test_detect_offsets_are_code_points_beyond_the_bmp(client):
    text = "😀😀 naïve 提高营 phone number list 销效率"
    (span,) = client.post("/v1/detect", json={"text": text}).json()["spans"]
    assert text[span["start"] : span["end"]] == MARKER


def test_detect_batch_answers_in_order(client):
    texts = ["nothing here", HOST_POST, "", f"{MARKER} and {MARKER}"]
    body = client.post("/v1/detect", json={"texts": texts}).json()
    assert [len(r["spans"]) for r in body["results"]] == [0, 1, 0, 2]
    assert body["threshold"] == 0.5


def test_threshold_reaches_the_detector(client, detector):
    body = client.post("/v1/detect", json={"text": HOST_POST, "threshold": 0.95}).json()
    assert body["spans"] == [] and body["threshold"] == 0.95
    assert detector.thresholds_seen[-1] == 0.95


def test_clean_removes_spans_and_reports_them(client):
    body = client.post("/v1/clean", json={"text": HOST_POST}).json()
    assert body["text"] == "Formats may vary locally, so check the country code first."
    assert [s["text"] for s in body["removed"]] == [MARKER]
    batch = client.post("/v1/clean", json={"texts": [HOST_POST, "fine"], "threshold": 0.95}).json()
    assert [r["text"] for r in batch["results"]] == [HOST_POST, "fine"]
    samples = _samples(client.get("/metrics").text)
    assert samples['spamsplice_texts_total{endpoint="clean"}'] == 3
    assert samples['spamsplice_flagged_texts_total{endpoint="clean"}'] == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": 5}, "text"),
        ({"texts": "not a list"}, "texts"),
        ({"texts": ["ok", 7]}, "texts.1"),
        ({"text": "x", "threshold": "0.5"}, "threshold"),
        ({"text": "x", "threshold": 1.5}, "threshold"),
        ({"text": "x", "thresold": 0.5}, "thresold"),
    ],
)
def test_wrong_types_and_unknown_fields_are_422_naming_the_field(client, payload, field):
    response = client.post("/v1/detect", json=payload)
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "invalid_request"
    assert field in [d["field"] for d in error["details"]]


@pytest.mark.parametrize("payload", [{}, {"text": "a", "texts": ["b"]}, {"threshold": 0.5}, [], "text"])
def test_missing_or_ambiguous_input_is_422(client, payload):
    response = client.post("/v1/clean", json=payload)
    assert response.status_code == 422
    assert _error(response)["code"] == "invalid_request"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b'{"text": "caf\xe9"}', "invalid_utf8"),
        (b'{"text": "unterminated', "invalid_json"),
        (b'{"text": "\\ud800"}', "invalid_json"),
        (b"[" * 100_000, "invalid_json"),
        (b'{"text": "a"} trailing', "invalid_json"),
    ],
)
def test_undecodable_bodies_are_400(client, body, code):
    response = client.post("/v1/detect", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert _error(response)["code"] == code


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin-1"]
)
def test_wrong_content_type_is_415(client, content_type):
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/v1/detect", content=json.dumps({"text": "x"}).encode(), headers=headers)
    assert response.status_code == 415
    assert "application/json" in _error(response)["message"] or "UTF-8" in _error(response)["message"]


def test_limits_are_413_before_detection(detector):
    app = create_app(detector, max_body_bytes=2_000, max_text_chars=100, max_batch_texts=3)
    with TestClient(app) as client:
        too_big = client.post("/v1/detect", content=b"x" * 2_001, headers={"content-type": "application/json"})
        assert too_big.status_code == 413 and _error(too_big)["code"] == "payload_too_large"
        too_long = client.post("/v1/detect", json={"texts": ["ok", "y" * 101]})
        assert too_long.status_code == 413 and "texts[1]" in _error(too_long)["message"]
        too_many = client.post("/v1/detect", json={"texts": ["a"] * 4})
        assert too_many.status_code == 413 and _error(too_many)["code"] == "too_many_texts"
        akismet = client.post("/1.1/comment-check", data={"comment_content": "z" * 101})
        assert akismet.status_code == 413 and akismet.headers[server.AKISMET_DEBUG_HEADER]
    assert detector.thresholds_seen == [None]  # only the warm-up text reached the detector


def test_detector_failure_is_a_clean_500_without_the_exception_text(client):
    response = client.post("/v1/detect", json={"text": f"{EXPLODE_WORD} now"})
    assert response.status_code == 500
    error = _error(response)
    assert error["code"] == "detector_error" and "error id" in error["message"]
    assert SECRET not in response.text and "Traceback" not in response.text


def test_long_detector_failure_is_a_clean_500_too(client):
    response = client.post("/v1/clean", json={"texts": ["fine", EXPLODE_WORD + LONG_PADDING]})
    assert response.status_code == 500 and _error(response)["code"] == "detector_error"
    assert SECRET not in response.text


def test_posts_run_on_the_event_loop_and_long_requests_in_the_pool(client, detector):
    """A post costs the detector less than a hop to a thread; long work must not hold the event loop."""
    client.post("/v1/detect", json={"text": HOST_POST})
    client.post("/1.1/comment-check", data={"comment_content": HOST_POST})
    client.post("/v1/detect", json={"texts": ["ok", HOST_POST + LONG_PADDING]})
    client.post("/1.1/comment-check", data={"comment_content": HOST_POST + LONG_PADDING})
    assert detector.on_event_loop[1:] == [True, True, False, False, False]  # [0]: the warm-up, in the pool


def test_slow_detection_is_refused_within_the_time_budget():
    app = create_app(MarkerDetector(slow_seconds=2.0), time_budget_s=0.2)
    with TestClient(app) as client:
        started = time.perf_counter()
        response = client.post("/v1/detect", json={"text": SLOW_POST})
        assert time.perf_counter() - started < 1.5
    assert response.status_code == 503
    assert _error(response)["code"] == "time_budget_exceeded" and response.headers["retry-after"]


def test_unknown_routes_and_methods_answer_json(client):
    assert _error(client.get("/nope"))["code"] == "not_found"
    response = client.get("/v1/detect")
    assert response.status_code == 405 and _error(response)["code"] == "method_not_allowed"


# --- the body guard, driven directly with ASGI messages --------------------------------------------


def _run_guard(messages: list[dict], headers: list[tuple[bytes, bytes]], *, timeout_s: float = 1.0):
    """POST /v1/detect from a scripted client (40-byte body limit); return (texts detected, messages sent back)."""
    detector = MarkerDetector()
    texts: list[str] = []
    detect = detector.detect
    detector.detect = lambda text, threshold=None: texts.append(text) or detect(text, threshold)
    sent: list[dict] = []

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.sleep(3600)  # a client that stops sending

    async def send(message):
        sent.append(message)

    app = create_app(detector, max_body_bytes=40, body_timeout_s=timeout_s)
    headers = [(b"content-type", b"application/json"), *headers]
    scope = {"type": "http", "path": "/v1/detect", "method": "POST", "headers": headers}
    asyncio.run(app(scope, receive, send))
    return texts, sent


def test_guard_counts_streamed_bytes_without_content_length():
    chunks = [{"type": "http.request", "body": b'{"text": "123456789012', "more_body": True}] * 3
    texts, sent = _run_guard(chunks, headers=[])
    assert texts == [] and sent[0]["status"] == 413
    assert (b"connection", b"close") in sent[0]["headers"]


def test_guard_refuses_by_content_length_without_reading():
    texts, sent = _run_guard([], headers=[(b"content-length", b"41")])
    assert texts == [] and sent[0]["status"] == 413


def test_guard_times_out_a_dribbling_body():
    started = time.perf_counter()
    texts, sent = _run_guard([{"type": "http.request", "body": b'{"te', "more_body": True}], headers=[], timeout_s=0.2)
    assert texts == [] and sent[0]["status"] == 408
    assert time.perf_counter() - started < 1.0


def test_guard_passes_a_body_within_the_limit_whole():
    chunks = [
        {"type": "http.request", "body": b'{"text": "a phone', "more_body": True},
        {"type": "http.request", "body": b' number list"}'},
    ]
    texts, sent = _run_guard(chunks, headers=[(b"content-length", b"32")])
    assert texts == ["a phone number list"] and sent[0]["status"] == 200
    assert json.loads(sent[1]["body"])["spans"][0]["text"] == MARKER


# --- API key, CORS -------------------------------------------------------------------------------------


KEY = "s3cret-key-1"


@pytest.fixture()
def keyed_client(detector):
    with TestClient(create_app(detector, api_key=KEY)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "headers", [{}, {"X-API-Key": "wrong"}, {"Authorization": f"Basic {KEY}"}, {"X-API-Key": KEY[:-1]}]
)
def test_v1_needs_the_key(keyed_client, headers):
    response = keyed_client.post("/v1/detect", json={"text": "x"}, headers=headers)
    assert response.status_code == 401
    assert _error(response)["code"] == "unauthorized" and response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("headers", [{"X-API-Key": KEY}, {"Authorization": f"Bearer {KEY}"}])
def test_v1_accepts_the_key_in_either_header(keyed_client, headers):
    assert keyed_client.post("/v1/clean", json={"text": "x"}, headers=headers).status_code == 200


def test_non_ascii_key_is_refused_not_crashed(keyed_client):
    response = keyed_client.post("/v1/detect", json={"text": "x"}, headers={"X-API-Key": "clé".encode("latin-1")})
    assert response.status_code == 401


def test_page_health_and_metrics_stay_open_with_a_key(keyed_client):
    for path in ("/", "/healthz", "/readyz", "/metrics", "/docs", "/static/app.js"):
        assert keyed_client.get(path).status_code == 200, path
    assert keyed_client.get("/readyz").json()["api_key_required"] is True


def test_cors_is_off_unless_configured(client, detector):
    origin = {"Origin": "https://forum.example"}
    assert "access-control-allow-origin" not in client.post("/v1/detect", json={"text": "x"}, headers=origin).headers
    with TestClient(create_app(detector, cors_origins=["https://forum.example"])) as cors_client:
        allowed = cors_client.post("/v1/detect", json={"text": "x"}, headers=origin)
        assert allowed.headers["access-control-allow-origin"] == "https://forum.example"
        other = cors_client.post("/v1/detect", json={"text": "x"}, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = cors_client.options(
            "/v1/detect",
            headers={
                **origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert preflight.status_code == 200


# --- Akismet ---------------------------------------------------------------------------------------------

# A comment-check body shaped like the ones WordPress, Discourse and phpBB's extension send.
def _akismet_form(content: str, **extra: str) -> dict[str, str]:
    return {
        "blog": "https://forum.example",
        "user_ip": "203.0.113.7",
        "user_agent": "Mozilla/5.0",
        "referrer": "https://forum.example/t/1",
        "comment_type": "forum-post",
        "comment_author": "alice",
        "comment_author_email": "alice@example.org",
        "comment_content": content,
        "blog_lang": "en",
        "blog_charset": "UTF-8",
        **extra,
    }


LONG_POST = " ".join(["The meeting notes are attached and the agenda is unchanged for next week."] * 6)


def test_comment_check_answers_true_with_span_headers(client):
    content = LONG_POST + " Formats phone number list may vary."
    response = client.post("/1.1/comment-check", data=_akismet_form(content))
    assert response.status_code == 200 and response.text == "true"
    assert response.headers["content-type"].startswith("text/plain")
    start, end = map(int, response.headers["x-spamsplice-spans"].split("-"))
    assert content[start:end] == MARKER
    assert float(response.headers["x-spamsplice-score"]) == 0.9
    assert response.headers["x-akismet-guid"]
    assert "x-akismet-pro-tip" not in response.headers  # mostly a real post: a human should look


def test_comment_check_answers_false_for_a_clean_post(client):
    response = client.post("/1.1/comment-check", data=_akismet_form(LONG_POST))
    assert response.text == "false" and response.headers["x-spamsplice-spans"] == ""


def test_comment_check_says_discard_when_the_post_is_mostly_spam(client):
    response = client.post("/1.1/comment-check", data=_akismet_form(f"{MARKER} {MARKER} ok"))
    assert response.text == "true" and response.headers["x-akismet-pro-tip"] == "discard"


def test_comment_check_json_when_asked(client):
    response = client.post(
        "/1.1/comment-check", data=_akismet_form(HOST_POST), headers={"Accept": "application/json"}
    )
    body = response.json()
    assert body["spam"] is True and body["spans"][0]["text"] == MARKER and "discard" in body


@pytest.mark.parametrize(
    "extra", [{"comment_author": "viagra-test-123"}, {"comment_author_email": "akismet-guaranteed-spam@example.com"}]
)
def test_comment_check_honours_akismets_test_triggers(client, extra):
    assert client.post("/1.1/comment-check", data=_akismet_form("hello there", **extra)).text == "true"


def test_comment_check_without_content_is_false(client):
    assert client.post("/1.1/comment-check", data={"blog": "https://forum.example"}).text == "false"


def test_comment_check_decodes_the_declared_charset(client):
    content = "Café owners: phone number list here"
    body = "&".join(f"{k}={quote(v, encoding='latin-1')}" for k, v in _akismet_form(content).items())
    response = client.post(
        "/1.1/comment-check",
        content=body.encode("ascii"),
        headers={"content-type": "application/x-www-form-urlencoded; charset=ISO-8859-1"},
    )
    start, end = map(int, response.headers["x-spamsplice-spans"].split("-"))
    assert response.text == "true" and content[start:end] == MARKER


def test_comment_check_refuses_bad_forms_in_akismet_style(client):
    bad_utf8 = client.post(
        "/1.1/comment-check",
        content=b"comment_content=caf%E9",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert bad_utf8.status_code == 400 and bad_utf8.headers[server.AKISMET_DEBUG_HEADER]
    as_json = client.post("/1.1/comment-check", json={"comment_content": "x"})
    assert as_json.status_code == 415 and "form-encoded" in as_json.headers[server.AKISMET_DEBUG_HEADER]


@pytest.mark.parametrize(
    ("form", "headers"),
    [
        ({"api_key": KEY}, {}),
        ({"key": KEY}, {}),
        ({}, {"Host": f"{KEY}.rest.akismet.com"}),
        ({}, {"X-API-Key": KEY}),
    ],
)
def test_comment_check_takes_the_key_where_akismet_clients_put_it(keyed_client, form, headers):
    response = keyed_client.post("/1.1/comment-check", data=_akismet_form(HOST_POST, **form), headers=headers)
    assert response.status_code == 200 and response.text == "true"


def test_comment_check_with_a_wrong_key_says_invalid(keyed_client):
    response = keyed_client.post("/1.1/comment-check", data=_akismet_form(HOST_POST, api_key="nope"))
    assert response.status_code == 401 and response.text == "invalid"
    assert response.headers[server.AKISMET_DEBUG_HEADER]


def test_verify_key(keyed_client, client):
    assert keyed_client.post("/1.1/verify-key", data={"key": KEY, "blog": "https://f.example"}).text == "valid"
    assert keyed_client.post("/1.1/verify-key", data={"api_key": KEY}).text == "valid"
    wrong = keyed_client.post("/1.1/verify-key", data={"key": "nope", "blog": "https://f.example"})
    assert wrong.status_code == 200 and wrong.text == "invalid" and wrong.headers[server.AKISMET_DEBUG_HEADER]
    assert keyed_client.post("/1.1/verify-key", data={"blog": "https://f.example"}).text == "invalid"
    assert client.post("/1.1/verify-key", data={"key": "anything"}).text == "valid"  # no key configured


def test_submit_spam_and_ham_are_acknowledged_and_counted(keyed_client):
    for verb in ("submit-spam", "submit-ham", "submit-ham"):
        response = keyed_client.post(f"/1.1/{verb}", data=_akismet_form(HOST_POST, api_key=KEY))
        assert response.text == server.AKISMET_THANKS
    assert keyed_client.post("/1.1/submit-spam", data=_akismet_form(HOST_POST)).status_code == 401
    metrics = keyed_client.get("/metrics").text
    assert 'spamsplice_feedback_total{kind="spam"} 1' in metrics
    assert 'spamsplice_feedback_total{kind="ham"} 2' in metrics


# --- page, docs, health, metrics -------------------------------------------------------------------------


def test_page_is_self_contained_and_locked_down(client):
    response = client.get("/")
    assert response.status_code == 200 and "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline scripts would need a weaker CSP"
    assert not re.search(r"""(src|href)=["']https?://""", html), "the page must not load anything remote"
    for asset, media in server.PAGE_ASSETS.items():
        served = client.get(f"/static/{asset}")
        assert served.status_code == 200 and served.headers["content-type"] == media
    assert client.get("/static/../server.py").status_code == 404


def test_page_script_never_writes_html():
    script = (Path(server.__file__).parent / "static" / "app.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", script)


def test_docs_are_served_locally(client):
    html = client.get("/docs").text
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*["']([^"']+)""", html)
    assert urls and all(u.startswith("/") for u in urls), urls
    for url in urls:
        assert client.get(url).status_code == 200, url
    document = client.get("/openapi.json").json()
    paths = document["paths"]
    assert {"/v1/detect", "/v1/clean", "/1.1/comment-check", "/1.1/verify-key", "/healthz"} <= set(paths)
    detect = paths["/v1/detect"]["post"]
    assert detect["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/TextsRequest")
    assert "422" in detect["responses"] and "form" in str(paths["/1.1/comment-check"]["post"]["requestBody"])
    referenced = set(re.findall(r'"#/components/schemas/(\w+)"', json.dumps(document)))
    assert referenced and referenced <= set(document["components"]["schemas"])


def test_readyz_waits_for_the_warm_up():
    class BrokenDetector(MarkerDetector):
        def detect(self, text, threshold=None):
            raise RuntimeError(SECRET)

    app = create_app(MarkerDetector())
    assert TestClient(app).get("/readyz").status_code == 503  # lifespan not run: no warm-up yet
    with TestClient(create_app(BrokenDetector())) as client:
        response = client.get("/readyz")
        assert response.status_code == 503 and "warm-up" in response.json()["reason"]
        assert SECRET not in response.text
        assert client.get("/healthz").json() == {"status": "ok"}


def _samples(metrics_text: str) -> dict[str, float]:
    samples = {}
    for line in metrics_text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


def test_metrics_count_requests_latency_and_flags(client):
    client.post("/v1/detect", json={"texts": [HOST_POST, "clean", HOST_POST]})
    client.post("/v1/detect", json={"text": 1})
    text = client.get("/metrics").text
    assert "# TYPE spamsplice_request_duration_seconds histogram" in text
    samples = _samples(text)
    assert samples['spamsplice_requests_total{route="/v1/detect",method="POST",status="200"}'] == 1
    assert samples['spamsplice_errors_total{route="/v1/detect",reason="validation"}'] == 1
    assert samples['spamsplice_texts_total{endpoint="detect"}'] == 3
    assert samples['spamsplice_flagged_texts_total{endpoint="detect"}'] == 2
    prefix = 'spamsplice_request_duration_seconds_bucket{route="/v1/detect"'
    buckets = [v for k, v in samples.items() if k.startswith(prefix)]
    assert buckets == sorted(buckets) and buckets[-1] == 2
    assert samples['spamsplice_request_duration_seconds_count{route="/v1/detect"}'] == 2


def test_metrics_add_up_the_workers(tmp_path):
    other = server._Metrics(str(tmp_path))
    other.inc("spamsplice_texts_total", (("endpoint", "detect"),), 5)
    other.observe("/v1/detect", 0.003)
    other.flush()
    (tmp_path / "worker-pid-of-another-worker.json").write_text(json.dumps(other.snapshot()))
    mine = server._Metrics(str(tmp_path))
    mine.inc("spamsplice_texts_total", (("endpoint", "detect"),), 2)
    mine.observe("/v1/detect", 0.2)
    samples = _samples(mine.render())
    assert samples['spamsplice_texts_total{endpoint="detect"}'] == 7  # 2 mine + 5 from the other file
    assert samples['spamsplice_request_duration_seconds_count{route="/v1/detect"}'] == 2
    assert samples['spamsplice_request_duration_seconds_bucket{route="/v1/detect",le="0.005"}'] == 1


# --- construction, settings, CLI --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_body_bytes": 0},
        {"max_text_chars": -1},
        {"time_budget_s": 0},
        {"api_key": "  "},
        {"detector_threads": 0},
        {"inline_max_chars": -1},
    ],
)
def test_create_app_rejects_bad_settings(kwargs):
    with pytest.raises(ValueError):
        create_app(MarkerDetector(), **kwargs)


def test_create_app_rejects_an_object_that_is_not_a_detector():
    with pytest.raises(ValueError, match="detect_many"):
        create_app(object.__new__(type("HalfDetector", (), {"detect": lambda self, t: None})))


def test_app_from_env_serves_a_given_detector_with_the_settings_and_freezes_the_heap(monkeypatch):
    """The worker factory (bench_serve.py hands it a stand-in): settings from the environment, and the
    start-up heap kept out of the cyclic collector's full passes."""
    monkeypatch.setenv(server.SETTINGS_ENV, json.dumps({"max_text_chars": 100, "inline_max_chars": 0}))
    monkeypatch.setattr("threadpoolctl.threadpool_limits", lambda limits: None)  # process-wide; not in tests
    detector = MarkerDetector()
    try:
        app = server.app_from_env(detector=detector)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    with TestClient(app) as client:
        assert client.get("/readyz").json()["max_text_chars"] == 100
        assert client.post("/v1/detect", json={"text": "y" * 101}).status_code == 413
        assert client.post("/v1/detect", json={"text": HOST_POST}).json()["spans"][0]["text"] == MARKER
    assert detector.on_event_loop[1:] == [False]  # inline_max_chars 0: even a short post goes to the pool


def test_api_key_comes_from_the_file_then_the_environment(tmp_path, monkeypatch):
    key_file = tmp_path / "key"
    key_file.write_text("  abc123\n")
    monkeypatch.setenv(server.API_KEY_ENV, "from-env")
    assert server._read_api_key(str(key_file)) == "abc123"
    assert server._read_api_key(None) == "from-env"
    monkeypatch.delenv(server.API_KEY_ENV)
    assert server._read_api_key(None) is None
    key_file.write_text("\n")
    with pytest.raises(ValueError, match="empty"):
        server._read_api_key(str(key_file))


def _serve_args(*argv: str):
    import argparse

    parser = argparse.ArgumentParser()
    server.add_cli(parser.add_subparsers())
    return parser.parse_args(["serve", *argv])


def test_serve_defaults_bind_loopback():
    args = _serve_args()
    assert (args.host, args.port, args.workers, args.model, args.cors_origins) == ("127.0.0.1", 8080, 1, None, [])
    assert args.func is server.serve


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "70000"], "--port"),
        (["--workers", "0"], "--workers"),
        (["--model", "/no/such/dir"], "--model"),
        (["--inline-max-chars", "-1"], "--inline-max-chars"),
    ],
)
def test_serve_refuses_bad_settings_before_starting(argv, message, capsys):
    assert server.serve(_serve_args(*argv)) == 2
    assert message in capsys.readouterr().err


def test_importing_the_module_stays_cheap():
    code = "import sys, spamsplice.server; print(any(m in sys.modules for m in ('fastapi', 'uvicorn', 'pydantic')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_connections_get_tcp_nodelay_even_from_a_socket_without_a_protocol_number():
    """uvicorn's shared multi-worker socket has proto 0, so asyncio leaves Nagle on: 40 ms per answer."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        with socket.create_connection(listener.getsockname()):
            accepted, _ = listener.accept()
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0

                class Transport:
                    def get_extra_info(self, name):
                        return accepted if name == "socket" else None

                server._set_nodelay(Transport())
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


# --- a real server process on loopback: slow clients, floods and other clients still served ------------------

BODY_TIMEOUT_S = 1.0
HEADER_TIMEOUT_S = 1.0
TIME_BUDGET_S = 0.5
LIMIT_CONCURRENCY = 300
SERVER_SCRIPT = f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
import uvicorn
from test_server import MarkerDetector
from spamsplice.server import create_app, uvicorn_options
app = create_app(MarkerDetector(slow_seconds=3.0), max_body_bytes=100_000, body_timeout_s={BODY_TIMEOUT_S},
                 time_budget_s={TIME_BUDGET_S})
options = uvicorn_options(limit_concurrency={LIMIT_CONCURRENCY}, access_log=False)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), **options)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_ready(port: int, process: subprocess.Popen, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{process.stdout.read()}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not become ready in time")


@contextlib.contextmanager
def _live_server(http_parser: str | None = None):
    """SERVER_SCRIPT on a free port; ``http_parser`` forces uvicorn's HTTP parser (default: httptools if installed)."""
    port = free_port()
    settings = {"header_timeout_s": HEADER_TIMEOUT_S, "http_parser": http_parser}
    env = {**os.environ, server.SETTINGS_ENV: json.dumps(settings)}
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER_SCRIPT, str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_ready(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def live_port():
    with _live_server() as port:
        yield port


def _get(port: int, path: str, timeout: float = 5.0) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path)
    status = connection.getresponse().status
    connection.close()
    return status, time.perf_counter() - started


def _post_json(port: int, payload: dict, timeout: float = 5.0) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("POST", "/v1/detect", body=json.dumps(payload), headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    return response.status, body


def _raw_exchange(port: int, chunks: list[bytes], pause_s: float = 0.0, read_timeout_s: float = 5.0) -> bytes:
    """Send raw bytes (pausing between chunks), then read whatever comes back until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_timeout_s) as sock:
        try:
            for chunk in chunks:
                sock.sendall(chunk)
                time.sleep(pause_s)
        except OSError:  # the server may refuse and close before we finish sending
            pass
        received = b""
        try:
            while True:
                data = sock.recv(65536)
                if not data:
                    break
                received += data
        except (socket.timeout, ConnectionResetError):
            pass
    return received


def _status_of(raw: bytes) -> int:
    match = re.match(rb"HTTP/1\.[01] (\d{3})", raw)
    assert match, raw[:200]
    return int(match.group(1))


def test_live_server_answers_detect(live_port):
    status, body = _post_json(live_port, {"text": HOST_POST})
    assert status == 200 and body["spans"][0]["text"] == MARKER


def test_live_dribbling_headers_get_408_while_others_are_served(live_port):
    with ThreadPoolExecutor(max_workers=1) as pool:
        slow = pool.submit(_raw_exchange, live_port, [b"GET /healthz HTTP/1.1\r\n", b"Host: x\r\n", b"X-A: 1\r\n"], 0.5)
        time.sleep(0.2)
        status, elapsed = _get(live_port, "/healthz")
        assert status == 200 and elapsed < 0.5
        raw = slow.result(timeout=10)
    assert _status_of(raw) == 408


def test_h11_fallback_keeps_the_header_deadline():
    """Without httptools, uvicorn's h11 parser serves, with the same 408 for headers that dribble in."""
    with _live_server("h11") as port:
        status, body = _post_json(port, {"text": HOST_POST})
        assert status == 200 and body["spans"][0]["text"] == MARKER
        raw = _raw_exchange(port, [b"GET /healthz HTTP/1.1\r\n", b"Host: x\r\n", b"X-A: 1\r\n"], 0.5)
        assert _status_of(raw) == 408


def test_live_dribbling_body_gets_408_while_others_are_served(live_port):
    head = b"POST /v1/detect HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n"
    with ThreadPoolExecutor(max_workers=1) as pool:
        slow = pool.submit(_raw_exchange, live_port, [head, b'{"text":', b' "a'], 0.4)
        time.sleep(0.2)
        status, _ = _post_json(live_port, {"text": HOST_POST})
        assert status == 200
        raw = slow.result(timeout=10)
    assert _status_of(raw) == 408


def test_live_oversized_bodies_get_413(live_port):
    start = b"POST /v1/detect HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    assert _status_of(_raw_exchange(live_port, [start + b"Content-Length: 5000000\r\n\r\n"])) == 413
    chunked_head = start + b"Transfer-Encoding: chunked\r\n\r\n"
    chunk = b"%x\r\n%s\r\n" % (50_000, b"x" * 50_000)
    assert _status_of(_raw_exchange(live_port, [chunked_head, chunk, chunk, chunk])) == 413


def test_live_hostile_json_and_content_types_are_refused_cleanly(live_port):
    nested = b"[" * 50_000
    head = (
        b"POST /v1/detect HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    )
    assert _status_of(_raw_exchange(live_port, [head % len(nested) + nested])) == 400
    xml = b"<text>hi</text>"
    head_xml = head.replace(b"application/json", b"application/xml")
    assert _status_of(_raw_exchange(live_port, [head_xml % len(xml) + xml])) == 415


def test_live_slow_detection_does_not_stall_other_clients(live_port):
    with ThreadPoolExecutor(max_workers=1) as pool:
        slow = pool.submit(_post_json, live_port, {"text": SLOW_POST})
        time.sleep(0.1)
        status, elapsed = _get(live_port, "/healthz")
        assert status == 200 and elapsed < 0.3
        status, body = slow.result(timeout=10)
    assert status == 503 and body["error"]["code"] == "time_budget_exceeded"


def test_live_connection_flood_is_refused_cleanly_and_cleared(live_port):
    idle = [socket.create_connection(("127.0.0.1", live_port)) for _ in range(150)]
    try:
        for sock in idle[:50]:
            sock.sendall(b"GET /healthz HTTP/1.1\r\n")  # half a request each
        assert [_post_json(live_port, {"text": HOST_POST})[0] for _ in range(5)] == [200] * 5
        idle += [socket.create_connection(("127.0.0.1", live_port)) for _ in range(LIMIT_CONCURRENCY)]
        assert _get(live_port, "/healthz")[0] == 503  # past --limit-concurrency: a clean "come back later"
        time.sleep(HEADER_TIMEOUT_S + 0.5)
        refused = 0
        for sock in idle:
            sock.settimeout(2)
            try:
                refused += sock.recv(4096).startswith(b"HTTP/1.1 408")
            except (socket.timeout, ConnectionResetError):
                pass
        assert refused == len(idle)  # every idle or half-open connection got a 408 and was closed
    finally:
        for sock in idle:
            sock.close()
    assert _get(live_port, "/healthz")[0] == 200


def test_live_concurrent_clients_all_get_answers(live_port):
    def one(i: int) -> int:
        return _post_json(live_port, {"texts": [HOST_POST, f"post {i}"]})[0]

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(one, range(100)))
    assert statuses == [200] * 100


def test_serve_command_runs_workers_that_share_metrics(tiny_detector, tmp_path):
    """`spamsplice serve --workers 2` end to end: API key file, model path, metrics added up over workers."""
    model_dir = tmp_path / "model"
    tiny_detector.save(model_dir)
    key_file = tmp_path / "key"
    key_file.write_text("k3y-for-this-test\n")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in (server.API_KEY_ENV, server.SETTINGS_ENV)}
    command = [sys.executable, "-m", "spamsplice", "serve", "--port", str(port), "--workers", "2"]
    command += ["--model", str(model_dir), "--api-key-file", str(key_file), "--no-access-log"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_ready(port, process)
        payload = json.dumps({"text": "The committee met on Tuesday iceland phone number list to review it."})
        statuses = []
        for attempt in range(21):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            headers = {"Content-Type": "application/json"}
            if attempt:
                headers["X-API-Key"] = "k3y-for-this-test"
            connection.request("POST", "/v1/detect", body=payload, headers=headers)
            statuses.append(connection.getresponse().status)
            connection.close()
        assert statuses == [401] + [200] * 20
        time.sleep(server.METRICS_FLUSH_S + 0.5)
        for _ in range(4):  # whichever worker answers the scrape, it reports both workers' requests
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/metrics")
            samples = _samples(connection.getresponse().read().decode())
            connection.close()
            assert samples['spamsplice_requests_total{route="/v1/detect",method="POST",status="200"}'] == 20
            assert samples['spamsplice_texts_total{endpoint="detect"}'] == 20
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert process.returncode == 0, output

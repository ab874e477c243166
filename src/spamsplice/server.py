"""The moderation service: a JSON API, an Akismet-compatible endpoint and a moderator page.

Why it is built this way:

- ``create_app(detector)`` is a factory that keeps every piece of state on the app it returns, so tests,
  embedders and each uvicorn worker get their own; ``spamsplice serve`` runs uvicorn with the import
  string of ``app_from_env`` so that every worker loads the model once, at start-up.
- FastAPI, uvicorn and pydantic are imported inside functions: ``spamsplice --help`` and the batch workers
  must not pay a second of imports they never use.
- A small ASGI layer reads and bounds each request body before any route runs: a body that is too large is
  refused with 413 (by its Content-Length, or by counting what streams in) and one that dribbles in is
  refused with 408, so a route never sees more than the limit and a slow client never pins a worker.
- The detector runs in a bounded thread pool under a per-request time budget: a slow text costs one thread,
  never the event loop, and health checks, metrics and other clients keep getting answers.
- Every error is a JSON body with a stable ``code`` and a plain message (plain text with Akismet's debug
  header on the Akismet routes); no exception text or traceback ever reaches a client.
"""

import argparse
import asyncio
import contextlib
import functools
import hmac
import importlib.resources
import ipaddress
import json
import logging
import os
import shutil
import socket
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence
from urllib.parse import parse_qsl

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI, Request, Response

    from spamsplice.types import CleanResult, Detection

log = logging.getLogger("spamsplice.server")

SETTINGS_ENV = "SPAMSPLICE_SERVE_SETTINGS"
API_KEY_ENV = "SPAMSPLICE_API_KEY"

DEFAULT_MAX_BODY_BYTES = 1_048_576
DEFAULT_MAX_TEXT_CHARS = 100_000
DEFAULT_MAX_BATCH_TEXTS = 256
DEFAULT_TIME_BUDGET_S = 5.0
DEFAULT_BODY_TIMEOUT_S = 10.0
DEFAULT_HEADER_TIMEOUT_S = 10.0
DEFAULT_DETECTOR_THREADS = 2
DEFAULT_LIMIT_CONCURRENCY = 512

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
METRICS_FLUSH_S = 1.0

AKISMET_DEBUG_HEADER = "X-akismet-debug-help"
AKISMET_THANKS = "Thanks for making the web a better place."
# Akismet's documented test inputs: integrations send them to check that a "spam" answer reaches them.
AKISMET_TEST_AUTHOR = "viagra-test-123"
AKISMET_TEST_EMAIL = "akismet-guaranteed-spam@example.com"
# A flagged post whose insertions cover at least this share of its non-space characters is mostly spam:
# Akismet's "discard" pro-tip tells the forum it need not queue it for a human.
DISCARD_COVERAGE = 0.5

PAGE_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
PAGE_ASSETS = {
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
SWAGGER_ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
}
KNOWN_PATHS = frozenset(
    {"/", "/healthz", "/readyz", "/metrics", "/docs", "/openapi.json", "/v1/detect", "/v1/clean"}
    | {f"/1.1/{verb}" for verb in ("comment-check", "verify-key", "submit-spam", "submit-ham")}
    | {f"/static/{name}" for name in PAGE_ASSETS}
    | {f"/static/swagger/{name}" for name in SWAGGER_ASSETS}
)


class ApiError(Exception):
    """A refusal with an HTTP status, a stable machine-readable code and a message safe to show a client."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: list[dict[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = dict(headers or {})


def _is_akismet_path(path: str) -> bool:
    return path.startswith("/1.1/")


def _error_payload(error: ApiError, akismet: bool) -> tuple[bytes, str, dict[str, str]]:
    """Body, media type and headers for a refusal: JSON, or Akismet's plain text plus its debug header."""
    headers = dict(error.headers)
    if akismet:
        headers[AKISMET_DEBUG_HEADER] = error.message
        body = "invalid" if error.status == 401 else error.message
        return body.encode("utf-8"), "text/plain; charset=utf-8", headers
    payload: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.details:
        payload["details"] = error.details
    return json.dumps({"error": payload}, ensure_ascii=False).encode("utf-8"), "application/json", headers


async def _send_raw_error(send: Callable, error: ApiError, akismet: bool) -> None:
    """Answer a refusal straight from the ASGI layer, before any route ran."""
    body, media_type, headers = _error_payload(error, akismet)
    raw_headers = [(b"content-type", media_type.encode()), (b"content-length", str(len(body)).encode())]
    raw_headers += [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
    raw_headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": error.status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


class _BodyTooLarge(Exception):
    pass


class _ClientGone(Exception):
    pass


class _BodyGuard:
    """Reads each request body whole before routing, within ``max_body_bytes`` and ``body_timeout_s``.

    Content-Length over the limit is refused at once, without reading; a chunked body is counted as it
    arrives and refused as soon as it passes the limit; a body that has not arrived in full within the
    timeout is refused with 408. Routes then read the body from memory.
    """

    def __init__(self, app: Callable, *, max_body_bytes: int, body_timeout_s: float) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        akismet = _is_akismet_path(scope["path"])
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await _send_raw_error(send, self._too_large(), akismet)
            return
        try:
            body = await asyncio.wait_for(self._read(receive), self.body_timeout_s)
        except _BodyTooLarge:
            await _send_raw_error(send, self._too_large(), akismet)
            return
        except asyncio.TimeoutError:
            message = f"the request body did not arrive within {self.body_timeout_s:g} s"
            await _send_raw_error(send, ApiError(408, "request_timeout", message), akismet)
            return
        except _ClientGone:
            return

        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _too_large(self) -> ApiError:
        return ApiError(413, "payload_too_large", f"the request body is larger than {self.max_body_bytes} bytes")

    async def _read(self, receive: Callable) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _ClientGone
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise _BodyTooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _header(scope: Mapping[str, Any], name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


class _Metrics:
    """Request counts, a latency histogram per route and detection counts, in Prometheus' text format.

    Each process counts its own requests. With several uvicorn workers ``shared_dir`` is set: every worker
    writes its totals there (once a second while they change, and at shutdown) and ``/metrics`` adds up all
    the files, so a scrape sees the whole service rather than whichever worker answered it.
    """

    FAMILIES = {
        "spamsplice_requests_total": ("counter", "HTTP requests answered, by route, method and status."),
        "spamsplice_errors_total": ("counter", "Refused or failed requests, by route and reason."),
        "spamsplice_texts_total": ("counter", "Texts scanned, by endpoint."),
        "spamsplice_flagged_texts_total": ("counter", "Texts with at least one spliced-in span, by endpoint."),
        "spamsplice_spans_total": ("counter", "Spliced-in spans found, by endpoint."),
        "spamsplice_feedback_total": ("counter", "Akismet submit-spam / submit-ham reports received."),
    }
    HISTOGRAM = "spamsplice_request_duration_seconds"

    def __init__(self, shared_dir: str | None = None) -> None:
        self.counters: dict[tuple[str, tuple[tuple[str, str], ...]], float] = defaultdict(float)
        self.histograms: dict[tuple[tuple[str, str], ...], list[float]] = {}
        self.shared_dir = Path(shared_dir) if shared_dir else None
        self.dirty = False

    def inc(self, name: str, labels: tuple[tuple[str, str], ...], value: float = 1.0) -> None:
        self.counters[(name, labels)] += value
        self.dirty = True

    def observe(self, route: str, seconds: float) -> None:
        key = (("route", route),)
        cells = self.histograms.get(key)
        if cells is None:
            cells = self.histograms[key] = [0.0] * (len(LATENCY_BUCKETS) + 2)
        for i, bound in enumerate(LATENCY_BUCKETS):
            if seconds <= bound:
                cells[i] += 1
                break
        cells[-2] += seconds
        cells[-1] += 1
        self.dirty = True

    def snapshot(self) -> dict[str, Any]:
        return {
            "counters": [[name, [list(p) for p in labels], value] for (name, labels), value in self.counters.items()],
            "histograms": [[[list(p) for p in labels], cells] for labels, cells in self.histograms.items()],
        }

    def flush(self) -> None:
        """Write this process's totals for the other workers' scrapes (atomic rename: never half a file)."""
        if self.shared_dir is None:
            return
        self.dirty = False
        target = self.shared_dir / f"worker-{os.getpid()}.json"
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.snapshot()), encoding="utf-8")
        os.replace(tmp, target)

    def _merged(self) -> tuple[dict, dict]:
        if self.shared_dir is None:
            return self.counters, self.histograms
        self.flush()
        counters: dict = defaultdict(float)
        histograms: dict = {}
        for path in sorted(self.shared_dir.glob("worker-*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # a worker that died mid-rename leaves nothing worth reading
                continue
            for name, labels, value in data["counters"]:
                counters[(name, tuple(tuple(p) for p in labels))] += value
            for labels, cells in data["histograms"]:
                key = tuple(tuple(p) for p in labels)
                merged = histograms.setdefault(key, [0.0] * len(cells))
                for i, cell in enumerate(cells):
                    merged[i] += cell
        return counters, histograms

    def render(self) -> str:
        counters, histograms = self._merged()
        lines: list[str] = []
        for family, (kind, help_text) in self.FAMILIES.items():
            lines += [f"# HELP {family} {help_text}", f"# TYPE {family} {kind}"]
            for (name, labels), value in sorted(counters.items()):
                if name == family:
                    lines.append(f"{family}{_labels(labels)} {_number(value)}")
        lines += [
            f"# HELP {self.HISTOGRAM} Time from the request's arrival to the end of its answer, by route.",
            f"# TYPE {self.HISTOGRAM} histogram",
        ]
        for labels, cells in sorted(histograms.items()):
            cumulative = 0.0
            for bound, cell in zip(LATENCY_BUCKETS, cells):
                cumulative += cell
                bucket = _labels(labels + (("le", _number(bound)),))
                lines.append(f"{self.HISTOGRAM}_bucket{bucket} {_number(cumulative)}")
            lines.append(f"{self.HISTOGRAM}_bucket{_labels(labels + (('le', '+Inf'),))} {_number(cells[-1])}")
            lines.append(f"{self.HISTOGRAM}_sum{_labels(labels)} {cells[-2]!r}")
            lines.append(f"{self.HISTOGRAM}_count{_labels(labels)} {_number(cells[-1])}")
        return "\n".join(lines) + "\n"


def _labels(labels: Iterable[tuple[str, str]]) -> str:
    def escape(value: str) -> str:
        return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    inner = ",".join(f'{key}="{escape(str(value))}"' for key, value in labels)
    return "{" + inner + "}" if inner else ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class _RequestMetrics:
    """Times and counts every HTTP request, refusals from the body guard included."""

    def __init__(self, app: Callable, metrics: _Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or (scope["path"] if scope["path"] in KNOWN_PATHS else "unmatched")
            labels = (("route", path), ("method", scope["method"]), ("status", str(status)))
            self.metrics.inc("spamsplice_requests_total", labels)
            self.metrics.observe(path, time.perf_counter() - started)
            if status >= 400:
                self.metrics.inc("spamsplice_errors_total", (("route", path), ("reason", _reason(status))))


def _reason(status: int) -> str:
    return {
        400: "bad_request",
        401: "unauthorized",
        404: "not_found",
        405: "method_not_allowed",
        408: "request_timeout",
        413: "payload_too_large",
        415: "unsupported_media_type",
        422: "validation",
        503: "time_budget_exceeded",
    }.get(status, "internal" if status >= 500 else "client_error")


class _ServiceState:
    """Everything one app instance owns: the detector, its limits, its threads and its counters."""

    def __init__(
        self,
        detector: Any,
        *,
        api_key: str | None,
        max_text_chars: int,
        max_batch_texts: int,
        time_budget_s: float,
        detector_threads: int,
        metrics: _Metrics,
    ) -> None:
        self.detector = detector
        self.api_key = api_key.encode("utf-8") if api_key is not None else None
        self.max_text_chars = max_text_chars
        self.max_batch_texts = max_batch_texts
        self.time_budget_s = time_budget_s
        self.pool = ThreadPoolExecutor(max_workers=detector_threads, thread_name_prefix="spamsplice-detect")
        self.metrics = metrics
        self.ready = False
        self.not_ready_reason = "starting: the model has not answered its warm-up text yet"

    def key_matches(self, candidates: Iterable[str | None]) -> bool:
        """Constant-time comparison against every key the client may have sent; no key configured = open."""
        if self.api_key is None:
            return True
        matched = False
        for candidate in candidates:
            if candidate:
                matched |= hmac.compare_digest(candidate.encode("utf-8", "surrogatepass"), self.api_key)
        return matched

    async def run(self, func: Callable[[], Any]) -> Any:
        """Run detector work in the pool under the time budget; its failures become clean API errors."""
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(self.pool, func), self.time_budget_s)
        except asyncio.TimeoutError:
            raise ApiError(
                503,
                "time_budget_exceeded",
                f"detection did not finish within the time budget of {self.time_budget_s:g} s; "
                "send shorter texts or fewer texts per request",
                headers={"Retry-After": "1"},
            ) from None
        except Exception:
            error_id = uuid.uuid4().hex[:12]
            log.exception("detector failed (error id %s)", error_id)
            raise ApiError(500, "detector_error", f"the detector failed on this input (error id {error_id})") from None

    def count_texts(self, endpoint: str, spans_per_text: Sequence[Sequence[Any]]) -> None:
        labels = (("endpoint", endpoint),)
        self.metrics.inc("spamsplice_texts_total", labels, len(spans_per_text))
        flagged = sum(1 for spans in spans_per_text if spans)
        if flagged:
            self.metrics.inc("spamsplice_flagged_texts_total", labels, flagged)
            self.metrics.inc("spamsplice_spans_total", labels, sum(len(spans) for spans in spans_per_text))


@functools.lru_cache(maxsize=1)
def _schemas() -> dict[str, type]:
    """The request and response models, built on first use so that importing this module stays cheap."""
    from pydantic import BaseModel, ConfigDict, Field

    class TextsRequest(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        text: str | None = Field(None, description="One post. Give either `text` or `texts`.")
        texts: list[str] | None = Field(None, description="Several posts, answered in order.")
        threshold: float | None = Field(
            None, ge=0.0, le=1.0, description="Span score needed to report a span (default: the model's)."
        )

    class SpanModel(BaseModel):
        start: int = Field(description="Code-point offset into the text, inclusive.")
        end: int = Field(description="Code-point offset into the text, exclusive.")
        text: str
        score: float

    class DetectionModel(BaseModel):
        score: float = Field(description="Document score in [0, 1].")
        spans: list[SpanModel]
        threshold: float

    class DetectionBatch(BaseModel):
        results: list[DetectionModel]
        threshold: float

    class CleanModel(BaseModel):
        text: str = Field(description="The text with the spans removed and split words repaired.")
        removed: list[SpanModel] = Field(description="Removed spans, offsets into the original text.")
        threshold: float

    class CleanBatch(BaseModel):
        results: list[CleanModel]
        threshold: float

    class ErrorBody(BaseModel):
        code: str
        message: str
        details: list[dict[str, Any]] | None = None

    class ErrorModel(BaseModel):
        error: ErrorBody

    return {model.__name__: model for model in (
        TextsRequest, SpanModel, DetectionModel, DetectionBatch, CleanModel, CleanBatch, ErrorModel
    )}


def _media_type(content_type: str | None) -> tuple[str, dict[str, str]]:
    if not content_type:
        return "", {}
    media, _, rest = content_type.partition(";")
    params = {}
    for part in rest.split(";"):
        name, _, value = part.partition("=")
        if name.strip():
            params[name.strip().lower()] = value.strip().strip('"')
    return media.strip().lower(), params


def _parse_texts_request(
    body: bytes, content_type: str | None, max_text_chars: int, max_batch: int
) -> tuple[list[str], bool, float | None]:
    """Validate a /v1 JSON body: (texts, whether it was a batch, threshold) or a clean refusal."""
    from pydantic import ValidationError

    media, params = _media_type(content_type)
    if media != "application/json":
        raise ApiError(
            415,
            "unsupported_media_type",
            f"send the body as JSON with 'Content-Type: application/json' (got {media or 'no content type'!r})",
        )
    if params.get("charset", "utf-8").lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ApiError(415, "unsupported_media_type", "JSON bodies must be UTF-8")
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"the request body is not valid UTF-8 (bad byte at offset {exc.start})"
        raise ApiError(400, "invalid_utf8", message) from None
    try:
        request = _schemas()["TextsRequest"].model_validate_json(decoded)
    except ValidationError as exc:
        problems = exc.errors(include_url=False, include_input=False, include_context=False)
        if any(p["type"] == "json_invalid" for p in problems):
            reason = problems[0]["msg"].removeprefix("Invalid JSON: ")
            raise ApiError(400, "invalid_json", f"the request body is not valid JSON: {reason}") from None
        details = [{"field": ".".join(map(str, p["loc"])) or "(body)", "problem": p["msg"]} for p in problems]
        summary = "; ".join(f"{d['field']}: {d['problem']}" for d in details[:3])
        message = f"the request does not match the schema: {summary}"
        raise ApiError(422, "invalid_request", message, details=details) from None
    if (request.text is None) == (request.texts is None):
        raise ApiError(422, "invalid_request", "give exactly one of 'text' (a string) or 'texts' (a list of strings)")
    batch = request.texts is not None
    texts = request.texts if batch else [request.text]
    if len(texts) > max_batch:
        raise ApiError(413, "too_many_texts", f"at most {max_batch} texts per request, got {len(texts)}")
    for index, text in enumerate(texts):
        if len(text) > max_text_chars:
            where = f"texts[{index}]" if batch else "text"
            raise ApiError(
                413, "text_too_long", f"{where} has {len(text)} characters; the limit is {max_text_chars}"
            )
    return texts, batch, request.threshold


def _json_response(payload: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> "Response":
    import orjson
    from fastapi import Response

    return Response(orjson.dumps(payload), status_code=status, media_type="application/json", headers=headers)


def _akismet_fields(body: bytes, content_type: str | None) -> dict[str, str]:
    """Decode an Akismet form body, honouring the charset the forum declares (WordPress sends its blog's)."""
    media, params = _media_type(content_type)
    if media != "application/x-www-form-urlencoded":
        raise ApiError(
            415,
            "unsupported_media_type",
            "Akismet calls are form-encoded: send 'Content-Type: application/x-www-form-urlencoded' "
            f"(got {media or 'none'!r})",
        )
    charset = params.get("charset", "utf-8")
    try:
        text = body.decode(charset)
        pairs = parse_qsl(text, keep_blank_values=True, encoding=charset, errors="strict", max_num_fields=2000)
    except LookupError:
        raise ApiError(415, "unsupported_media_type", f"unknown charset {charset!r}") from None
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_encoding", f"the form body is not valid {charset}") from None
    except ValueError:
        raise ApiError(413, "too_many_fields", "the form has more than 2000 fields") from None
    return dict(pairs)


def _akismet_key_candidates(request: "Request", fields: Mapping[str, str]) -> list[str | None]:
    """Every place an Akismet client may carry its key: the form (``api_key`` now, ``key`` in older
    clients), our own headers, or the host name, as in ``<key>.rest.akismet.com`` used by Discourse and
    phpBB's extension."""
    host = (request.headers.get("host") or "").split(":")[0]
    host_label = host.split(".")[0] if host.count(".") >= 2 else None
    return [fields.get("api_key"), fields.get("key"), *_header_key_candidates(request), host_label]


def _header_key_candidates(request: "Request") -> list[str | None]:
    authorization = request.headers.get("authorization", "")
    bearer = authorization[7:].strip() if authorization[:7].lower() == "bearer " else None
    return [request.headers.get("x-api-key"), bearer]


def _coverage(text: str, detection: "Detection") -> float:
    """Share of the text's non-space characters that lie inside reported spans."""
    total = sum(1 for ch in text if not ch.isspace())
    if not total:
        return 0.0
    inside = sum(1 for span in detection.spans for ch in span.text if not ch.isspace())
    return inside / total


def _wants_json(request: "Request") -> bool:
    return "application/json" in request.headers.get("accept", "").lower()


def _read_package_text(*parts: str) -> str:
    resource = importlib.resources.files("spamsplice").joinpath(*parts)
    return resource.read_text(encoding="utf-8")


def create_app(
    detector: Any,
    *,
    api_key: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    cors_origins: Sequence[str] = (),
    max_batch_texts: int = DEFAULT_MAX_BATCH_TEXTS,
    time_budget_s: float = DEFAULT_TIME_BUDGET_S,
    body_timeout_s: float = DEFAULT_BODY_TIMEOUT_S,
    detector_threads: int = DEFAULT_DETECTOR_THREADS,
    metrics_dir: str | None = None,
) -> "FastAPI":
    """Build the service around a loaded detector.

    Parameters
    ----------
    detector : object with ``detect``, ``detect_many``, ``clean`` and ``threshold``
        Usually ``spamsplice.load()``; it is called from a thread pool, never from the event loop.
    api_key : str or None
        When set, ``/v1/*`` and the Akismet calls need it (``X-API-Key`` or ``Authorization: Bearer``
        header, or Akismet's own places); the page, health checks and metrics stay open.
    max_body_bytes, max_text_chars, max_batch_texts : int
        Limits past which a request is refused with 413 before any detection runs.
    cors_origins : sequence of str
        Origins allowed to call the API from a browser; empty (the default) sends no CORS headers.
    time_budget_s : float
        Detection taking longer than this answers 503 instead of holding the client.
    body_timeout_s : float
        A request body still incomplete after this long answers 408.
    detector_threads : int
        Size of the thread pool that runs the detector.
    metrics_dir : str or None
        Folder shared by the workers of one server so that ``/metrics`` adds their counts up.

    Examples
    --------
    >>> import spamsplice, uvicorn                                          # doctest: +SKIP
    >>> uvicorn.run(create_app(spamsplice.load()), host="127.0.0.1", port=8080)  # doctest: +SKIP
    """
    from fastapi import FastAPI, Request, Response
    from fastapi.exceptions import RequestValidationError
    from fastapi.middleware.cors import CORSMiddleware
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse, PlainTextResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException

    import spamsplice

    for name, value in (
        ("max_body_bytes", max_body_bytes),
        ("max_text_chars", max_text_chars),
        ("max_batch_texts", max_batch_texts),
        ("detector_threads", detector_threads),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    for name, value in (("time_budget_s", time_budget_s), ("body_timeout_s", body_timeout_s)):
        if not value > 0:
            raise ValueError(f"{name} must be positive, got {value!r}")
    if api_key is not None and not api_key.strip():
        raise ValueError("api_key is empty; pass None to run without one")
    for method in ("detect", "detect_many", "clean"):
        if not callable(getattr(detector, method, None)):
            raise ValueError(f"detector has no {method}() method")

    metrics = _Metrics(metrics_dir)
    state = _ServiceState(
        detector,
        api_key=api_key,
        max_text_chars=max_text_chars,
        max_batch_texts=max_batch_texts,
        time_budget_s=time_budget_s,
        detector_threads=detector_threads,
        metrics=metrics,
    )
    page_html = _read_package_text("static", "index.html")
    page_assets = {name: _read_package_text("static", name) for name in PAGE_ASSETS}
    schemas = _schemas()
    error_responses = {code: {"model": schemas["ErrorModel"]} for code in (400, 401, 413, 415, 422, 503)}
    texts_body = {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schemas["TextsRequest"].model_json_schema()}},
        }
    }
    akismet_form = {
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            name: {"type": "string"}
                            for name in (
                                "api_key", "blog", "user_ip", "user_agent", "comment_type", "comment_author",
                                "comment_author_email", "comment_content", "is_test",
                            )
                        },
                    }
                }
            },
        }
    }

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        flusher = asyncio.create_task(_flush_metrics_forever(metrics)) if metrics.shared_dir else None
        warm_up = functools.partial(detector.detect, "spamsplice warm-up: a short ordinary sentence.")
        try:  # no time budget here: a cold start may take a while, and must not leave the worker unready
            await asyncio.get_running_loop().run_in_executor(state.pool, warm_up)
            state.ready = True
        except Exception as exc:
            state.not_ready_reason = f"the model failed its warm-up text ({type(exc).__name__}); see the log"
            log.exception("the model failed its warm-up text")
        try:
            yield
        finally:
            if flusher is not None:
                flusher.cancel()
                metrics.flush()
            state.pool.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        title="spamsplice",
        version=spamsplice.__version__,
        description=(
            "Finds short spam phrases spliced into otherwise normal posts, with exact code-point offsets, "
            "and removes them cleanly. Includes an Akismet-compatible endpoint for forum software."
        ),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.spamsplice = state

    @app.exception_handler(ApiError)
    async def api_error_handler(request: Request, exc: ApiError) -> Response:
        body, media_type, headers = _error_payload(exc, _is_akismet_path(request.url.path))
        return Response(body, status_code=exc.status, media_type=media_type, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error_handler(request: Request, exc: StarletteHTTPException) -> Response:
        code = _reason(exc.status_code)
        message = {404: f"no such endpoint: {request.url.path}", 405: f"{request.method} is not allowed here"}.get(
            exc.status_code, str(exc.detail)
        )
        return await api_error_handler(request, ApiError(exc.status_code, code, message, headers=exc.headers))

    @app.exception_handler(RequestValidationError)
    async def validation_error_handler(request: Request, exc: RequestValidationError) -> Response:
        return await api_error_handler(request, ApiError(422, "invalid_request", "the request is not valid"))

    @app.exception_handler(Exception)
    async def unexpected_error_handler(request: Request, exc: Exception) -> Response:
        error_id = uuid.uuid4().hex[:12]
        log.error("unexpected error (error id %s)", error_id, exc_info=exc)
        error = ApiError(500, "internal_error", f"internal error (error id {error_id}); it was logged")
        return await api_error_handler(request, error)

    def require_key(request: Request) -> None:
        if not state.key_matches(_header_key_candidates(request)):
            raise ApiError(
                401,
                "unauthorized",
                "a valid API key is needed: send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'",
                headers={"WWW-Authenticate": "Bearer"},
            )

    @app.post(
        "/v1/detect",
        summary="Find spliced-in spam spans",
        tags=["detection"],
        responses={200: {"model": schemas["DetectionModel"]}, **error_responses},
        openapi_extra=texts_body,
    )
    async def detect(request: Request) -> Response:
        """Score and spans for `text`, or `{"results": [...]}` in order for `texts`."""
        require_key(request)
        texts, batch, threshold = _parse_texts_request(
            await request.body(), request.headers.get("content-type"), state.max_text_chars, state.max_batch_texts
        )
        if batch:
            detections = await state.run(lambda: detector.detect_many(texts, threshold))
        else:
            detections = [await state.run(lambda: detector.detect(texts[0], threshold))]
        state.count_texts("detect", [d.spans for d in detections])
        used = detector.threshold if threshold is None else threshold
        results = [{**d.to_dict(), "threshold": used} for d in detections]
        return _json_response({"results": results, "threshold": used} if batch else results[0])

    @app.post(
        "/v1/clean",
        summary="Remove spliced-in spam spans",
        tags=["detection"],
        responses={200: {"model": schemas["CleanModel"]}, **error_responses},
        openapi_extra=texts_body,
    )
    async def clean(request: Request) -> Response:
        """Cleaned text and the removed spans for `text`, or `{"results": [...]}` for `texts`."""
        require_key(request)
        texts, batch, threshold = _parse_texts_request(
            await request.body(), request.headers.get("content-type"), state.max_text_chars, state.max_batch_texts
        )
        cleaned: list[CleanResult] = await state.run(lambda: [detector.clean(text, threshold) for text in texts])
        state.count_texts("clean", [c.removed for c in cleaned])
        used = detector.threshold if threshold is None else threshold
        results = [{**c.to_dict(), "threshold": used} for c in cleaned]
        return _json_response({"results": results, "threshold": used} if batch else results[0])

    akismet_route = {"response_class": PlainTextResponse, "openapi_extra": akismet_form, "tags": ["akismet"]}

    @app.post("/1.1/comment-check", summary="Akismet-compatible spam check", **akismet_route)
    async def comment_check(request: Request) -> Response:
        """Answers `true` (spam: at least one spliced-in span in `comment_content`) or `false`, as Akismet
        does. Headers `X-spamsplice-score` and `X-spamsplice-spans` (`start-end` code-point offsets) carry the
        detail; send `Accept: application/json` for a JSON answer with the spans instead."""
        fields = _akismet_fields(await request.body(), request.headers.get("content-type"))
        if not state.key_matches(_akismet_key_candidates(request, fields)):
            raise ApiError(401, "unauthorized", "Invalid API key: pass the spamsplice API key as api_key or key.")
        text = fields.get("comment_content", "")
        if len(text) > state.max_text_chars:
            message = f"comment_content has {len(text)} characters; the limit is {state.max_text_chars}"
            raise ApiError(413, "text_too_long", message)
        detection = await state.run(lambda: detector.detect(text))
        state.count_texts("comment-check", [detection.spans])
        test_spam = (
            fields.get("comment_author") == AKISMET_TEST_AUTHOR
            or fields.get("comment_author_email") == AKISMET_TEST_EMAIL
        )
        spam = bool(detection.spans) or test_spam
        discard = bool(detection.spans) and _coverage(text, detection) >= DISCARD_COVERAGE
        headers = {
            "X-akismet-guid": uuid.uuid4().hex,
            "X-spamsplice-score": f"{detection.score:.4f}",
            "X-spamsplice-spans": ",".join(f"{s.start}-{s.end}" for s in detection.spans),
        }
        if discard:
            headers["X-akismet-pro-tip"] = "discard"
        if _wants_json(request):
            payload = {"spam": spam, "discard": discard, **detection.to_dict()}
            return _json_response(payload, headers=headers)
        return PlainTextResponse("true" if spam else "false", headers=headers)

    @app.post("/1.1/verify-key", summary="Akismet-compatible key check", **akismet_route)
    async def verify_key(request: Request) -> Response:
        """Answers `valid` when `key` (or `api_key`) is this server's key, or when it runs without one."""
        fields = _akismet_fields(await request.body(), request.headers.get("content-type"))
        key = fields.get("key") or fields.get("api_key")
        if not key:
            return PlainTextResponse("invalid", headers={AKISMET_DEBUG_HEADER: "Empty \"key\" value"})
        if state.key_matches([key]):
            return PlainTextResponse("valid")
        return PlainTextResponse("invalid", headers={AKISMET_DEBUG_HEADER: "This is not the spamsplice server's key."})

    async def feedback(request: Request, kind: str) -> Response:
        fields = _akismet_fields(await request.body(), request.headers.get("content-type"))
        if not state.key_matches(_akismet_key_candidates(request, fields)):
            raise ApiError(401, "unauthorized", "Invalid API key: pass the spamsplice API key as api_key or key.")
        metrics.inc("spamsplice_feedback_total", (("kind", kind),))
        return PlainTextResponse(AKISMET_THANKS)

    @app.post("/1.1/submit-spam", summary="Akismet-compatible missed-spam report", **akismet_route)
    async def submit_spam(request: Request) -> Response:
        """Acknowledges a moderator's "this was spam" report as Akismet does; spamsplice counts it in
        `/metrics` (it does not learn from it)."""
        return await feedback(request, "spam")

    @app.post("/1.1/submit-ham", summary="Akismet-compatible false-positive report", **akismet_route)
    async def submit_ham(request: Request) -> Response:
        """Acknowledges a moderator's "this was not spam" report; counted in `/metrics`."""
        return await feedback(request, "ham")

    @app.get("/", include_in_schema=False)
    async def page() -> Response:
        return HTMLResponse(page_html, headers=PAGE_SECURITY_HEADERS)

    @app.get("/static/{name}", include_in_schema=False)
    async def page_asset(name: str) -> Response:
        if name not in page_assets:
            raise ApiError(404, "not_found", f"no such file: {name}")
        headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
        return Response(page_assets[name], media_type=PAGE_ASSETS[name], headers=headers)

    @app.get("/static/swagger/{name}", include_in_schema=False)
    async def swagger_asset(name: str) -> Response:
        from fastapi.responses import FileResponse
        from swagger_ui_bundle import swagger_ui_path

        if name not in SWAGGER_ASSETS:
            raise ApiError(404, "not_found", f"no such file: {name}")
        return FileResponse(Path(swagger_ui_path) / name, media_type=SWAGGER_ASSETS[name])

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Response:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="spamsplice API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    @app.get("/healthz", tags=["operations"], summary="Liveness: the process answers")
    async def healthz() -> Response:
        return _json_response({"status": "ok"})

    @app.get("/readyz", tags=["operations"], summary="Readiness: the model is loaded and has answered its warm-up text")
    async def readyz() -> Response:
        if not state.ready:
            return _json_response({"status": "not ready", "reason": state.not_ready_reason}, status=503)
        return _json_response(
            {
                "status": "ready",
                "version": spamsplice.__version__,
                "threshold": detector.threshold,
                "max_text_chars": state.max_text_chars,
                "max_batch_texts": state.max_batch_texts,
                "api_key_required": state.api_key is not None,
            }
        )

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics", response_class=PlainTextResponse)
    async def metrics_endpoint() -> Response:
        return PlainTextResponse(metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8")

    app.add_middleware(_BodyGuard, max_body_bytes=max_body_bytes, body_timeout_s=body_timeout_s)
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization", "X-API-Key"],
            expose_headers=["X-spamsplice-score", "X-spamsplice-spans"],
            max_age=600,
        )
    app.add_middleware(_RequestMetrics, metrics=metrics)
    return app


async def _flush_metrics_forever(metrics: _Metrics) -> None:
    while True:
        await asyncio.sleep(METRICS_FLUSH_S)
        if metrics.dirty:
            try:
                metrics.flush()
            except OSError as exc:
                log.warning("could not write metrics for the other workers: %s", exc)


def _set_nodelay(transport: Any) -> None:
    """Turn off Nagle's algorithm. asyncio does this itself only for sockets that say IPPROTO_TCP, and the
    listening socket uvicorn shares between several workers does not, which costs every small answer a
    40 ms delayed-ACK stall."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


@functools.lru_cache(maxsize=None)
def _header_timeout_protocol(timeout_s: float) -> type:
    """uvicorn's h11 protocol plus a deadline for request headers, and TCP_NODELAY on every connection.

    uvicorn waits forever for a request's headers; a client that sends them a byte at a time would hold a
    connection (and a file descriptor) indefinitely. Here every request's headers must be complete within
    ``timeout_s`` of the connection opening, or of the first byte after the previous answer; otherwise
    the client gets a 408 and the connection is closed. Only h11's public connection state is used.
    """
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    body = json.dumps(
        {"error": {"code": "request_timeout", "message": f"the request headers did not arrive within {timeout_s:g} s"}}
    ).encode()
    refusal = (
        b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nconnection: close\r\n"
        b"content-length: %d\r\n\r\n%s" % (len(body), body)
    )

    class HeaderTimeoutH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            _set_nodelay(transport)
            self._arm_header_timer()

        def data_received(self, data: bytes) -> None:
            if self.conn.their_state is h11.IDLE and self._header_timer is None:
                self._arm_header_timer()
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:
                self._cancel_header_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_header_timer()
            super().connection_lost(exc)

        def _arm_header_timer(self) -> None:
            self._header_timer = self.loop.call_later(timeout_s, self._headers_too_slow)

        def _cancel_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.write(refusal)
                self.transport.close()

    return HeaderTimeoutH11Protocol


def __getattr__(name: str) -> Any:
    """``spamsplice.server:HeaderTimeoutH11Protocol`` for uvicorn's ``http=`` option, built lazily so
    that importing this module does not import uvicorn."""
    if name == "HeaderTimeoutH11Protocol":
        settings = _settings_from_env()
        return _header_timeout_protocol(float(settings.get("header_timeout_s", DEFAULT_HEADER_TIMEOUT_S)))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _settings_from_env() -> dict[str, Any]:
    raw = os.environ.get(SETTINGS_ENV)
    return json.loads(raw) if raw else {}


def _read_api_key(api_key_file: str | None) -> str | None:
    """The key from ``--api-key-file`` (surrounding whitespace and the final newline dropped), else from
    the ``SPAMSPLICE_API_KEY`` environment variable, else None."""
    if api_key_file:
        key = Path(api_key_file).read_text(encoding="utf-8").strip()
        if not key:
            raise ValueError(f"the API key file {api_key_file} is empty")
        return key
    key = os.environ.get(API_KEY_ENV, "").strip()
    return key or None


def app_from_env() -> "FastAPI":
    """The uvicorn factory used by ``spamsplice serve``: each worker loads the model here, once."""
    from threadpoolctl import threadpool_limits

    import spamsplice

    # Requests already run side by side (detector threads, workers); BLAS threads on top of them would
    # oversubscribe the cores and spin while they wait.
    threadpool_limits(limits=1)
    settings = _settings_from_env()
    detector = spamsplice.load(settings.get("model"))
    return create_app(
        detector,
        api_key=_read_api_key(settings.get("api_key_file")),
        max_body_bytes=settings.get("max_body_bytes", DEFAULT_MAX_BODY_BYTES),
        max_text_chars=settings.get("max_text_chars", DEFAULT_MAX_TEXT_CHARS),
        cors_origins=settings.get("cors_origins", ()),
        time_budget_s=settings.get("time_budget_s", DEFAULT_TIME_BUDGET_S),
        metrics_dir=settings.get("metrics_dir"),
    )


def uvicorn_options(*, limit_concurrency: int = DEFAULT_LIMIT_CONCURRENCY, access_log: bool = True) -> dict[str, Any]:
    """The uvicorn settings every spamsplice server runs with (also used by the tests' real servers)."""
    return {
        "http": "spamsplice.server:HeaderTimeoutH11Protocol",
        "limit_concurrency": limit_concurrency,
        "timeout_keep_alive": 5,
        "server_header": False,
        "access_log": access_log,
        "log_level": "info",
    }


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(args: argparse.Namespace) -> int:
    """``spamsplice serve``: check the settings, then hand over to uvicorn until interrupted."""
    import uvicorn

    problems = []
    if not 0 <= args.port <= 65535:
        problems.append(f"--port must be in 0..65535, got {args.port}")
    for flag, value in (
        ("--workers", args.workers),
        ("--max-body-bytes", args.max_body_bytes),
        ("--max-text-chars", args.max_text_chars),
        ("--limit-concurrency", args.limit_concurrency),
    ):
        if value < 1:
            problems.append(f"{flag} must be at least 1, got {value}")
    if not args.time_budget > 0:
        problems.append(f"--time-budget must be positive, got {args.time_budget}")
    if args.model and not Path(args.model).is_dir():
        problems.append(f"--model {args.model} is not a directory")
    if problems:
        for problem in problems:
            print(f"spamsplice serve: error: {problem}", file=sys.stderr)
        return 2
    api_key = _read_api_key(args.api_key_file)
    if api_key is None and not _is_loopback(args.host):
        print(
            f"spamsplice serve: warning: listening on {args.host} without an API key; anyone who can reach it "
            "can use it (set --api-key-file or SPAMSPLICE_API_KEY)",
            file=sys.stderr,
        )
    if args.workers > 1:
        import spamsplice

        spamsplice.load(args.model)  # fail here, once and clearly, rather than in every worker forever

    metrics_dir = tempfile.mkdtemp(prefix="spamsplice-metrics-") if args.workers > 1 else None
    settings = {
        "model": args.model,
        "api_key_file": args.api_key_file,
        "max_body_bytes": args.max_body_bytes,
        "max_text_chars": args.max_text_chars,
        "cors_origins": args.cors_origins,
        "time_budget_s": args.time_budget,
        "metrics_dir": metrics_dir,
    }
    os.environ[SETTINGS_ENV] = json.dumps(settings)
    try:
        uvicorn.run(
            "spamsplice.server:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            **uvicorn_options(limit_concurrency=args.limit_concurrency, access_log=args.access_log),
        )
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def add_cli(subparsers: Any) -> None:
    """Register ``spamsplice serve``."""
    help_text = "Run the moderation service: JSON API, Akismet-compatible endpoint, moderator page."
    p = subparsers.add_parser("serve", help=help_text, description=help_text)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8080, help="port (default: 8080)")
    p.add_argument("--workers", type=int, default=1, help="worker processes, each with its own model (default: 1)")
    p.add_argument("--model", metavar="PATH", help="model directory (default: the shipped model)")
    p.add_argument(
        "--api-key-file",
        metavar="FILE",
        help=f"file holding the API key clients must send (default: ${API_KEY_ENV}, else no key)",
    )
    p.add_argument(
        "--cors-origin",
        dest="cors_origins",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="allow browser calls from this origin (repeatable; default: none)",
    )
    p.add_argument("--max-body-bytes", type=int, default=DEFAULT_MAX_BODY_BYTES, help="larger bodies get 413")
    p.add_argument("--max-text-chars", type=int, default=DEFAULT_MAX_TEXT_CHARS, help="longer texts get 413")
    p.add_argument(
        "--time-budget", type=float, default=DEFAULT_TIME_BUDGET_S, metavar="SECONDS", help="slower detections get 503"
    )
    p.add_argument(
        "--limit-concurrency",
        type=int,
        default=DEFAULT_LIMIT_CONCURRENCY,
        help="connections per worker past which new requests get 503",
    )
    p.add_argument("--access-log", action=argparse.BooleanOptionalAction, default=True, help="log each request")
    p.set_defaults(func=serve)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m spamsplice.server [serve options]``: the same as ``spamsplice serve``."""
    parser = argparse.ArgumentParser(prog="python -m spamsplice.server")
    subparsers = parser.add_subparsers(dest="command")
    add_cli(subparsers)
    args = parser.parse_args(["serve", *(argv if argv is not None else sys.argv[1:])])
    try:
        return args.func(args)
    except (OSError, ValueError) as exc:
        print(f"spamsplice serve: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The moderation service: a JSON API, an Akismet-compatible endpoint and a moderator page.

Why it is built this way:

- ``create_app(detector)`` is a factory that keeps every piece of state on the app it returns, so tests,
  embedders and each uvicorn worker get their own; ``spamsplice serve`` runs uvicorn with the import
  string of ``app_from_env`` so that every worker loads the model once, at start-up.
- FastAPI, uvicorn and pydantic are imported inside functions: ``spamsplice --help`` and the batch workers
  must not pay a second of imports they never use.
- The app ``create_app`` returns is a small ASGI layer that reads and bounds each request body before any
  route runs: a body that is too large is refused with 413 (by its Content-Length, or by counting what
  streams in) and one that dribbles in is refused with 408, so a route never sees more than the limit and
  a slow client never pins a worker. It answers the API routes itself, from a table of plain handlers, and
  hands the rest (page, docs, health, metrics) to FastAPI: FastAPI's per-request machinery would cost
  several times the service's own work on a post.
- A request with a forum post's worth of text is detected right on the event loop (a hop to a thread and
  back costs more than that detection). Longer requests run in a bounded thread pool under a per-request
  time budget: a slow text costs one thread, never the event loop, and health checks, metrics and other
  clients keep getting answers.
- Every error is a JSON body with a stable ``code`` and a plain message (plain text with Akismet's debug
  header on the Akismet routes); no exception text or traceback ever reaches a client.
"""

import argparse
import asyncio
import contextlib
import functools
import gc
import hmac
import importlib.resources
import importlib.util
import inspect
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
from http import HTTPStatus
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterable, Mapping, NamedTuple, Sequence
from urllib.parse import parse_qsl

from spamsplice.balance import BALANCE_FILE_KEY, connection_closed, create_balance_file, request_answered

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI, Response

    from spamsplice.types import CleanResult, Detection

log = logging.getLogger("spamsplice.server")

SETTINGS_ENV = "SPAMSPLICE_SERVE_SETTINGS"
APP_FACTORY = "spamsplice.server:app_from_env"
API_KEY_ENV = "SPAMSPLICE_API_KEY"

DEFAULT_MAX_BODY_BYTES = 1_048_576
DEFAULT_MAX_TEXT_CHARS = 100_000
DEFAULT_MAX_BATCH_TEXTS = 256
DEFAULT_TIME_BUDGET_S = 5.0
DEFAULT_BODY_TIMEOUT_S = 10.0
DEFAULT_HEADER_TIMEOUT_S = 10.0
DEFAULT_DETECTOR_THREADS = 2
DEFAULT_INLINE_MAX_CHARS = 8192
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


class _Answer(NamedTuple):
    """A whole response, as the API routes build it and ``_send_answer`` writes it."""

    status: int
    body: bytes
    media_type: str
    headers: Mapping[str, str] = MappingProxyType({})


def _error_answer(error: ApiError, akismet: bool) -> _Answer:
    body, media_type, headers = _error_payload(error, akismet)
    return _Answer(error.status, body, media_type, headers)


def _json_answer(payload: Any, headers: Mapping[str, str] = MappingProxyType({})) -> _Answer:
    import orjson

    return _Answer(200, orjson.dumps(payload), "application/json", headers)


def _text_answer(text: str, headers: Mapping[str, str] = MappingProxyType({})) -> _Answer:
    return _Answer(200, text.encode("utf-8"), "text/plain; charset=utf-8", headers)


async def _send_answer(send: Callable, answer: _Answer, *, close: bool = False) -> None:
    raw_headers = [
        (b"content-type", answer.media_type.encode("latin-1")),
        (b"content-length", b"%d" % len(answer.body)),
    ]
    raw_headers += [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in answer.headers.items()]
    if close:
        raw_headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": answer.status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": answer.body})


class _BodyTooLarge(Exception):
    pass


class _ClientGone(Exception):
    pass


async def _read_body(receive: Callable, max_body_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_body_bytes:
            raise _BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


if sys.version_info >= (3, 11):

    async def _read_body_within(receive: Callable, max_body_bytes: int, timeout_s: float) -> bytes:
        """The whole body, or asyncio.TimeoutError. (asyncio.timeout: wait_for would start a task per request.)"""
        async with asyncio.timeout(timeout_s):
            return await _read_body(receive, max_body_bytes)

else:  # pragma: no cover - Python 3.10

    async def _read_body_within(receive: Callable, max_body_bytes: int, timeout_s: float) -> bytes:
        return await asyncio.wait_for(_read_body(receive, max_body_bytes), timeout_s)


def _replay(body: bytes, receive: Callable) -> Callable:
    """A ``receive`` that hands a route the body already read, then whatever the client sends next."""
    replayed = False

    async def replay() -> dict:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


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
        inline_max_chars: int,
        detector_threads: int,
        metrics: _Metrics,
    ) -> None:
        self.detector = detector
        self.api_key = api_key.encode("utf-8") if api_key is not None else None
        self.max_text_chars = max_text_chars
        self.max_batch_texts = max_batch_texts
        self.time_budget_s = time_budget_s
        self.inline_max_chars = inline_max_chars
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

    async def run(self, func: Callable[[], Any], chars: int) -> Any:
        """Run detector work on ``chars`` characters; its failures become clean API errors.

        Up to ``inline_max_chars`` the work runs right here on the event loop: a forum post takes the
        detector well under the cost of a hop to a thread and back (which also makes the loop and the
        thread fight over the GIL). Longer work runs in the pool under the time budget, so the loop keeps
        answering other clients while it runs and the client gets a 503 once the budget is spent.
        """
        try:
            if chars <= self.inline_max_chars:
                return func()
            loop = asyncio.get_running_loop()
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


class _Call:
    """What an API route sees of a request: its headers (lower-case names; the first of a repeated one wins,
    as in Starlette) and its whole body."""

    __slots__ = ("headers", "body")

    def __init__(self, scope: Mapping[str, Any], body: bytes) -> None:
        headers: dict[str, str] = {}
        for name, value in scope["headers"]:
            headers.setdefault(name.decode("latin-1"), value.decode("latin-1"))
        self.headers = headers
        self.body = body


class _Route(NamedTuple):
    """An API route: answered straight from the service's table, and described in OpenAPI by ``operation``."""

    method: str
    path: str
    handler: Callable[[_Call], Awaitable[_Answer]]
    operation: dict[str, Any]


class _Service:
    """The ASGI app that ``create_app`` returns.

    Every HTTP request is timed and counted, and its body is read whole within the size limit and the body
    timeout before anything else runs: 413 by Content-Length without reading, 413 as soon as a streamed body
    passes the limit, 408 for a body that dribbles in (these close the connection). The API routes
    (``/v1/*``, ``/1.1/*``) are then answered from a table of plain handlers; FastAPI's routing, dependency
    solving and Request/Response objects would cost several times what the rest of such a request costs.
    FastAPI serves everything else (the page, ``/docs``, ``/openapi.json``, health, metrics, 404s) and runs
    the lifespan (warm-up, metrics flushing).
    """

    def __init__(
        self,
        fastapi_app: "FastAPI",
        routes: Iterable[_Route],
        *,
        state: "_ServiceState",
        max_body_bytes: int,
        body_timeout_s: float,
        cors_origins: Sequence[str],
    ) -> None:
        self.fastapi = fastapi_app
        self.state = state
        self.metrics = state.metrics
        self.routes = {(route.method, route.path): route for route in routes}
        self.allowed_methods: dict[str, list[str]] = defaultdict(list)
        for method, path in self.routes:
            self.allowed_methods[path].append(method)
        self.max_body_bytes = max_body_bytes
        self.body_timeout_s = body_timeout_s
        self.dispatch: Callable = self._dispatch
        if cors_origins:
            from starlette.middleware.cors import CORSMiddleware

            self.dispatch = CORSMiddleware(
                self._dispatch,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Authorization", "X-API-Key"],
                expose_headers=["X-spamsplice-score", "X-spamsplice-spans"],
                max_age=600,
            )

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.fastapi(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.dispatch(scope, receive, send_and_note)
        finally:
            self._count(scope, status, time.perf_counter() - started)
            request_answered(asyncio.get_running_loop())  # a sign of life for connection balancing

    def _count(self, scope: Mapping[str, Any], status: int, seconds: float) -> None:
        route = scope.get("route")
        path = getattr(route, "path", None) or (scope["path"] if scope["path"] in KNOWN_PATHS else "unmatched")
        labels = (("route", path), ("method", scope["method"]), ("status", str(status)))
        self.metrics.inc("spamsplice_requests_total", labels)
        self.metrics.observe(path, seconds)
        if status >= 400:
            self.metrics.inc("spamsplice_errors_total", (("route", path), ("reason", _reason(status))))

    async def _dispatch(self, scope: dict, receive: Callable, send: Callable) -> None:
        akismet = _is_akismet_path(scope["path"])
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await _send_answer(send, _error_answer(self._too_large(), akismet), close=True)
            return
        try:
            body = await _read_body_within(receive, self.max_body_bytes, self.body_timeout_s)
        except _BodyTooLarge:
            await _send_answer(send, _error_answer(self._too_large(), akismet), close=True)
            return
        except asyncio.TimeoutError:
            message = f"the request body did not arrive within {self.body_timeout_s:g} s"
            await _send_answer(send, _error_answer(ApiError(408, "request_timeout", message), akismet), close=True)
            return
        except _ClientGone:
            return
        route = self.routes.get((scope["method"], scope["path"]))
        if route is None:
            allowed = self.allowed_methods.get(scope["path"])
            if allowed is None:
                await self.fastapi(scope, _replay(body, receive), send)
                return
            message = f"{scope['method']} is not allowed here"
            refusal = ApiError(405, "method_not_allowed", message, headers={"Allow": ", ".join(allowed)})
            await _send_answer(send, _error_answer(refusal, akismet))
            return
        scope["route"] = route
        try:
            answer = await route.handler(_Call(scope, body))
        except ApiError as error:
            answer = _error_answer(error, akismet)
        except Exception:
            error_id = uuid.uuid4().hex[:12]
            log.exception("unexpected error (error id %s)", error_id)
            message = f"internal error (error id {error_id}); it was logged"
            answer = _error_answer(ApiError(500, "internal_error", message), akismet)
        await _send_answer(send, answer)

    def _too_large(self) -> ApiError:
        return ApiError(413, "payload_too_large", f"the request body is larger than {self.max_body_bytes} bytes")


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


def _akismet_key_candidates(headers: Mapping[str, str], fields: Mapping[str, str]) -> list[str | None]:
    """Every place an Akismet client may carry its key: the form (``api_key`` now, ``key`` in older
    clients), our own headers, or the host name, as in ``<key>.rest.akismet.com`` used by Discourse and
    phpBB's extension."""
    host = (headers.get("host") or "").split(":")[0]
    host_label = host.split(".")[0] if host.count(".") >= 2 else None
    return [fields.get("api_key"), fields.get("key"), *_header_key_candidates(headers), host_label]


def _header_key_candidates(headers: Mapping[str, str]) -> list[str | None]:
    authorization = headers.get("authorization", "")
    bearer = authorization[7:].strip() if authorization[:7].lower() == "bearer " else None
    return [headers.get("x-api-key"), bearer]


def _coverage(text: str, detection: "Detection") -> float:
    """Share of the text's non-space characters that lie inside reported spans."""
    total = sum(1 for ch in text if not ch.isspace())
    if not total:
        return 0.0
    inside = sum(1 for span in detection.spans for ch in span.text if not ch.isspace())
    return inside / total


def _wants_json(headers: Mapping[str, str]) -> bool:
    return "application/json" in headers.get("accept", "").lower()


def _read_package_text(*parts: str) -> str:
    resource = importlib.resources.files("spamsplice").joinpath(*parts)
    return resource.read_text(encoding="utf-8")


AKISMET_FORM_FIELDS = (
    "api_key", "blog", "user_ip", "user_agent", "comment_type", "comment_author", "comment_author_email",
    "comment_content", "is_test",
)


def _openapi_operations(schemas: Mapping[str, type]) -> tuple[Callable[..., dict[str, Any]], dict[str, Any]]:
    """A builder of OpenAPI operations for the API routes, and the component schemas they refer to (FastAPI
    documents only its own routes; these are answered before FastAPI sees them)."""
    from pydantic.json_schema import models_json_schema

    refs, definitions = models_json_schema(
        [(model, "validation") for model in schemas.values()], ref_template="#/components/schemas/{model}"
    )
    ref = {model.__name__: refs[(model, "validation")] for model in schemas.values()}
    def json_content(schema: dict[str, Any]) -> dict[str, Any]:
        return {"application/json": {"schema": schema}}

    errors = {
        str(status): {"description": HTTPStatus(status).phrase, "content": json_content(ref["ErrorModel"])}
        for status in (400, 401, 413, 415, 422, 503)
    }
    akismet_form = {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {"type": "object", "properties": {name: {"type": "string"} for name in AKISMET_FORM_FIELDS}}
            }
        },
    }

    def operation(handler: Callable, summary: str, tag: str, answers: Sequence[str] = ()) -> dict[str, Any]:
        described: dict[str, Any] = {
            "tags": [tag],
            "summary": summary,
            "description": inspect.cleandoc(handler.__doc__ or ""),
            "operationId": handler.__name__.replace("_", "-"),
        }
        if answers:
            ok = json_content({"anyOf": [ref[name] for name in answers]})
            described["requestBody"] = {"required": True, "content": json_content(ref["TextsRequest"])}
            described["responses"] = {"200": {"description": "OK", "content": ok}, **errors}
        else:
            ok = {"text/plain": {"schema": {"type": "string"}}}
            described["requestBody"] = akismet_form
            described["responses"] = {"200": {"description": "OK", "content": ok}}
        return described

    return operation, definitions.get("$defs", {})


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
    inline_max_chars: int = DEFAULT_INLINE_MAX_CHARS,
    detector_threads: int = DEFAULT_DETECTOR_THREADS,
    metrics_dir: str | None = None,
) -> _Service:
    """Build the service (an ASGI app) around a loaded detector.

    Parameters
    ----------
    detector : object with ``detect``, ``detect_many``, ``clean`` and ``threshold``
        Usually ``spamsplice.load()``.
    api_key : str or None
        When set, ``/v1/*`` and the Akismet calls need it (``X-API-Key`` or ``Authorization: Bearer``
        header, or Akismet's own places); the page, health checks and metrics stay open.
    max_body_bytes, max_text_chars, max_batch_texts : int
        Limits past which a request is refused with 413 before any detection runs.
    cors_origins : sequence of str
        Origins allowed to call the API from a browser; empty (the default) sends no CORS headers.
    time_budget_s : float
        Detection in the thread pool taking longer than this answers 503 instead of holding the client.
    body_timeout_s : float
        A request body still incomplete after this long answers 408.
    inline_max_chars : int
        Requests with at most this many characters of text in all are detected on the event loop (0: none);
        longer ones go to the thread pool, under the time budget.
    detector_threads : int
        Size of the thread pool that runs the detector on long requests.
    metrics_dir : str or None
        Folder shared by the workers of one server so that ``/metrics`` adds their counts up.

    Examples
    --------
    >>> import spamsplice, uvicorn                                          # doctest: +SKIP
    >>> uvicorn.run(create_app(spamsplice.load()), host="127.0.0.1", port=8080)  # doctest: +SKIP
    """
    from fastapi import FastAPI, Request, Response
    from fastapi.exceptions import RequestValidationError
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.openapi.utils import get_openapi
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
    if not isinstance(inline_max_chars, int) or isinstance(inline_max_chars, bool) or inline_max_chars < 0:
        raise ValueError(f"inline_max_chars must be a non-negative integer, got {inline_max_chars!r}")
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
        inline_max_chars=inline_max_chars,
        detector_threads=detector_threads,
        metrics=metrics,
    )
    page_html = _read_package_text("static", "index.html")
    page_assets = {name: _read_package_text("static", name) for name in PAGE_ASSETS}
    operation, component_schemas = _openapi_operations(_schemas())
    routes: list[_Route] = []

    def api_route(path: str, summary: str, tag: str, answers: Sequence[str] = ()) -> Callable:
        def register(handler: Callable[[_Call], Awaitable[_Answer]]) -> Callable[[_Call], Awaitable[_Answer]]:
            routes.append(_Route("POST", path, handler, operation(handler, summary, tag, answers)))
            return handler

        return register

    def require_key(call: _Call) -> None:
        if not state.key_matches(_header_key_candidates(call.headers)):
            raise ApiError(
                401,
                "unauthorized",
                "a valid API key is needed: send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'",
                headers={"WWW-Authenticate": "Bearer"},
            )

    @api_route("/v1/detect", "Find spliced-in spam spans", "detection", ("DetectionModel", "DetectionBatch"))
    async def detect(call: _Call) -> _Answer:
        """Score and spans for `text`, or `{"results": [...]}` in order for `texts`."""
        require_key(call)
        texts, batch, threshold = _parse_texts_request(
            call.body, call.headers.get("content-type"), state.max_text_chars, state.max_batch_texts
        )
        chars = sum(map(len, texts))
        if batch:
            detections = await state.run(lambda: detector.detect_many(texts, threshold), chars)
        else:
            detections = [await state.run(lambda: detector.detect(texts[0], threshold), chars)]
        state.count_texts("detect", [d.spans for d in detections])
        used = detector.threshold if threshold is None else threshold
        results = [{**d.to_dict(), "threshold": used} for d in detections]
        return _json_answer({"results": results, "threshold": used} if batch else results[0])

    @api_route("/v1/clean", "Remove spliced-in spam spans", "detection", ("CleanModel", "CleanBatch"))
    async def clean(call: _Call) -> _Answer:
        """Cleaned text and the removed spans for `text`, or `{"results": [...]}` for `texts`."""
        require_key(call)
        texts, batch, threshold = _parse_texts_request(
            call.body, call.headers.get("content-type"), state.max_text_chars, state.max_batch_texts
        )
        cleaned: list[CleanResult] = await state.run(
            lambda: [detector.clean(text, threshold) for text in texts], sum(map(len, texts))
        )
        state.count_texts("clean", [c.removed for c in cleaned])
        used = detector.threshold if threshold is None else threshold
        results = [{**c.to_dict(), "threshold": used} for c in cleaned]
        return _json_answer({"results": results, "threshold": used} if batch else results[0])

    @api_route("/1.1/comment-check", "Akismet-compatible spam check", "akismet")
    async def comment_check(call: _Call) -> _Answer:
        """Answers `true` (spam: at least one spliced-in span in `comment_content`) or `false`, as Akismet
        does. Headers `X-spamsplice-score` and `X-spamsplice-spans` (`start-end` code-point offsets) carry the
        detail; send `Accept: application/json` for a JSON answer with the spans instead."""
        fields = _akismet_fields(call.body, call.headers.get("content-type"))
        if not state.key_matches(_akismet_key_candidates(call.headers, fields)):
            raise ApiError(401, "unauthorized", "Invalid API key: pass the spamsplice API key as api_key or key.")
        text = fields.get("comment_content", "")
        if len(text) > state.max_text_chars:
            message = f"comment_content has {len(text)} characters; the limit is {state.max_text_chars}"
            raise ApiError(413, "text_too_long", message)
        detection = await state.run(lambda: detector.detect(text), len(text))
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
        if _wants_json(call.headers):
            return _json_answer({"spam": spam, "discard": discard, **detection.to_dict()}, headers)
        return _text_answer("true" if spam else "false", headers)

    @api_route("/1.1/verify-key", "Akismet-compatible key check", "akismet")
    async def verify_key(call: _Call) -> _Answer:
        """Answers `valid` when `key` (or `api_key`) is this server's key, or when it runs without one."""
        fields = _akismet_fields(call.body, call.headers.get("content-type"))
        key = fields.get("key") or fields.get("api_key")
        if not key:
            return _text_answer("invalid", {AKISMET_DEBUG_HEADER: "Empty \"key\" value"})
        if state.key_matches([key]):
            return _text_answer("valid")
        return _text_answer("invalid", {AKISMET_DEBUG_HEADER: "This is not the spamsplice server's key."})

    async def feedback(call: _Call, kind: str) -> _Answer:
        fields = _akismet_fields(call.body, call.headers.get("content-type"))
        if not state.key_matches(_akismet_key_candidates(call.headers, fields)):
            raise ApiError(401, "unauthorized", "Invalid API key: pass the spamsplice API key as api_key or key.")
        metrics.inc("spamsplice_feedback_total", (("kind", kind),))
        return _text_answer(AKISMET_THANKS)

    @api_route("/1.1/submit-spam", "Akismet-compatible missed-spam report", "akismet")
    async def submit_spam(call: _Call) -> _Answer:
        """Acknowledges a moderator's "this was spam" report as Akismet does; spamsplice counts it in
        `/metrics` (it does not learn from it)."""
        return await feedback(call, "spam")

    @api_route("/1.1/submit-ham", "Akismet-compatible false-positive report", "akismet")
    async def submit_ham(call: _Call) -> _Answer:
        """Acknowledges a moderator's "this was not spam" report; counted in `/metrics`."""
        return await feedback(call, "ham")

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

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            paths = document.setdefault("paths", {})
            for route in routes:
                paths.setdefault(route.path, {})[route.method.lower()] = route.operation
            document.setdefault("components", {}).setdefault("schemas", {}).update(component_schemas)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

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

    return _Service(
        app,
        routes,
        state=state,
        max_body_bytes=max_body_bytes,
        body_timeout_s=body_timeout_s,
        cors_origins=cors_origins,
    )


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


def _http_parser() -> str:
    """httptools when installed, else h11: httptools' C parser halves the service's cost per request."""
    return "httptools" if importlib.util.find_spec("httptools") is not None else "h11"


@functools.lru_cache(maxsize=None)
def _header_timeout_protocol(timeout_s: float, parser: str) -> type:
    """uvicorn's HTTP protocol for ``parser`` plus a deadline for request headers, and TCP_NODELAY on every
    connection.

    uvicorn waits forever for a request's headers; a client that sends them a byte at a time would hold a
    connection (and a file descriptor) indefinitely. Here every request's headers must be complete within
    ``timeout_s`` of the connection opening, or of the first byte after the previous answer; otherwise
    the client gets a 408 and the connection is closed.
    """
    body = json.dumps(
        {"error": {"code": "request_timeout", "message": f"the request headers did not arrive within {timeout_s:g} s"}}
    ).encode()
    refusal = (
        b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nconnection: close\r\n"
        b"content-length: %d\r\n\r\n%s" % (len(body), body)
    )
    if parser == "httptools":
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as base

        def awaiting_headers(protocol: Any) -> bool:
            """No request, or the last one answered: whatever arrives now is the next request's head."""
            return protocol.cycle is None or protocol.cycle.response_complete

    else:
        import h11
        from uvicorn.protocols.http.h11_impl import H11Protocol as base

        def awaiting_headers(protocol: Any) -> bool:
            return protocol.conn.their_state is h11.IDLE

    class HeaderTimeoutProtocol(base):  # type: ignore[valid-type, misc]
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            _set_nodelay(transport)
            self._arm_header_timer()

        def data_received(self, data: bytes) -> None:
            if self._header_timer is None and awaiting_headers(self):
                self._arm_header_timer()
            super().data_received(data)
            if not awaiting_headers(self):
                self._cancel_header_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_header_timer()
            connection_closed(self.loop)
            super().connection_lost(exc)

        def _arm_header_timer(self) -> None:
            self._header_timer = self.loop.call_later(timeout_s, self._headers_too_slow)

        def _cancel_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if awaiting_headers(self) and not self.transport.is_closing():
                self.transport.write(refusal)
                self.transport.close()

    return HeaderTimeoutProtocol


def __getattr__(name: str) -> Any:
    """``spamsplice.server:HeaderTimeoutProtocol`` for uvicorn's ``http=`` option, built lazily so that
    importing this module does not import uvicorn. The settings may name the parser (``http_parser``:
    ``httptools`` or ``h11``; the tests run both); by default httptools when installed."""
    if name == "HeaderTimeoutProtocol":
        settings = _settings_from_env()
        timeout_s = float(settings.get("header_timeout_s", DEFAULT_HEADER_TIMEOUT_S))
        return _header_timeout_protocol(timeout_s, settings.get("http_parser") or _http_parser())
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


def app_from_env(detector: Any = None) -> _Service:
    """The uvicorn factory used by ``spamsplice serve``: each worker loads the model here, once.

    ``detector`` replaces the model (benchmarks/bench_serve.py measures the service around a stand-in).
    """
    from threadpoolctl import threadpool_limits

    import spamsplice

    # Requests already run side by side (detector threads, workers); BLAS threads on top of them would
    # oversubscribe the cores and spin while they wait.
    threadpool_limits(limits=1)
    settings = _settings_from_env()
    if detector is None:
        detector = spamsplice.load(settings.get("model"))
    app = create_app(
        detector,
        api_key=_read_api_key(settings.get("api_key_file")),
        max_body_bytes=settings.get("max_body_bytes", DEFAULT_MAX_BODY_BYTES),
        max_text_chars=settings.get("max_text_chars", DEFAULT_MAX_TEXT_CHARS),
        cors_origins=settings.get("cors_origins", ()),
        time_budget_s=settings.get("time_budget_s", DEFAULT_TIME_BUDGET_S),
        inline_max_chars=settings.get("inline_max_chars", DEFAULT_INLINE_MAX_CHARS),
        metrics_dir=settings.get("metrics_dir"),
    )
    # The model, the libraries and the app are here for the worker's whole life: take them out of the
    # cyclic garbage collector's sight, or each full collection walks them all (about 30 ms, a stall that
    # lands on whichever requests are in flight).
    gc.freeze()
    return app


def uvicorn_options(
    *, limit_concurrency: int = DEFAULT_LIMIT_CONCURRENCY, access_log: bool = False, loop: str = "asyncio"
) -> dict[str, Any]:
    """The uvicorn settings every spamsplice server runs with (also used by the tests' real servers).

    The event loop is asyncio's, even where uvloop is installed: uvloop saves only about 0.01 ms per
    request here, and only asyncio's accept step can be replaced by the one in ``spamsplice.balance`` that
    spreads connections evenly over several workers (it falls back to asyncio's own loop when the
    settings name no balance table, as with one worker). The access log is off unless asked for: uvicorn's costs
    about 0.06 ms per request, a third of the service's own work on a post, and ``/metrics`` already counts
    every request by route and status.
    """
    return {
        "http": "spamsplice.server:HeaderTimeoutProtocol",
        "loop": "spamsplice.balance:new_event_loop" if loop == "asyncio" else loop,
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


def serve(args: argparse.Namespace, app_factory: str = APP_FACTORY) -> int:
    """``spamsplice serve``: check the settings, then hand over to uvicorn until interrupted.

    ``app_factory`` is the import string of the function each worker calls to build its app.
    """
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
    if args.inline_max_chars < 0:
        problems.append(f"--inline-max-chars must be at least 0, got {args.inline_max_chars}")
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
    if args.workers > 1 and app_factory == APP_FACTORY:
        import spamsplice

        spamsplice.load(args.model)  # fail here, once and clearly, rather than in every worker forever

    metrics_dir = tempfile.mkdtemp(prefix="spamsplice-metrics-") if args.workers > 1 else None
    balance_file = None
    if metrics_dir and args.loop == "asyncio":
        balance_file = os.path.join(metrics_dir, "connections.bin")
        create_balance_file(balance_file, args.workers)
    settings = {
        "model": args.model,
        "api_key_file": args.api_key_file,
        "max_body_bytes": args.max_body_bytes,
        "max_text_chars": args.max_text_chars,
        "cors_origins": args.cors_origins,
        "time_budget_s": args.time_budget,
        "inline_max_chars": args.inline_max_chars,
        "metrics_dir": metrics_dir,
        BALANCE_FILE_KEY: balance_file,
    }
    os.environ[SETTINGS_ENV] = json.dumps(settings)
    try:
        uvicorn.run(
            app_factory,
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            **uvicorn_options(limit_concurrency=args.limit_concurrency, access_log=args.access_log, loop=args.loop),
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
        "--inline-max-chars",
        type=int,
        default=DEFAULT_INLINE_MAX_CHARS,
        metavar="N",
        help="requests with at most N characters of text are detected on the event loop, longer ones in a "
        f"thread under the time budget (default: {DEFAULT_INLINE_MAX_CHARS})",
    )
    p.add_argument(
        "--limit-concurrency",
        type=int,
        default=DEFAULT_LIMIT_CONCURRENCY,
        help="connections per worker past which new requests get 503",
    )
    p.add_argument(
        "--loop",
        choices=["asyncio", "uvloop"],
        default="asyncio",
        help="event loop (default: asyncio, which spreads connections evenly over the workers; uvloop is a "
        "little faster per request but cannot balance, so a burst of connections may all land on one worker)",
    )
    p.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="log a line per request (default: off; costs about 0.06 ms per request)",
    )
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

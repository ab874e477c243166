"""Latency and throughput of `spamsplice serve` on loopback, with forum-post-sized texts.

Starts the real server (1 and 2 workers), drives it from a separate load process over keep-alive
connections (1, 10 and 50 at a time) and prints, per setting, p50/p95/p99 latency, requests/s, errors, and
the CPU the server and the load process spent per request. Texts are 0.5-4 KB slices of the clean host
corpora in ../shared/corpora; 5% carry a spliced-in phrase from ``spamsplice.synth``. Every load level is
bounded in requests and in seconds; nothing leaves loopback.

By default every timed request carries a post that server has never been sent: each server process is
first warmed with ``--warm-posts`` other posts (untimed), as a forum's server has seen earlier posts in its
languages, and then each load level sends its own slice of posts. So the common words of a language are in
the detector's caches and a post's rarer words are not, as on a forum where every post is new. A repeat
starts a new server process (empty caches) and sends the same slices again. The detector caches what it
learns about each word and chunk, so a post it has seen before costs less: ``--texts 600`` cycles 600 posts
through every run instead, and measures that kinder case.

``--detector`` picks what answers inside the server: ``model`` (the default: the shipped model, or
``--model``), ``null`` (answers "no spans" at once) or ``busy:MS`` (spins MS milliseconds of CPU per
text, then answers "no spans"). The stand-ins measure the service's own cost, apart from the model's.

The load process is one asyncio process (on uvloop when it is installed) that writes prebuilt raw HTTP/1.1
requests over persistent connections and reads the answers with a minimal parser, so that it costs far
less CPU per request than the server; its "client CPU" column says how busy it was. On a 2-core machine
the server and the load process share the cores: read "server CPU" per request as the service's cost, and
the rates as what this machine gives with both running.

    python benchmarks/bench_serve.py                       # shipped model, the full grid, fresh posts
    python benchmarks/bench_serve.py --texts 600           # 600 posts over and over (warm caches)
    python benchmarks/bench_serve.py --detector null --repeat 3
    python benchmarks/bench_serve.py --workers 2 --concurrency 50 --requests 6000
"""

import argparse
import asyncio
import json
import os
import random
import resource
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = REPO.parent / "shared" / "corpora"
MIN_BYTES, MAX_BYTES = 512, 4096
SPAM_SHARE = 0.05
STANDIN_ENV = "SPAMSPLICE_BENCH_STANDIN"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def build_posts(corpora: Path, count: int, seed: int) -> list[tuple[str, str, bool]]:
    """Up to ``count`` forum-post-sized slices of host text (many languages) as (text, language, spiked),
    SPAM_SHARE of them with an insertion, in a shuffled order."""
    from spamsplice.synth import TEMPLATES, Injector

    rng = random.Random(seed)
    files = sorted(corpora.glob("*/*.jsonl"))
    if not files:
        raise SystemExit(f"no corpora under {corpora} (pass --corpora)")
    rng.shuffle(files)
    injector = Injector(TEMPLATES, seed=seed, spam_fraction=1.0)
    posts: list[tuple[str, str, bool]] = []
    per_file = 2 * (count // len(files) + 1)  # small files give fewer; larger ones make up the count
    for path in files:
        buffer, taken = "", 0
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                buffer = f"{buffer}\n{record['text']}" if buffer else record["text"]
                target = rng.randint(MIN_BYTES, MAX_BYTES)
                if len(buffer.encode("utf-8")) < target:
                    continue
                text = buffer.encode("utf-8")[:target].decode("utf-8", "ignore")
                buffer = ""
                spiked = rng.random() < SPAM_SHARE
                if spiked:
                    host = {"id": f"bench-{len(posts)}", "lang": record.get("lang", "und"), "text": text}
                    text = injector.make_doc(host).text
                posts.append((text, path.parent.name, spiked))
                taken += 1
                if taken >= per_file or len(posts) >= count:
                    break
        if len(posts) >= count:
            break
    rng.shuffle(posts)
    return posts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- stand-in detectors: the service's floor, without the model ---------------------------------------------


class StandInDetector:
    """Answers every text with "no spans" after spinning ``busy_ms`` of CPU (0: at once)."""

    threshold = 0.5

    def __init__(self, busy_ms: float = 0.0) -> None:
        self.busy_s = busy_ms / 1000.0

    def detect(self, text: str, threshold: float | None = None):
        from spamsplice.types import Detection

        if self.busy_s:
            until = time.thread_time() + self.busy_s
            while time.thread_time() < until:
                pass
        return Detection(0.0, ())

    def detect_many(self, texts, threshold: float | None = None):
        return [self.detect(text, threshold) for text in texts]

    def clean(self, text: str, threshold: float | None = None):
        from spamsplice.types import CleanResult

        self.detect(text, threshold)
        return CleanResult(text, ())


def parse_detector(spec: str) -> float | None:
    """``model`` -> None; ``null`` -> 0 ms; ``busy:MS`` -> MS milliseconds of CPU per text."""
    if spec == "model":
        return None
    if spec == "null":
        return 0.0
    kind, _, value = spec.partition(":")
    try:
        busy_ms = float(value)
    except ValueError:
        busy_ms = -1.0
    if kind != "busy" or not busy_ms >= 0:
        raise argparse.ArgumentTypeError(f"expected model, null or busy:MS (MS >= 0), got {spec!r}")
    return busy_ms


def standin_app():
    """uvicorn factory for ``--detector null|busy:MS``: the app `spamsplice serve` builds, stand-in inside."""
    from spamsplice.server import app_from_env

    return app_from_env(detector=StandInDetector(float(os.environ[STANDIN_ENV])))


def serve_standin(serve_argv: list[str]) -> int:
    """`spamsplice serve` with every setting as given, but each worker builds its app with ``standin_app``."""
    from spamsplice import server

    parser = argparse.ArgumentParser(prog="bench_serve.py --serve-standin")
    server.add_cli(parser.add_subparsers())
    args = parser.parse_args(["serve", *serve_argv])
    return server.serve(args, app_factory="bench_serve:standin_app")


# --- the server under test --------------------------------------------------------------------------------


def start_server(
    port: int, workers: int, model: str | None, busy_ms: float | None, log_path: Path, serve_args: list[str]
) -> subprocess.Popen:
    serve_argv = ["--port", str(port), "--workers", str(workers), *serve_args]
    serve_argv += ["--model", model] if model else []
    env = {k: v for k, v in os.environ.items() if k != "SPAMSPLICE_API_KEY"}
    if busy_ms is None:
        command = [sys.executable, "-m", "spamsplice.server", *serve_argv]
    else:
        env[STANDIN_ENV] = repr(busy_ms)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parent), env.get("PYTHONPATH")]))
        command = [sys.executable, __file__, "--serve-standin", *serve_argv]
    log = log_path.open("w")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO)


def wait_ready(port: int, process: subprocess.Popen, workers: int, timeout_s: float = 180.0) -> None:
    """Ready once /readyz has answered 200 often enough that every worker has most likely warmed up."""
    deadline, ready = time.monotonic() + timeout_s, 0
    while time.monotonic() < deadline and ready < 4 * workers:
        if process.poll() is not None:
            raise SystemExit("the server exited during start-up; see its log")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                ready += response.status == 200
        except OSError:
            time.sleep(0.2)
    if ready < 4 * workers:
        raise SystemExit("the server did not become ready in time")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def process_tree_cpu_s(root_pid: int) -> float:
    """User + system CPU seconds of a process and all its descendants (uvicorn's workers), from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    return sum(times.get(pid, 0.0) for pid in tree)


# --- the load process ----------------------------------------------------------------------------------


class _LoadRun:
    """What all connections of one load level share: the requests to send, the bounds, the outcomes."""

    def __init__(self, requests: list[bytes], limit: int) -> None:
        self.requests = requests
        self.limit = limit
        self.deadline = float("inf")
        self.sent = 0
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def next_request(self) -> bytes | None:
        if self.sent >= self.limit or time.perf_counter() >= self.deadline:
            return None
        self.sent += 1
        return self.requests[self.sent % len(self.requests)]


class _LoadConnection(asyncio.Protocol):
    """One keep-alive connection: an untimed warm-up request, then (after ``start``) timed requests, each
    sent when the answer to the one before has arrived whole."""

    def __init__(self, run: _LoadRun, warmed: asyncio.Future, done: asyncio.Future) -> None:
        self.run = run
        self.warmed = warmed
        self.done = done
        self.timed = False
        self.buffer = bytearray()
        self.answer_size: int | None = None
        self.status = 0
        self.closing = False
        self.started = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        transport.write(self.run.requests[0])

    def start(self) -> None:
        self.timed = True
        self._send_next()

    def _send_next(self) -> None:
        request = self.run.next_request()
        if request is None:
            self.transport.close()
            return
        self.started = time.perf_counter()
        self.transport.write(request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.answer_size is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).lower()
            self.status = int(head[9:12])
            at = head.find(b"\r\ncontent-length:")
            if at < 0:
                self._fail(f"answer without content-length: {head[:80]!r}")
                return
            line_end = head.find(b"\r\n", at + 2)
            self.answer_size = end + 4 + int(head[at + 17 : line_end if line_end > 0 else len(head)])
            self.closing = b"\r\nconnection: close" in head
        if len(self.buffer) < self.answer_size:
            return
        del self.buffer[: self.answer_size]
        self.answer_size = None
        if self.status != 200:
            self.run.errors.append(f"HTTP {self.status}")
        if self.timed:
            self.run.latencies.append(time.perf_counter() - self.started)
        if self.closing:
            self.transport.close()
        elif self.timed:
            self._send_next()
        else:
            self.warmed.set_result(None)

    def _fail(self, reason: str) -> None:
        self.run.errors.append(reason)
        self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.answer_size is not None or self.buffer:
            self.run.errors.append(f"connection lost mid-answer: {exc}")
        for future in (self.warmed, self.done):
            if not future.done():
                future.set_result(None)


async def _drive(port: int, requests: list[bytes], concurrency: int, limit: int, max_seconds: float) -> dict:
    """Open every connection and answer one untimed request on each (so that neither connecting nor the
    server's accepting is timed), then run the timed requests on all of them at once."""
    loop = asyncio.get_running_loop()
    run = _LoadRun(requests, limit)
    connections, warmed, finished = [], [], []
    for _ in range(concurrency):
        warm, done = loop.create_future(), loop.create_future()
        try:
            _, connection = await loop.create_connection(
                lambda warm=warm, done=done: _LoadConnection(run, warm, done), "127.0.0.1", port
            )
        except OSError as exc:
            run.errors.append(f"connect: {exc}")
            continue
        connections.append(connection)
        warmed.append(warm)
        finished.append(done)
    await asyncio.gather(*warmed)
    started = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    run.deadline = started + max_seconds
    for connection in connections:
        if not connection.transport.is_closing():
            connection.start()
    await asyncio.gather(*finished)
    seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return {
        "latencies": run.latencies,
        "errors": run.errors,
        "seconds": seconds,
        "client_cpu_s": cpu,
        "warm_up_requests": len(connections),
    }


def load_main(argv: list[str]) -> None:
    port, payload_file, path, concurrency, limit, max_seconds, outcome_file = argv
    head = b"POST %s HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    requests = [
        head % (path.encode(), len(body)) + body
        for body in (line.encode("utf-8") for line in Path(payload_file).read_text(encoding="utf-8").splitlines())
    ]
    drive = _drive(int(port), requests, int(concurrency), int(limit), float(max_seconds))
    try:
        import uvloop
    except ImportError:
        outcome = asyncio.run(drive)
    else:
        outcome = uvloop.run(drive)
    Path(outcome_file).write_text(json.dumps(outcome), encoding="utf-8")


def run_load(
    port: int, server_pid: int, payload_file: Path, path: str, concurrency: int, limit: int, max_seconds: float
) -> dict:
    """One load level in a separate process; the server's CPU use is read from /proc around it."""
    outcome_file = payload_file.with_name("outcome.json")
    command = [sys.executable, __file__, "--load", str(port), str(payload_file), path]
    command += [str(concurrency), str(limit), str(max_seconds), str(outcome_file)]
    server_cpu_before = process_tree_cpu_s(server_pid)
    subprocess.run(command, timeout=max_seconds + 120, check=True)
    outcome = json.loads(outcome_file.read_text(encoding="utf-8"))
    outcome["server_cpu_s"] = process_tree_cpu_s(server_pid) - server_cpu_before
    return outcome


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))
    return sorted_values[index]


def summarize(outcome: dict) -> dict:
    latencies = sorted(outcome["latencies"])
    count = max(1, len(latencies))
    return {
        "requests": len(latencies),
        "errors": len(outcome["errors"]),
        "rps": len(latencies) / outcome["seconds"],
        "p50": percentile(latencies, 0.50) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "server_cpu_ms": outcome["server_cpu_s"] / (count + outcome["warm_up_requests"]) * 1000,
        "client_cpu_ms": outcome["client_cpu_s"] / count * 1000,
        "client_busy": outcome["client_cpu_s"] / outcome["seconds"],
        "first_error": outcome["errors"][0] if outcome["errors"] else "",
    }


def median_row(runs: list[dict]) -> dict:
    """Each number the median over the repeats (errors: the sum), so that one disturbed run does not decide."""
    row = {key: statistics.median(run[key] for run in runs) for key in runs[0] if key not in ("errors", "first_error")}
    row["errors"] = sum(run["errors"] for run in runs)
    row["first_error"] = next((run["first_error"] for run in runs if run["first_error"]), "")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--detector",
        type=parse_detector,
        default=None,
        metavar="model|null|busy:MS",
        help="what answers in the server: the model (default), or a stand-in that does no work / MS ms of CPU",
    )
    parser.add_argument("--model", help="model directory (default: the shipped model)")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument(
        "--texts",
        type=int,
        default=0,
        help="cycle this many distinct posts through every run (the warm-cache case); default: every timed "
        "request carries a post its server has not been sent",
    )
    parser.add_argument(
        "--warm-posts", type=int, default=2000, help="posts each new server is sent, untimed, before the timed runs"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--requests", type=int, default=2000, help="requests per setting, at most")
    parser.add_argument("--max-seconds", type=float, default=20.0, help="seconds per setting, at most")
    parser.add_argument("--repeat", type=int, default=1, help="runs per setting; the table shows their medians")
    parser.add_argument("--endpoint", default="/v1/detect", choices=["/v1/detect", "/v1/clean"])
    parser.add_argument(
        "--serve-args",
        type=shlex.split,
        default=[],
        metavar="'OPTIONS'",
        help="more `spamsplice serve` options, e.g. --serve-args='--access-log --inline-max-chars 0'",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    busy_ms = args.detector

    if busy_ms is None:
        model_config = Path(args.model or REPO / "models" / "default") / "config.json"
        if not model_config.exists():
            raise SystemExit(f"no model at {model_config.parent}: train it first (spamsplice train) or pass --model")
        detector_label = f"model {args.model or 'models/default'}"
    else:
        detector_label = f"stand-in detector, {busy_ms:g} ms CPU per text"
    fresh = args.texts <= 0
    # Fresh posts: a warm-up slice, then one slice per load level (each connection's untimed first request
    # takes the slice's first post, so a slice holds one more post than the run times).
    slice_size = args.requests + 1
    wanted = args.warm_posts + len(args.concurrency) * slice_size if fresh else args.texts
    posts = build_posts(args.corpora, 3 * wanted if fresh else wanted, args.seed)[:wanted]
    if fresh and len(posts) < wanted:
        raise SystemExit(
            f"the corpora give {len(posts)} posts, fresh posts for this grid need {wanted}: "
            "lower --requests or --warm-posts, or cycle posts with --texts"
        )
    texts = [text for text, _lang, _spiked in posts]
    sizes = sorted(len(t.encode("utf-8")) for t in texts)
    what = (
        f"{args.warm_posts} warm-up posts sent to each new server, then {slice_size} posts it has not seen for "
        f"each load level (up to {args.requests} timed requests)"
        if fresh
        else f"cycled for up to {args.requests} requests per run"
    )
    print(
        f"{len(texts)} distinct posts in {len({lang for _t, lang, _s in posts})} languages, "
        f"{sizes[0]}-{sizes[-1]} bytes (median {sizes[len(sizes) // 2]}), "
        f"{sum(spiked for _t, _l, spiked in posts)} with an insertion; {what}; {args.endpoint}; "
        f"{detector_label}; serve options: {shlex.join(args.serve_args) or 'none'}; "
        f"{os.cpu_count()} CPUs; medians of {args.repeat} run(s), each on a new server process"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="spamsplice-bench-") as tmp:

        def payload_file(name: str, chosen: list[str]) -> Path:
            path = Path(tmp) / f"{name}.jsonl"
            path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in chosen), "utf-8")
            return path

        if fresh:
            warm_file = payload_file("warm", texts[: args.warm_posts])
            warm_count = args.warm_posts
            starts = [args.warm_posts + k * slice_size for k in range(len(args.concurrency))]
            run_files = [
                payload_file(f"level-{k}", texts[start : start + slice_size]) for k, start in enumerate(starts)
            ]
        else:
            warm_file = payload_file("cycled", texts)
            warm_count = min(400, len(texts))
            run_files = [warm_file] * len(args.concurrency)
        for workers in args.workers:
            runs: list[list[dict]] = [[] for _ in args.concurrency]
            for _ in range(args.repeat):
                port = free_port()
                process = start_server(port, workers, args.model, busy_ms, Path(tmp) / "server.log", args.serve_args)
                try:
                    wait_ready(port, process, workers)
                    run_load(port, process.pid, warm_file, args.endpoint, 4, warm_count, 120)
                    for k, concurrency in enumerate(args.concurrency):
                        outcome = run_load(
                            port, process.pid, run_files[k], args.endpoint, concurrency, args.requests,
                            args.max_seconds,
                        )
                        runs[k].append(summarize(outcome))
                finally:
                    stop_server(process)
            for concurrency, level_runs in zip(args.concurrency, runs):
                row = {"workers": workers, "connections": concurrency, **median_row(level_runs)}
                rows.append(row)
                each = ", ".join(f"{run['rps']:.0f}/s p99 {run['p99']:.1f}" for run in level_runs)
                print(
                    f"  workers={workers} connections={concurrency}: {row['requests']:.0f} requests, "
                    f"{row['rps']:.0f}/s, p99 {row['p99']:.1f} ms, errors {row['errors']} (runs: {each})",
                    file=sys.stderr,
                )
    print()
    print(
        "| workers | connections | requests | errors | requests/s | p50 ms | p95 ms | p99 ms "
        "| server CPU ms/req | client CPU ms/req | client busy |"
    )
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for row in rows:
        print(
            f"| {row['workers']} | {row['connections']} | {row['requests']:.0f} | {row['errors']} | {row['rps']:.0f} | "
            f"{row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} | {row['server_cpu_ms']:.2f} | "
            f"{row['client_cpu_ms']:.2f} | {row['client_busy']:.0%} |"
        )
    for row in rows:
        if row["first_error"]:
            print(f"workers={row['workers']} connections={row['connections']}: first error: {row['first_error']}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--load":
        load_main(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "--serve-standin":
        sys.exit(serve_standin(sys.argv[2:]))
    else:
        main()

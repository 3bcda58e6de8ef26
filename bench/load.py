"""Load: N concurrent Streamlit sessions against a server on loopback, for a bounded time.

    .venv/bin/python bench/load.py [--sessions 10,50] [--seconds 45] [--think 0] [--pages ...]
                                   [--url http://127.0.0.1:8501 | --db FILE] [--auth none|password]
    make load

What a session is. Each simulated viewer does what a browser tab does, minus the drawing: it
fetches the page's HTML, /_stcore/health (which sets the `_streamlit_xsrf` cookie) and
/_stcore/host-config, opens the websocket /_stcore/stream with the subprotocols a browser
sends ("streamlit", the XSRF token) plus its Origin and cookies, and then navigates from page
to page as a click in the sidebar does: a BackMsg `rerun_script` naming the page, after which
the server runs app.py and the page and streams ForwardMsgs (deltas, charts) back. **Page
time** is from sending that BackMsg to the ForwardMsg `script_finished` (successfully, after
any reruns the script asks for) — everything the server does for a page view, and the bytes on
the socket. Not included: the browser drawing the Vega charts, which costs the viewer's
machine, not the server. An error is a page that shows an exception, is not found, does not
finish within --page-timeout, or a connection that fails or drops.

Why not N browser contexts in Chromium: on this 2-core machine 50 renderers drawing Vega
charts would eat the cores the server needs, so the figure would measure the load generator.
The protocol client costs little CPU (it only parses protobuf) and the script reports its own
CPU time next to the server's, so you can check that.

Closed loop: every session asks for its next page as soon as the last one is finished, after
--think seconds (uniform 0.5x-1.5x; 0 = no pause, the hardest case). Sessions start spread
over --ramp seconds. Before measuring, one session loads every page once (not counted), so
cold caches do not decide the figures. Without --url the script builds the demo database in a
temp dir (or copies --db), starts `streamlit run serve.py` on a free loopback port and stops it
at the end; then it also reports the server's CPU use and peak memory (`--option KEY=VALUE`
passes Streamlit options to it, e.g. server.fileWatcherType=none runner.postScriptGC=false).
Everything is bounded: at most 200 sessions and 600 s per run, and a run is cut off at
--seconds + --page-timeout + 30 s.

Results are printed and written to bench/results/load.md, one section per (N, think, options)
that a later run with the same settings replaces; the machine's load average is in it too.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import http.cookiejar
import os
import platform
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PAGES = ["", "lagen", "waardecycli", "belanghebbenden", "verhalen", "ontwikkeling"]
MAX_SESSIONS = 200
MAX_SECONDS = 600
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
VIEWER = "load-viewer"  # with --auth password: the user every session signs in as
VIEWER_PASSWORD = "load-test-password"


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalServer:
    """`streamlit run serve.py` on a copy of the demo database, on a free loopback port."""

    def __init__(self, workdir: Path, db: Path | None, auth_mode: str, options: list[str]):
        from lcdash import auth, store
        from lcdash.config import load_config
        from lcdash.demo import build_demo

        config = load_config()
        self.db = workdir / "load.duckdb"
        if db:
            shutil.copy(db, self.db)
        else:
            build_demo(self.db, config)
        con = store.connect(self.db)
        try:
            self.rows = con.execute("SELECT count(*) FROM observations").fetchone()[0]
            if auth_mode == "password":
                first = con.execute("SELECT min(community) FROM observations").fetchone()[0]
                auth.add_user(con, VIEWER, "viewer", [first], password=VIEWER_PASSWORD)
                self.scope = first
        finally:
            con.close()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "streamlit.log"
        env = {**os.environ, "LCDASH_DB": str(self.db), "LCDASH_AUTH": auth_mode, "LCDASH_SECRET": "load-test"}
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen(
                [
                    *(sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py")),
                    *("--server.headless", "true", "--server.port", str(self.port)),
                    *("--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"),
                    *(arg for o in options for arg in ("--" + o.split("=", 1)[0], o.split("=", 1)[1])),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                if time.time() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise SystemExit(f"streamlit did not start; see {self.log}") from None
                time.sleep(0.3)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def memory_mb(self) -> tuple[float, float]:
        """(current RSS, peak RSS) of the server process, MB."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        kb = {k: int(v.split()[0]) for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(.*)$", status, re.M)}
        return kb["VmRSS"] / 1024, kb["VmHWM"] / 1024

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---------------------------------------------------------------- one session


class PageError(Exception):
    """A page view that failed; the message is its kind (exception, not found, timeout, ...)."""


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    connects: list[float] = field(default_factory=list)
    connect_errors: list[str] = field(default_factory=list)
    bytes_received: int = 0


def _http_handshake(base: str, page: str, auth_mode: str) -> str:
    """What a browser fetches before the websocket; returns the Cookie header to send with it."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    if auth_mode == "password":
        form = urllib.parse.urlencode({"username": VIEWER, "password": VIEWER_PASSWORD}).encode()
        with opener.open(base + "/signin", data=form, timeout=30) as r:
            r.read()
        if not any(c.name == "lcdash_session" for c in jar):
            raise PageError("sign-in refused")
    for path in (f"/{page}", "/_stcore/health", "/_stcore/host-config"):
        with opener.open(base + path, timeout=30) as r:
            r.read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _rerun(base: str, page: str) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    rerun = msg.rerun_script
    rerun.query_string = ""
    rerun.page_name = page  # the page's URL path, as the frontend sends it
    rerun.context_info.timezone = "Europe/Amsterdam"
    rerun.context_info.timezone_offset = -60
    rerun.context_info.locale = "nl-NL"
    rerun.context_info.url = f"{base}/{page}"
    return msg.SerializeToString()


async def _view(ws, base: str, page: str, timeout: float, stats: Stats) -> float:
    """One page view: rerun_script, then ForwardMsgs until the script has finished. Seconds."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    t0 = time.perf_counter()
    await ws.send(_rerun(base, page))
    problem = None
    async with asyncio.timeout(timeout):
        while True:
            data = await ws.recv()
            stats.bytes_received += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                if fwd.delta.new_element.WhichOneof("type") == "exception":
                    exc = fwd.delta.new_element.exception
                    problem = problem or f"exception on the page: {exc.type}: {exc.message}"[:200]
            elif kind == "page_not_found":
                problem = "page not found"
            elif kind == "session_event" and fwd.session_event.WhichOneof("type") == "script_compilation_exception":
                problem = "script does not compile"
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the script asked for a rerun; the page is not there yet
                break
    if problem:
        raise PageError(problem)
    return time.perf_counter() - t0


async def session(i: int, opts, base: str, start_at: float, stop_at: float, stats: Stats) -> None:
    from websockets.asyncio.client import connect

    rng = random.Random(i)
    pages = opts.pages[i % len(opts.pages) :] + opts.pages[: i % len(opts.pages)]
    n = 0
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    while time.monotonic() < stop_at:
        page = pages[n % len(pages)]
        try:
            t0 = time.perf_counter()
            cookie = await asyncio.to_thread(_http_handshake, base, page, opts.auth)
            token = re.search(r"_streamlit_xsrf=([^;]+)", cookie)
            async with connect(
                "ws" + base[4:] + "/_stcore/stream",
                subprotocols=["streamlit", token.group(1)] if token else ["streamlit"],
                origin=base,
                additional_headers={"Cookie": cookie},
                max_size=None,
                open_timeout=opts.page_timeout,
                ping_interval=None,  # a browser sends no pings of its own; it answers the server's
            ) as ws:
                stats.connects.append(time.perf_counter() - t0)
                while time.monotonic() < stop_at:
                    page = pages[n % len(pages)]
                    n += 1
                    try:
                        stats.times[page].append(await _view(ws, base, page, opts.page_timeout, stats))
                    except PageError as exc:
                        stats.errors[page].append(str(exc))
                    except TimeoutError:
                        stats.errors[page].append("no answer within the page timeout")
                        break  # the session's state is unknown: start a new one
                    if opts.think:
                        pause = opts.think * rng.uniform(0.5, 1.5)
                        await asyncio.sleep(max(0.0, min(pause, stop_at - time.monotonic())))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a refused or dropped connection
            stats.connect_errors.append(f"{type(exc).__name__}: {exc}"[:200])
            await asyncio.sleep(1.0)


# ---------------------------------------------------------------- one run


async def _warm_up(opts, base: str) -> None:
    stats = Stats()
    stop = time.monotonic() + 300
    from websockets.asyncio.client import connect

    cookie = await asyncio.to_thread(_http_handshake, base, opts.pages[0], opts.auth)
    token = re.search(r"_streamlit_xsrf=([^;]+)", cookie)
    async with connect(
        "ws" + base[4:] + "/_stcore/stream",
        subprotocols=["streamlit", token.group(1)] if token else ["streamlit"],
        origin=base,
        additional_headers={"Cookie": cookie},
        max_size=None,
        ping_interval=None,
    ) as ws:
        for page in opts.pages:
            if time.monotonic() > stop:
                break
            await _view(ws, base, page, opts.page_timeout, stats)


async def run(opts, base: str, n: int) -> tuple[Stats, float]:
    stats = Stats()
    # the HTTP part of each connect runs in a thread: one per session, so none waits for a free one
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=n + 2))
    t0 = time.monotonic()
    ramp = min(opts.ramp, opts.seconds / 4)
    stop_at = t0 + opts.seconds
    tasks = [asyncio.create_task(session(i, opts, base, t0 + ramp * i / max(1, n), stop_at, stats)) for i in range(n)]
    done, pending = await asyncio.wait(tasks, timeout=opts.seconds + opts.page_timeout + 30)
    for task in pending:  # the hard stop: whatever still runs is cancelled
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if task.exception():
            stats.connect_errors.append(repr(task.exception())[:200])
    return stats, time.monotonic() - t0


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def report(opts, n: int, stats: Stats, wall: float, extra: dict) -> str:
    def label(page: str) -> str:
        return "/" + page

    rows = []
    for page in opts.pages:
        t, e = stats.times.get(page, []), stats.errors.get(page, [])
        rows.append((label(page), len(t), percentile(t, 50), percentile(t, 95), max(t, default=float("nan")), len(e)))
    every = [x for page in opts.pages for x in stats.times.get(page, [])]
    n_err = sum(len(e) for e in stats.errors.values()) + len(stats.connect_errors)
    rows.append(
        ("**all pages**", len(every), percentile(every, 50), percentile(every, 95), max(every, default=0), n_err)
    )
    lines = [
        "| page | views | p50 s | p95 s | max s | errors |",
        "|---|---:|---:|---:|---:|---:|",
        *(f"| {p} | {c} | {a:.2f} | {b:.2f} | {m:.2f} | {e} |" for p, c, a, b, m, e in rows),
    ]
    c = stats.connects
    lines.append(
        f"| (connect: HTML + health + host-config + websocket) | {len(c)} | {percentile(c, 50):.2f} | "
        f"{percentile(c, 95):.2f} | {max(c, default=float('nan')):.2f} | {len(stats.connect_errors)} |"
    )
    kinds = defaultdict(int)
    for page, errs in stats.errors.items():
        for e in errs:
            kinds[f"{label(page)}: {e}"] += 1
    for e in stats.connect_errors:
        kinds[f"connection: {e}"] += 1
    head = (
        f"{n} sessions for {opts.seconds:.0f} s (ramp {min(opts.ramp, opts.seconds / 4):.0f} s), "
        f"think {opts.think:g} s; {len(every)} page views in {wall:.1f} s = {len(every) / wall:.1f} views/s, "
        f"{stats.bytes_received / 1e6:.1f} MB received."
    )
    body = [head, ""]
    if extra:
        body += [", ".join(f"{k}: {v}" for k, v in extra.items()) + ".", ""]
    body += lines
    if kinds:
        body += ["", "Errors:", *(f"- {k} (x{v})" for k, v in sorted(kinds.items()))]
    return "\n".join(body)


def write_markdown(path: Path, key: str, section: str, header: str) -> None:
    """Put SECTION under '## KEY' in PATH, replacing an older section with the same key."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    parts = re.split(r"(?m)^(?=## )", text)
    sections = {p.splitlines()[0][3:].strip(): p.rstrip() + "\n" for p in parts[1:]}
    sections[key] = f"## {key}\n\n{section.rstrip()}\n"
    order = sorted(sections, key=lambda k: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", k)])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header.rstrip() + "\n\n" + "\n".join(sections[k] for k in order), encoding="utf-8")


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--url", help="a running server on loopback (default: start one on a copy of the demo db)")
    ap.add_argument("--db", type=Path, help="without --url: copy this database instead of building the demo")
    ap.add_argument("--auth", choices=["none", "password"], default="none", help="without --url: sign-in mode")
    ap.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="without --url: a Streamlit option for the server, e.g. server.fileWatcherType=none (repeatable)",
    )
    ap.add_argument("--sessions", default="10", help="concurrent sessions, or a list run in turn: 10,50")
    ap.add_argument("--seconds", type=float, default=45, help="measured time per run (default 45)")
    ap.add_argument("--think", type=float, default=0, help="pause after each page, s (x0.5-1.5; default 0)")
    ap.add_argument("--ramp", type=float, default=5, help="spread the session starts over this long (default 5)")
    ap.add_argument("--page-timeout", type=float, default=60, help="a page view slower than this is an error")
    ap.add_argument("--pages", nargs="+", help="URL paths to visit in turn (default: the six dashboard pages)")
    ap.add_argument("--no-warmup", action="store_true", help="measure from cold caches")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "load.md")
    opts = ap.parse_args(argv)

    counts = [int(x) for x in opts.sessions.split(",") if x.strip()]
    if not counts or not all(1 <= n <= MAX_SESSIONS for n in counts):
        ap.error(f"--sessions: between 1 and {MAX_SESSIONS}")
    if not 1 <= opts.seconds <= MAX_SECONDS:
        ap.error(f"--seconds: between 1 and {MAX_SECONDS}")
    if not 1 <= opts.page_timeout <= 120:
        ap.error("--page-timeout: between 1 and 120")
    opts.pages = [p.strip("/") for p in (opts.pages or DEFAULT_PAGES)]
    if opts.url and urllib.parse.urlparse(opts.url).hostname not in LOOPBACK:
        ap.error("--url must be on loopback (127.0.0.1, localhost, ::1): this is a load test")
    if opts.url and (opts.db or opts.auth != "none" or opts.option):
        ap.error("--db, --auth and --option only apply when the script starts its own server (no --url)")
    if not all(re.fullmatch(r"[a-zA-Z]+\.[a-zA-Z]+=\S+", o) for o in opts.option):
        ap.error("--option: KEY=VALUE, e.g. runner.postScriptGC=false")

    workdir = Path(tempfile.mkdtemp(prefix="lcdash-load-"))
    server = None
    try:
        if opts.url:
            base = opts.url.rstrip("/")
            where = base
        else:
            server = LocalServer(workdir, opts.db, opts.auth, opts.option)
            base = server.url
            where = f"own server ({server.rows:,} observations, auth {opts.auth}"
            where += f", {' '.join(opts.option)})" if opts.option else ", Streamlit options as shipped)"
        pid = f", pid {server.proc.pid}, log {server.log}" if server else ""
        print(f"load test against {where}{pid}; pages {', '.join('/' + p for p in opts.pages)}", flush=True)
        if not opts.no_warmup:
            t = time.perf_counter()
            asyncio.run(_warm_up(opts, base))
            print(f"warm-up (every page once): {time.perf_counter() - t:.1f} s", flush=True)
        for n in counts:
            cpu0 = server.cpu_seconds() if server else 0.0
            load0 = os.getloadavg()[0]
            me0 = resource.getrusage(resource.RUSAGE_SELF)
            stats, wall = asyncio.run(run(opts, base, n))
            me1 = resource.getrusage(resource.RUSAGE_SELF)
            extra = {}
            if server:
                rss, peak = server.memory_mb()
                extra["server CPU"] = f"{(server.cpu_seconds() - cpu0) / wall:.0%} of one core"
                extra["server memory"] = f"{rss:.0f} MB now, {peak:.0f} MB peak"
            client_cpu = (me1.ru_utime + me1.ru_stime) - (me0.ru_utime + me0.ru_stime)
            extra["load generator CPU"] = f"{client_cpu / wall:.0%} of one core"
            extra["machine load average (1 min) before / after"] = f"{load0:.1f} / {os.getloadavg()[0]:.1f}"
            text = report(opts, n, stats, wall, extra)
            print(f"\n== N = {n}\n{text}\n", flush=True)
            cores, mem = os.cpu_count(), os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
            header = (
                "# Load: concurrent sessions (bench/load.py)\n\n"
                "Each session is a websocket client speaking Streamlit's protocol, as a browser tab does; "
                "page time = from the page request (BackMsg rerun_script) to script_finished, i.e. all the "
                "server's work and the transfer, without the browser's drawing. Closed loop: a session asks "
                "for its next page when the last one has finished (plus the think time). See the docstring "
                "of bench/load.py."
            )
            key = f"N = {n}, think {opts.think:g} s" + (", " + " ".join(opts.option) if opts.option else "")
            key += "" if server else f", {base}"
            meta = (
                f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; {where}; machine: {cores} cores, "
                f"{mem:.0f} GB, {platform.machine()}, Python {platform.python_version()}."
            )
            write_markdown(opts.out, key, meta + "\n\n" + text, header)
        print(f"written to {opts.out}")
        return 0
    finally:
        if server:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

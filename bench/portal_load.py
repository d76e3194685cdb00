"""Load benchmark of the public portal: gunicorn (several workers) on SQLite and PostgreSQL, wrk on loopback.

Usage:
    python bench/portal_load.py [--backends sqlite,postgres] [--workers 4] [--connections 50] [--duration 15]
        [--postgres postgres://postgres@127.0.0.1:5432/]

For each database it builds a throwaway copy of the demo (migrate + seed_demo: two agencies, ~400 procedures;
SQLite: a file under bench/out/, PostgreSQL: a new database dropped afterwards), starts gunicorn with the
production settings and QMS_BENCH_VIEWS=1 (which routes the bare constant view /__bench__/constant/, the
ceiling), then loads, one after the other, each URL with 50 concurrent connections: the constant view, a
procedure page, the home page, a search (cached: the same URL) and searches whose every URL is new (never
cached: a new query each time, since an extra parameter no longer makes a URL new). wrk (apt-get install wrk)
reports requests per second, p50/p95/p99 latency and errors (socket errors and non-2xx/3xx answers). Goal: the
procedure page at least half the ceiling's throughput, p95 under 100 ms, no errors. The search flood limit is
off here (QMS_SEARCH_FLOOD_RATE=0): this measures what an uncached search costs; bench/search_flood.py
measures the limit.

The cache is the production one: a folder shared by the workers (here bench/out/cache-<backend>/, emptied
first), or Redis with --redis URL. --repeat N loads the same targets N times against the same server, to see
the noise of a busy machine; each round prints its table and the verdict.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %.2f %.2f %.2f %d\\n", summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout + e.status))
end
"""
# Each request a query of its own (the target's q plus a number), so no answer comes from the page cache: the
# page cache keys by the view's declared parameters only, so an extra parameter alone would be a hit.
UNIQUE_REQUESTS = """
init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000003)
end
request = function()
  return wrk.format(nil, wrk.path .. "+" .. math.random(1, 2147483647))
end
"""


UNCACHED_SUFFIX = "#unique"  # a marker on a target: send every request with a URL of its own


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(database_url: str, cache_dir: Path, redis_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="qms.settings.production",
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-secret",  # noqa: S106
        QMS_RECORDS_KEY="bench-only-records-seal-key-of-32-characters-or-more",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        QMS_BENCH_VIEWS="1",
        QMS_LOG_LEVEL="WARNING",
        QMS_CACHE_DIR=str(cache_dir),
        REDIS_URL=redis_url,
    )
    return env


def manage(env: dict, *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(env: dict) -> str:
    """Migrate, seed the demo, and return the path of a public procedure page with a national code."""
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", "--if-empty")
    manage(env, "collectstatic", "--noinput")
    code = (
        "from django.contrib.auth.models import AnonymousUser;"
        "from portal.queries import procedures_for;"
        "p = procedures_for(AnonymousUser()).exclude(tthc_code='').order_by('pk').first();"
        "print(p.url)"
    )
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"server did not answer {url}")


def start_gunicorn(env: dict, workers: int, verbose: bool = False) -> tuple[subprocess.Popen, str]:
    """gunicorn with the production settings on a free loopback port: (process, base URL)."""
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "qms.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--access-logfile", "-" if verbose else "/dev/null", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    return server, f"http://127.0.0.1:{port}"


def run_wrk(url: str, connections: int, duration: int, threads: int) -> dict:
    unique = url.endswith(UNCACHED_SUFFIX)
    url = url.removesuffix(UNCACHED_SUFFIX)
    script = OUT / ("report-unique.lua" if unique else "report.lua")
    script.write_text(WRK_SCRIPT + (UNIQUE_REQUESTS if unique else ""))
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-s", str(script), url]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    requests, seconds, p50, p95, p99, errors = line.split()[1:]
    return {
        "rps": int(requests) / float(seconds),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "errors": int(errors),
        "requests": int(requests),
    }


def cache_state(url: str) -> str:
    """What the page cache answered for this URL (X-Portal-Cache: hit/miss, or none for uncached views)."""
    if url.endswith(UNCACHED_SUFFIX):
        return "miss (every URL new)"
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
        return response.headers.get("X-Portal-Cache") or "not cached"


def print_round(name: str, args, procedure: str, results: list[tuple[str, dict]], states: dict, round_no: int):
    print(
        f"\n{name} (round {round_no}/{args.repeat}): gunicorn -w {args.workers}, {args.connections} connections, "
        f"{args.duration}s each, procedure page {procedure}"
    )
    ceiling = results[0][1]
    print(f"{'target':28} {'req/s':>9} {'x ceiling':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}  cache")
    for label, r in results:
        print(
            f"{label:28} {r['rps']:9.0f} {r['rps'] / ceiling['rps']:9.2f} {r['p50']:8.1f} {r['p95']:8.1f} "
            f"{r['p99']:8.1f} {r['errors']:7d}  {states.get(label, '')}"
        )
    page = results[1][1]
    ok = page["rps"] >= ceiling["rps"] / 2 and page["p95"] < 100 and page["errors"] == 0
    print(
        f"procedure page / ceiling = {page['rps'] / ceiling['rps']:.2f}; goal "
        f"(>= 0.5, p95 < 100 ms, 0 errors): {'MET' if ok else 'NOT MET'}\n",
        flush=True,
    )


def bench_backend(name: str, database_url: str, args) -> list[list[tuple[str, dict]]]:
    cache_dir = OUT / f"cache-{name.lower()}"
    shutil.rmtree(cache_dir, ignore_errors=True)
    env = base_env(database_url, cache_dir, args.redis) | {"QMS_SEARCH_FLOOD_RATE": "0"}
    print(f"== {name}: preparing {database_url}", flush=True)
    procedure = prepare(env)
    server, base = start_gunicorn(env, args.workers, args.verbose)
    targets = [
        ("ceiling (constant view)", "/__bench__/constant/"),
        ("procedure page", procedure),
        ("home page", "/"),
        ("search 'khai sinh' (cached)", "/tim-kiem/?q=khai+sinh"),
        ("search, every URL new", "/tim-kiem/?q=khai+sinh" + UNCACHED_SUFFIX),
    ]
    rounds = []
    try:
        wait_ready(base + "/__bench__/constant/")
        for round_no in range(1, args.repeat + 1):
            results, states = [], {}
            for label, path in targets:
                run_wrk(base + path, 4, 2, 1)  # warm every worker's caches and connections
                states[label] = cache_state(base + path)
                results.append((label, run_wrk(base + path, args.connections, args.duration, args.threads)))
            print_round(name, args, procedure, results, states, round_no)
            rounds.append(results)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return rounds


def run_backends(bench, args, stem: str) -> None:
    """Run ``bench(name, database_url, args)`` on each backend asked for, PostgreSQL in a throw-away database."""
    for backend in args.backends.split(","):
        if backend == "sqlite":
            bench("SQLite", f"sqlite:///{OUT / f'{stem}_bench.sqlite3'}", args)
        elif backend == "postgres":
            name = f"qms_bench_{stem}_{os.getpid()}"
            admin = args.postgres.rstrip("/") + "/postgres"
            subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
            try:
                bench("PostgreSQL", args.postgres.rstrip("/") + "/" + name, args)
            finally:
                subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=False)
        else:
            sys.exit(f"unknown backend {backend}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--redis", default="", help="use this Redis as the cache (default: the shared cache folder)")
    parser.add_argument("--repeat", type=int, default=1, help="load the targets this many times on one server")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    OUT.mkdir(parents=True, exist_ok=True)
    run_backends(bench_backend, args, "portal")


if __name__ == "__main__":
    main()

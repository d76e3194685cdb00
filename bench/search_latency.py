"""Search latency: our database backend against stock Wagtail search, SQLite and PostgreSQL, 2,642 and 50,000 docs.

Usage:
    python bench/search_latency.py --sqlite /tmp/qms.sqlite3 --postgres postgres://postgres@127.0.0.1:5432/qms \
        [--size 50000] [--repeat 3] [--queries ../shared/data/queries/dev.jsonl] [--no-stock] [--user canbo]

Each database must already hold the imported national records (manage.py import_tthc) and the search index
(manage.py search_reindex). The synthetic corpus is built in a copy (SQLite: a file copy; PostgreSQL: a new
database made from the given one as a template): the 2,642 index rows are repeated for made-up agencies
(as when many communes of a province carry the same procedures), each copy with its own page row.
Every configuration runs in its own process (Django settings are per process). Latency is measured
in-process around search.search() (parsing, retrieval, permission filter, re-ranking, highlights, facets);
stock Wagtail around list(ProcedurePage.objects.live().search(q)[:10]). Searches are anonymous unless --user
names a user to search as (the vocabulary and permission filter are then that user's).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_QUERIES = ROOT.parent / "shared" / "data" / "queries" / "dev.jsonl"


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {"p50": round(statistics.median(ordered), 1), "p95": round(p95, 1), "n": len(ordered)}


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.dev")
    os.environ.setdefault("QMS_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def grow(target: int) -> int:
    """Repeat the index rows (each with a page row of its own) until the index holds `target` entries."""
    from django.db import transaction
    from django.db.models import F
    from wagtail.models import Page

    from search.models import SearchEntry, SearchTerm
    from search.vocabulary import VERSION_TERM, bump

    originals = list(SearchEntry.objects.order_by("pk"))
    have = len(originals)
    parent = Page.objects.get(pk=Page.objects.get(pk=originals[0].pk).get_parent().pk)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    position = parent.numchild
    copy = 0
    with transaction.atomic():
        while have < target:
            copy += 1
            batch = originals[: target - have]
            pages = []
            for entry in batch:
                position += 1
                step, n = "", position
                for _ in range(4):
                    n, r = divmod(n, 36)
                    step = alphabet[r] + step
                pages.append(
                    Page(
                        title=entry.title[:255],
                        draft_title=entry.title[:255],
                        locale_id=parent.locale_id,
                        slug=f"syn-{copy}-{entry.pk}",
                        path=parent.path + step,
                        depth=parent.depth + 1,
                        numchild=0,
                        live=True,
                        content_type_id=parent.content_type_id,
                        url_path=f"{parent.url_path}syn-{copy}-{entry.pk}/",
                    )
                )
            pages = Page.objects.bulk_create(pages, batch_size=1000)
            clones = []
            for page, entry in zip(pages, batch, strict=True):
                entry.pk = entry.page_id = page.pk
                entry.agency_code = f"SYN-{copy:02d}"
                entry.agency_name = f"Ủy ban nhân dân xã Tổng Hợp {copy}"
                clones.append(entry)
            SearchEntry.objects.bulk_create(clones, batch_size=500)
            have += len(batch)
        Page.objects.filter(pk=parent.pk).update(numchild=position)
        factor = max(1, round(target / len(originals)))
        SearchTerm.objects.exclude(term=VERSION_TERM).update(df=F("df") * factor, df_body=F("df_body") * factor)
        bump()
    return SearchEntry.objects.count()


def reciprocal_rank(codes: list, relevant: list[str]) -> float:
    return next((1 / (i + 1) for i, code in enumerate(codes[:10]) if code in relevant), 0.0)


def measure(queries: list[dict], repeat: int, stock: bool, username: str = "") -> dict:
    """Latency of every query, `repeat` times, and MRR@10 of the first round (same process, same data)."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from documents.models import ProcedurePage
    from search.models import SearchEntry
    from search.service import search

    user = get_user_model().objects.get(username=username) if username else None
    out = {"docs": SearchEntry.objects.count()}
    for q in queries:  # warm caches and the page cache of the database
        search(q["query"], user=user)
    samples, ranks = [], []
    for round_ in range(repeat):
        for q in queries:
            cache.delete("qms_search:doc_count")
            started = time.perf_counter()
            response = search(q["query"], limit=10, user=user)
            samples.append((time.perf_counter() - started) * 1000)
            if round_ == 0:
                ranks.append(reciprocal_rank([h.tthc_code for h in response.results], q["relevant"]))
    out["ours"] = percentiles(samples) | {"mrr": round(statistics.mean(ranks), 3)}
    if stock:
        samples, ranks = [], []
        for q in queries:
            started = time.perf_counter()
            hits = list(ProcedurePage.objects.live().search(q["query"])[:10])
            samples.append((time.perf_counter() - started) * 1000)
            ranks.append(reciprocal_rank([h.tthc_code for h in hits], q["relevant"]))
        out["stock"] = percentiles(samples) | {"mrr": round(statistics.mean(ranks), 3)}
    return out


def settle() -> None:
    """Planner statistics and clean indexes, as autovacuum leaves a database some time after an import."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def worker(args) -> None:
    setup_django(args.worker)
    if args.grow:
        grow(args.grow)
    settle()
    queries = [json.loads(line) for line in open(args.queries, encoding="utf-8") if line.strip()]
    result = measure(queries, args.repeat, stock=args.stock, username=args.user)
    print(json.dumps(result))


def run_worker(url: str, args, *, grow_to: int = 0, stock: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--worker", url, "--queries", str(args.queries), "--repeat", str(args.repeat)]
    cmd += ["--user", args.user] if args.user else []
    if grow_to:
        cmd += ["--grow", str(grow_to)]
    if stock:
        cmd += ["--stock"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"worker failed: {' '.join(cmd)}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def copy_sqlite(path: str) -> str:
    target = f"{path}.bench-copy"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            shutil.copyfile(path + suffix, target + suffix)
    return f"sqlite:///{target}"


def copy_postgres(url: str) -> str:
    base, name = url.rsplit("/", 1)
    copy = f"{name}_bench_copy"
    admin = f"{base}/postgres"
    for sql in (f"DROP DATABASE IF EXISTS {copy}", f"CREATE DATABASE {copy} TEMPLATE {name}"):
        subprocess.run(["psql", admin, "-c", sql], check=True, capture_output=True)
    return f"{base}/{copy}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite")
    parser.add_argument("--postgres")
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--queries", default=str(DEFAULT_QUERIES))
    parser.add_argument("--no-stock", action="store_true")
    parser.add_argument("--user", default="", help="search as this user (default: anonymous)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--grow", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--stock", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    rows = []
    for label, url, copier in (
        ("SQLite", f"sqlite:///{args.sqlite}" if args.sqlite else None, lambda: copy_sqlite(args.sqlite)),
        ("PostgreSQL", args.postgres, lambda: copy_postgres(args.postgres)),
    ):
        if not url:
            continue
        small = run_worker(url, args, stock=not args.no_stock)
        rows.append((label, small))
        print(f"{label} {small}", file=sys.stderr, flush=True)
        if args.size:
            big = run_worker(copier(), args, grow_to=args.size)
            rows.append((label, big))
            print(f"{label} {big}", file=sys.stderr, flush=True)
    print(
        "| database | documents | ours p50 ms | ours p95 ms | ours MRR@10 "
        "| stock Wagtail p50 ms | stock Wagtail p95 ms | stock MRR@10 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for label, r in rows:
        stock = r.get("stock") or {}
        print(
            f"| {label} | {r['docs']} | {r['ours']['p50']} | {r['ours']['p95']} | {r['ours']['mrr']} | "
            f"{stock.get('p50', '–')} | {stock.get('p95', '–')} | {stock.get('mrr', '–')} |"
        )


if __name__ == "__main__":
    main()

"""Peak memory and time of the Word import on hostile files, against real files as the baseline.

Usage, from the project's root:
    .venv/bin/python bench/word_hostile.py [--folder ../shared/data/iso-procedures] [--against REV]

Each file (built by tests/documents/word/hostile.py, all well under the 20 MB upload cap) is parsed in a
fresh child process with ``parse_procedure``, the function behind the admin upload and import_docx; the
child reports how much its resident memory grew (the peak RSS, VmHWM reset just before the parse, minus
the RSS then), the wall time, and the outcome (the refusal code, or the procedure code read). ``--against REV``
runs the same files on documents/word/ as it was at a git revision too (e.g. the commit before the fix).
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD_WORD_DIR = "QMS_BENCH_OLD_WORD_DIR"


def status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak() -> None:
    """Start the peak RSS (VmHWM) afresh; else it would hold Django's start-up and the parent's before exec."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def measure(path: str) -> dict:
    """In the child: parse one file and say what it cost."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.test")
    import django

    django.setup()
    import docx  # noqa: F401 - imported before the measure, as in a worker that has served a request

    if os.environ.get(OLD_WORD_DIR):  # run the documents.word package of another revision instead
        import documents.word

        documents.word.__path__[:] = [os.environ[OLD_WORD_DIR]]
        for name in [m for m in sys.modules if m.startswith("documents.word.")]:
            del sys.modules[name]
    from documents.word.errors import WordImportError
    from documents.word.procedure_parser import parse_procedure

    data = Path(path).read_bytes()
    before = status_kib("VmRSS")
    reset_peak()
    start = time.perf_counter()
    try:
        outcome = "read " + (parse_procedure(data).get("code") or "-")
    except WordImportError as exc:
        outcome = exc.code
    except Exception as exc:  # noqa: BLE001 - what the old code let through is what a worker answers with a 500
        outcome = f"500 {type(exc).__name__}"
    seconds = time.perf_counter() - start
    peak = status_kib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "rss_mb": max(peak - before, 0) / 1024, "outcome": outcome}


def files(folder: Path) -> dict[str, bytes]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.test")
    import django

    django.setup()
    from tests.documents.word import hostile

    good = hostile.good()
    out = {"baseline: small procedure (factory)": good}
    real = sorted(folder.glob("*.docx"), key=lambda p: p.stat().st_size)
    if real:
        out[f"baseline: largest real procedure ({real[-1].name[:30]})"] = real[-1].read_bytes()
    out["at the caps: a 5 MB document.xml (accepted)"] = hostile.huge_xml(good, mb=5)
    for name, (make, _code) in hostile.CASES.items():
        out[name] = make(good)
    return out


def run_child(path: Path, word_dir: Path | None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), OLD_WORD_DIR: str(word_dir or "")}
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--measure", str(path)], capture_output=True, text=True, env=env, check=False
    )
    if result.returncode:
        return {"seconds": 0.0, "rss_mb": 0.0, "outcome": f"crashed ({result.stderr.strip()[-80:]})"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def old_word_package(rev: str, into: Path) -> Path:
    """documents/word/ as it was at ``rev``, unpacked under ``into``; the child loads it as documents.word."""
    archive = subprocess.run(["git", "archive", rev, "documents/word"], cwd=ROOT, capture_output=True, check=True)  # noqa: S603,S607
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / "documents" / "word"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=str(ROOT.parent / "shared" / "data" / "iso-procedures"))
    parser.add_argument("--against", help="also run on the documents package of this git revision")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # the child, started by run_child
        print(json.dumps(measure(args.measure)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        roots = {"now": None}
        if args.against:
            roots[args.against] = old_word_package(args.against, Path(tmp) / "old")
        print(f"{'file':50} {'size':>8}  " + "  ".join(f"{k:34}" for k in roots))
        for name, data in files(Path(args.folder)).items():
            path = Path(tmp) / "case.docx"
            path.write_bytes(data)
            cells = []
            for root in roots.values():
                m = run_child(path, root)
                cells.append(f"{m['seconds']:6.2f} s {m['rss_mb']:6.0f} MB  {m['outcome'][:15]:15}")
            print(f"{name[:50]:50} {len(data) / 2**20:6.2f}MB  " + "  ".join(f"{c:34}" for c in cells), flush=True)


if __name__ == "__main__":
    main()

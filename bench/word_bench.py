"""Word import/export speed on the real procedures: files parsed per second, export time per procedure.

Usage, from the project's root:  .venv/bin/python bench/word_bench.py [--folder ../shared/data/iso-procedures] [--rounds 3]
Parsing includes the safety checks (zip, XML, macros) every upload goes through; export writes the
controlled-copy layout (header with page fields, approvals, amendment log, sections, step table, forms,
records) from the parsed structure, and the round trip re-parses that export.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from documents.word.procedure_parser import parse_procedure  # noqa: E402
from documents.word.procedure_writer import write_procedure  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=str(ROOT.parent / "shared" / "data" / "iso-procedures"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    files = sorted(Path(args.folder).glob("*.docx"))
    if not files:
        sys.exit(f"no .docx files in {args.folder}")
    blobs = [f.read_bytes() for f in files]
    parse_rates, export_times, reparse_times, parsed = [], [], [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        parsed = [parse_procedure(b) for b in blobs]
        parse_rates.append(len(blobs) / (time.perf_counter() - start))
    for content in parsed:
        start = time.perf_counter()
        exported = write_procedure(content, ["BẢN KIỂM SOÁT", "Bản số: 01 – Nơi nhận: Phòng Tư pháp"])
        export_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        parse_procedure(exported)
        reparse_times.append(time.perf_counter() - start)
    size = sum(len(b) for b in blobs) / 2**20
    print(f"files: {len(blobs)} ({size:.1f} MB), rounds: {args.rounds}")
    print(f"parse: {statistics.median(parse_rates):.1f} files/s (median of rounds; best {max(parse_rates):.1f})")
    print(
        f"export per procedure: median {1000 * statistics.median(export_times):.1f} ms, "
        f"max {1000 * max(export_times):.1f} ms"
    )
    print(f"re-parse of an export: median {1000 * statistics.median(reparse_times):.1f} ms")


if __name__ == "__main__":
    main()

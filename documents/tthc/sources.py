"""Reading TTHC record files: JSON Lines (plain or gzip) and JSON lists.

Pure Python, no Django. A bad line never stops the reading: it comes out as a ``RecordError`` in place of the
record, so the importer can report it and go on.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from os import PathLike
from pathlib import Path


class RecordError(ValueError):
    """A record that cannot be imported; ``str()`` gives the reason (and the line or item when known)."""


def read_records(path: str | PathLike[str]) -> Iterator[tuple[int, dict | RecordError]]:
    """Yield ``(number, record)`` for every record of the file, or ``(number, RecordError)`` for a bad one.

    * ``.jsonl`` / ``.jsonl.gz`` (also ``.ndjson``): one JSON object per line; ``number`` is the 1-based line number;
      blank lines are skipped; a line that is not valid UTF-8, not valid JSON or not an object gives a RecordError.
      A truncated or corrupt gzip stream gives one last RecordError and ends the iteration.
    * ``.json``: a JSON list of objects; ``number`` is the 0-based index in the list. A file that is not valid JSON
      or not a list gives a single ``(0, RecordError)``.
    """
    path = Path(path)
    name = path.name.lower()
    if name.endswith(".json"):
        yield from _read_json_list(path)
    else:
        yield from _read_json_lines(path, gzipped=name.endswith(".gz"))


def _read_json_lines(path: Path, *, gzipped: bool) -> Iterator[tuple[int, dict | RecordError]]:
    number = 0
    with gzip.open(path, "rb") if gzipped else open(path, "rb") as handle:
        lines = iter(handle)
        while True:
            try:
                raw = next(lines)
            except StopIteration:
                return
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                yield number + 1, RecordError(f"line {number + 1}: file is truncated or corrupt: {exc}")
                return
            number += 1
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield number, RecordError(f"line {number}: not valid UTF-8: {exc}")
                continue
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield number, RecordError(f"line {number}: invalid JSON: {exc}")
                continue
            if not isinstance(obj, dict):
                yield number, RecordError(f"line {number}: expected a JSON object, got {type(obj).__name__}")
                continue
            yield number, obj


def _read_json_list(path: Path) -> Iterator[tuple[int, dict | RecordError]]:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        yield 0, RecordError(f"{path.name}: not valid UTF-8: {exc}")
        return
    except json.JSONDecodeError as exc:
        yield 0, RecordError(f"{path.name}: invalid JSON: {exc}")
        return
    if not isinstance(data, list):
        yield 0, RecordError(f"{path.name}: expected a JSON list of records, got {type(data).__name__}")
        return
    for index, obj in enumerate(data):
        if isinstance(obj, dict):
            yield index, obj
        else:
            yield index, RecordError(f"item {index}: expected a JSON object, got {type(obj).__name__}")

"""Chain heads written outside the database, so that removing the newest records shows.

The keyed seal proves every record and every link, but the last records closed can be deleted without leaving
a gap. ``verify_records --anchor`` (from the scheduler, e.g. monthly with the report) appends one JSON line per
agency to ``QMS_RECORDS_ANCHOR_LOG`` (agency, sequence and content hash of its newest closed record), and every
``verify_records`` checks that the newest anchored record of each agency is still there, unchanged. The content
hash is anchored rather than the seal, so a reseal (records.services.reseal) keeps the anchors valid. Keep the
file where the database's users cannot write, ideally append-only (``chattr +a``) or shipped to another host.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from documents.models import Agency

from ..models import QualityRecord


def _path() -> Path | None:
    configured = getattr(settings, "QMS_RECORDS_ANCHOR_LOG", "")
    return Path(configured) if configured else None


def write(agency: Agency | None = None) -> Path:
    """Append the current chain head of ``agency`` (or of every agency) to the anchor log; returns its path."""
    path = _path()
    if path is None:
        raise ValueError("QMS_RECORDS_ANCHOR_LOG is not set")
    agencies = [agency] if agency is not None else list(Agency.objects.order_by("code"))
    now = timezone.now().isoformat()
    lines = []
    for current in agencies:
        head = (
            QualityRecord.objects.filter(agency=current, sequence__isnull=False)
            .order_by("-sequence")
            .values("sequence", "content_hash", "chain_hash")
            .first()
        )
        if head is not None:
            lines.append(json.dumps({"at": now, "agency": current.code, **head}, sort_keys=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.writelines(line + "\n" for line in lines)
    return path


def _newest_anchors(path: Path) -> tuple[dict[str, dict], list[int]]:
    newest: dict[str, dict] = {}
    unreadable = []
    with path.open(encoding="utf-8") as log:
        for number, line in enumerate(log, start=1):
            try:
                entry = json.loads(line)
                code, sequence = str(entry["agency"]), int(entry["sequence"])
                str(entry["content_hash"])
            except (ValueError, KeyError, TypeError):
                unreadable.append(number)
                continue
            if sequence >= newest.get(code, {}).get("sequence", 0):
                newest[code] = entry
    return newest, unreadable


def check(agency: Agency | None = None) -> list:
    """Problems (as records.services.integrity.Problem) where the database lost or changed an anchored head."""
    from .integrity import Problem

    path = _path()
    if path is None or not path.exists():
        return []
    newest, unreadable = _newest_anchors(path)
    problems = [Problem(0, "-", f"anchor log {path} line {n} is unreadable") for n in unreadable]
    for code, entry in sorted(newest.items()):
        if agency is not None and code != agency.code:
            continue
        found = (
            QualityRecord.objects.filter(agency__code=code, sequence=entry["sequence"])
            .values("pk", "content_hash")
            .first()
        )
        if found is None:
            message = f"anchored record #{entry['sequence']} of {entry['at']} is gone (newest records removed?)"
            problems.append(Problem(0, code, message))
        elif found["content_hash"] != entry["content_hash"]:
            problems.append(Problem(found["pk"], code, f"differs from its anchor of {entry['at']} (altered)"))
    return problems

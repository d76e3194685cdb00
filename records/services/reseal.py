"""Moving closed records to the current seal key: legacy (unkeyed) seals at the upgrade, old keys after a rotation.

Explicit and logged, never automatic: ``manage.py reseal_records`` first verifies each agency's chain under the
rules it was sealed with (content, links, files, legacy links, old keys) and re-seals nothing in an agency where
anything is wrong. A legacy chain is only as good as the day it is resealed: whoever could write to the database
before then could have re-chained it, which is why verify_records reports legacy seals until this is done, and
why the log says who ran it and when.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import models, transaction

from documents.models import Agency

from ..models import QualityRecord
from . import seals
from .integrity import Problem, verify_records

logger = logging.getLogger("qms.records.seals")


@dataclass
class Outcome:
    agency: str
    resealed: int = 0
    head: str = ""
    refused: list[Problem] = field(default_factory=list)


def reseal_agency(agency: Agency, *, dry_run: bool = False, by: str = "") -> Outcome:
    """Re-seal, with the current key, every record of ``agency`` from the first one not sealed with it."""
    key = seals.current_key()
    outcome = Outcome(agency.code)
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()  # no record closes meanwhile
        outcome.refused = [p for p in verify_records(agency) if not p.legacy]
        if outcome.refused:
            logger.error("reseal refused for %s: %d problem(s) found first", agency.code, len(outcome.refused))
            return outcome
        previous, moving = seals.GENESIS, False
        rows = QualityRecord.objects.filter(agency=agency, sequence__isnull=False).order_by("sequence")
        for record in rows.iterator(chunk_size=2000):
            moving = moving or record.seal_key_id != key[0]
            if moving:
                seals.seal_record(record, previous, key)
                if not dry_run:  # the one place seals change: QualityRecordQuerySet.update refuses closed rows
                    fields = {name: getattr(record, name) for name in ("chain_prev", "chain_hash", "seal_key_id")}
                    models.QuerySet.update(QualityRecord.objects.filter(pk=record.pk), **fields)
                outcome.resealed += 1
            previous = record.chain_hash
        outcome.head = previous
        if dry_run:
            transaction.set_rollback(True)
    verb = "would reseal" if dry_run else "resealed"
    logger.warning(
        "%s %d record(s) of %s with key %s (by %s); chain head now %s",
        verb,
        outcome.resealed,
        agency.code,
        key[0],
        by or "?",
        outcome.head,
    )
    return outcome

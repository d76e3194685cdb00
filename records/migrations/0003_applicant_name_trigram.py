"""On PostgreSQL, a trigram index for the desk's search by applicant name (``icontains`` over a million rows).

Django's ``icontains`` reads ``UPPER(applicant_name::text) LIKE UPPER('%…%')``; this GIN index on that
expression answers it. pg_trgm is a trusted extension (any owner of the database may create it); where it
is not available the index is skipped and the search stays a scan. Other databases need nothing.
"""

import logging

from django.db import migrations, transaction

INDEX = "dossier_applicant_trgm"
logger = logging.getLogger(__name__)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {INDEX} ON records_dossier "
                "USING gin ((UPPER(applicant_name::text)) gin_trgm_ops)"
            )
    except Exception as exc:  # noqa: BLE001 (an optional index: never block the migration)
        logger.warning("pg_trgm unavailable, applicant search stays a scan: %s", exc)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("records", "0002_monthly_summary")]

    operations = [migrations.RunPython(create, drop)]

"""The full-text side of the index table, per database engine (the statements live in search.fts_schema)."""

from django.db import migrations

from search.fts_schema import POSTGRES_DOWN, POSTGRES_UP, SQLITE_DOWN, SQLITE_UP


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("qms_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]

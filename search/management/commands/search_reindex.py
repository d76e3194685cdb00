"""python manage.py search_reindex [--backend database|elasticsearch|all]: rebuild the search index with a progress bar."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.indexing import reindex_all
from search.models import SearchEntry
from search.service import elasticsearch_url


class Command(BaseCommand):
    help = "Rebuild the database search index (and the Elasticsearch index when configured)."

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=("database", "elasticsearch", "all"), default="all")

    def handle(self, *args, **options):
        which = options["backend"]
        if which in ("database", "all"):

            def progress(items, total):
                return tqdm(items, total=total, desc="database", unit=" page", file=sys.stderr)

            count = reindex_all(progress)
            self.stdout.write(f"database: {count} pages indexed")
        if which in ("elasticsearch", "all"):
            url = elasticsearch_url()
            if not url:
                if which == "elasticsearch":
                    raise CommandError("QMS_SEARCH_ELASTICSEARCH_URL (ELASTICSEARCH_URL) is not set")
                return
            from search.backends.elastic import ElasticsearchBackend

            entries = SearchEntry.objects.order_by("pk").iterator(chunk_size=500)
            total = SearchEntry.objects.count()
            name = ElasticsearchBackend(url).reindex(
                entries, progress=lambda it: tqdm(it, total=total, desc="elasticsearch", unit=" doc", file=sys.stderr)
            )
            self.stdout.write(f"elasticsearch: {total} documents in {name}, alias switched")

"""URL converters for ids, so an id past the database's integer range is "not found" (404), never a 500.

``<int:...>`` accepts any number of digits, and a 23-digit id then reaches the database: SQLite refuses to bind
it (OverflowError) and PostgreSQL's integer columns would. ``<page_id:...>`` accepts 1 to 2,147,483,647 (the
range of Wagtail's page ids, a 32-bit integer column), and a converter that refuses a value makes Django try
the next pattern and finally answer 404. Importing this module registers it (once per process).
"""

from django.urls import register_converter

MAX_ID = 2**31 - 1


class PageIdConverter:
    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError("id out of range")
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(PageIdConverter, "page_id")

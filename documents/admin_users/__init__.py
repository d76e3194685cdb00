"""Wagtail's user admin without django-guardian's internal AnonymousUser row."""

"""The search index table, the vocabulary behind typo correction, and the synonyms officers edit.

`SearchEntry` is one row per live, searchable page. The full-text side lives in the database engine:
on SQLite an FTS5 table kept in step with this table by triggers, on PostgreSQL a generated
tsvector column with a GIN index (both created by migration 0002).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class SearchEntry(models.Model):
    """What the search engine knows about one page: display fields, folded text, facets."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+", db_constraint=True
    )
    title = models.TextField()  # full official name, canonical tones
    url = models.CharField(max_length=1000, blank=True)
    doc_type = models.CharField(max_length=32, db_index=True)
    iso_code = models.CharField(max_length=64, blank=True)
    tthc_code = models.CharField(max_length=64, blank=True)
    agency_id = models.IntegerField(null=True, db_index=True)
    agency_code = models.CharField(max_length=32, blank=True)
    agency_name = models.CharField(max_length=255, blank=True)
    department_id = models.IntegerField(null=True, db_index=True)
    department_code = models.CharField(max_length=32, blank=True)
    department_name = models.CharField(max_length=255, blank=True)
    field = models.CharField(max_length=255, blank=True, db_index=True)
    levels = models.CharField(max_length=64, blank=True)  # "commune province"
    status = models.CharField(max_length=16, blank=True, default="published")
    edition = models.PositiveSmallIntegerField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)
    # Folded token strings: what the full-text engine indexes.
    title_folded = models.TextField(blank=True)
    keywords_folded = models.TextField(blank=True)
    phrases_folded = models.TextField(blank=True)  # two-word phrase tokens of title and keywords ("dang0ky")
    # The long texts come last, so reading the columns above never walks their overflow pages.
    body = models.TextField(blank=True)  # display text for snippets, canonical tones
    body_folded = models.TextField(blank=True)

    class Meta:
        verbose_name = _("mục chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")

    def __str__(self) -> str:
        return self.title


class SearchTerm(models.Model):
    """Indexed vocabulary: folded words and two-word phrases of titles and keywords, words of bodies, with document counts.

    The database backend corrects typos against it and weighs query words by it.
    """

    term = models.CharField(max_length=128, primary_key=True)
    df = models.PositiveIntegerField(default=0)  # in titles and keywords
    df_body = models.PositiveIntegerField(default=0)  # single words, in bodies

    class Meta:
        verbose_name = _("từ đã lập chỉ mục")
        verbose_name_plural = _("từ vựng tìm kiếm")

    def __str__(self) -> str:
        return f"{self.term} ({self.df})"


class Synonym(index.Indexed, models.Model):
    """Everyday words citizens type and the official words procedures use ("sổ đỏ" → "giấy chứng nhận quyền sử dụng đất")."""

    everyday = models.CharField(
        _("cách nói thông thường"), max_length=255, help_text=_("Ví dụ: sổ đỏ, xác nhận độc thân, CCCD.")
    )
    official = models.CharField(
        _("cách gọi chính thức"),
        max_length=255,
        help_text=_(
            "Ví dụ: giấy chứng nhận quyền sử dụng đất. Nhiều cách gọi thì ngăn cách bằng dấu chấm phẩy: "
            "đăng ký biến động; chuyển nhượng."
        ),
    )
    two_way = models.BooleanField(
        _("hai chiều"),
        default=False,
        help_text=_("Tìm theo cách gọi chính thức cũng tìm cả cách nói thông thường (viết tắt)."),
    )
    active = models.BooleanField(_("đang dùng"), default=True)

    panels = [FieldPanel("everyday"), FieldPanel("official"), FieldPanel("two_way"), FieldPanel("active")]
    search_fields = [index.SearchField("everyday"), index.SearchField("official")]

    class Meta:
        verbose_name = _("từ đồng nghĩa")
        verbose_name_plural = _("từ đồng nghĩa")
        ordering = ["everyday"]

    def __str__(self) -> str:
        return f"{self.everyday} → {self.official}"

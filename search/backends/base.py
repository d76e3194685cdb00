"""What every backend returns: hits, facets and totals in one shape, so callers never see the engine."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# facet name → (value column, label column)
FACET_COLUMNS = {
    "agency": ("agency_code", "agency_name"),
    "department": ("department_code", "department_name"),
    "field": ("field", "field"),
    "level": ("levels", "levels"),
    "type": ("doc_type", "doc_type"),
    "status": ("status", "status"),
}
FACET_SIZE = 20


@dataclass
class Hit:
    page_id: int
    title: str
    url: str
    doc_type: str
    iso_code: str
    tthc_code: str | None
    agency: str
    agency_code: str
    department: str
    department_code: str
    field: str
    level: list[str]
    edition: int | None
    score: float = 0.0
    body: str = ""
    body_folded: str = ""
    highlight: str = ""
    title_highlight: str = ""

    @classmethod
    def from_row(cls, row: dict, *, score: float = 0.0, body: tuple[str, str] = ("", "")) -> Hit:
        return cls(
            page_id=row["page_id"],
            title=row["title"],
            url=row["url"],
            doc_type=row["doc_type"],
            iso_code=row["iso_code"],
            tthc_code=row["tthc_code"] or None,
            agency=row["agency_name"],
            agency_code=row["agency_code"],
            department=row["department_name"],
            department_code=row["department_code"],
            field=row["field"],
            level=(row["levels"] or "").split(),
            edition=row["edition"],
            score=score,
            body=body[0],
            body_folded=body[1],
        )


@dataclass
class Outcome:
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in FACET_COLUMNS})


def facets_of(rows: list[dict], columns: dict = FACET_COLUMNS) -> dict[str, list[dict]]:
    """Counts per facet value over the matched rows; multi-valued levels count once per level."""
    out = {}
    for name, (value_col, label_col) in columns.items():
        counts: Counter = Counter()
        labels: dict[str, str] = {}
        for row in rows:
            values = (row[value_col] or "").split() if name == "level" else [row[value_col]]
            for value in values:
                if value:
                    counts[value] += 1
                    labels.setdefault(value, row[label_col] if name != "level" else value)
        out[name] = [
            {"value": value, "label": labels[value], "count": count}
            for value, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
        ]
    return out


class Backend:
    name = "base"

    def search(self, parsed, *, user, filters: dict, limit: int, offset: int) -> Outcome:  # pragma: no cover
        raise NotImplementedError

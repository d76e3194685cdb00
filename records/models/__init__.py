from .calendar import CalendarDay
from .dossiers import Channel, Dossier, DossierEvent, DossierStatus, DossierStep, Outcome, Rating
from .measures import MonthlySummary
from .quality import DisposalDecision, DisposalLog, QualityRecord, RecordType

__all__ = [
    "CalendarDay",
    "Channel",
    "DisposalDecision",
    "DisposalLog",
    "Dossier",
    "DossierEvent",
    "DossierStatus",
    "DossierStep",
    "MonthlySummary",
    "Outcome",
    "QualityRecord",
    "Rating",
    "RecordType",
]

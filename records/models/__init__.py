from .calendar import CalendarDay
from .dossiers import OPEN_STATUSES, Channel, Dossier, DossierEvent, DossierStatus, DossierStep, Outcome, Rating
from .measures import MonthlySummary
from .quality import DisposalDecision, DisposalLog, QualityRecord, RecordType
from .throttle import RateCounter

__all__ = [
    "OPEN_STATUSES",
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
    "RateCounter",
    "Rating",
    "RecordType",
]

from .calendar import CalendarDay
from .dossiers import Channel, Dossier, DossierEvent, DossierStatus, DossierStep, Outcome, Rating
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
    "Outcome",
    "QualityRecord",
    "Rating",
    "RecordType",
]

"""A rating, however it is saved, counts in the monthly summary of its dossier's month of finish."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Rating
from .services import summary


@receiver(post_save, sender=Rating, dispatch_uid="records_rating_counted")
def rating_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        summary.count_rating(instance)


@receiver(post_delete, sender=Rating, dispatch_uid="records_rating_uncounted")
def rating_deleted(sender, instance, **kwargs):
    summary.count_rating(instance, sign=-1)

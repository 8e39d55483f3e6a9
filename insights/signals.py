"""Any saved or deleted guidance item (admin form, list edit, bulk delete,
shell) retires every cached Insights page through the guidance version."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from insights.models import Guidance


@receiver([post_save, post_delete], sender=Guidance)
def _guidance_changed(sender, instance: Guidance, **kwargs) -> None:
    from insights.guidance import guidance_changed  # pandas loads only when guidance changes

    guidance_changed()

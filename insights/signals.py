"""Any saved or deleted guidance item (admin form, list edit, bulk delete,
shell) retires every cached Insights page through the guidance version."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from insights.models import Guidance
from insights.services import guidance_changed


@receiver([post_save, post_delete], sender=Guidance)
def _guidance_changed(sender: type[Guidance], instance: Guidance, **kwargs: Any) -> None:
    guidance_changed()

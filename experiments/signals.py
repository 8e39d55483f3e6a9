"""Any write to an experiment, from any path (views, admin, imports that save row by row), gives the
person's experiments a new version (experiments.versions). Ticks are written only by
services.save_ticks and imports (bulk), which call experiments_changed themselves."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from experiments.models import Experiment
from experiments.versions import experiments_changed


@receiver([post_save, post_delete], sender=Experiment)
def _experiment_changed(sender: type[Experiment], instance: Experiment, **kwargs: Any) -> None:
    experiments_changed(instance.user_id)

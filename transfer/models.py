import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.types import User


class ImportJob(models.Model):
    """A file checked and imported by a background task, with its progress and its outcome.

    The upload waits in PRIVATE_UPLOAD_DIR under `file_name` until the job ends; its id, not a number,
    names it in URLs, and every page reaches it through the person (transfer.queries.job_for)."""

    class Stage(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        CHECKED = "checked", _("Checked, waiting for your confirmation")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Not imported")
        FAILED = "failed", _("Stopped by an error")

    FINISHED = (Stage.DONE, Stage.REFUSED, Stage.FAILED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    file_name = models.CharField(max_length=200, blank=True)  # in the private upload storage; blank once deleted
    original_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=20)
    replace = models.BooleanField(default=False)
    mood_map = models.JSONField(default=dict, blank=True)
    add_foods = models.BooleanField(default=False)
    skip_bad_rows = models.BooleanField(default=False)  # Daylio: the person chose to import the readable rows
    leave_out = models.JSONField(default=list, blank=True)  # Daylio: activities not to keep as tags
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.CHECKING)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    preview = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # also the heartbeat: progress saves touch it

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.original_name} ({self.stage})"

    def get_owner_object(self) -> User:
        return self.user

    @property
    def finished(self) -> bool:
        return self.stage in self.FINISHED

    @property
    def percent(self) -> int:
        if self.stage in (self.Stage.CHECKED, *self.FINISHED):
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

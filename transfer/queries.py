"""Reads of the transfer app, scoped to the person: another person's job is a 404, never a pass."""

import uuid

from django.http import Http404

from accounts.types import User
from transfer.models import ImportJob


def job_for(user: User, job_id: uuid.UUID | str) -> ImportJob:
    job = ImportJob.objects.filter(user=user, pk=job_id).first()
    if job is None:
        raise Http404("No such import")
    return job

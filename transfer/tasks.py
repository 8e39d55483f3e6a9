"""Background tasks of the transfer app (Django's tasks API through the django-tasks backport).

Arguments are ids only: a task may run on another machine, later, or again after a worker died.
"""

from django_tasks import task

from transfer import jobs


@task()
def check_upload(job_id: str) -> None:
    jobs.check(job_id)


@task()
def import_checked_upload(job_id: str) -> None:
    jobs.run(job_id)

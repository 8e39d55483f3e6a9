"""Background tasks of the composition app."""

from django_tasks import task

from accounts.types import User
from home import services


@task()
def delete_account_later(user_id: int) -> None:
    """A large journal takes seconds to delete, longer than a request should; running twice is harmless."""
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        services.delete_account(user)

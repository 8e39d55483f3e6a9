"""Whatever changes a person's account or profile forgets the copy kept for signed-in requests."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.backends import forget_signed_in_user
from accounts.models import Profile
from accounts.types import User


@receiver([post_save, post_delete], sender=User)
def _user_changed(sender: type[User], instance: User, **kwargs: Any) -> None:
    forget_signed_in_user(instance.pk)


@receiver([post_save, post_delete], sender=Profile)
def _profile_changed(sender: type[Profile], instance: Profile, **kwargs: Any) -> None:
    forget_signed_in_user(instance.user_id)

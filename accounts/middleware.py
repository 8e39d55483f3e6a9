from django.utils import timezone

from accounts.models import profile_for


class UserTimezoneMiddleware:
    """Shows times in the signed-in user's own zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(profile_for(user).zone)
        else:
            timezone.deactivate()
        return self.get_response(request)

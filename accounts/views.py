from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import profile_sections, ratelimit, services
from accounts.forms import ProfileForm, SignupForm
from accounts.models import profile_for
from accounts.types import AuthenticatedHttpRequest

django_password_reset = PasswordResetView.as_view()


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("today")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = services.sign_up(form)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your journal is ready: start with today."))
        return redirect("today")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=profile_for(request.user))
    if request.method == "POST" and form.is_valid():
        services.update_profile(form)
        messages.success(request, _("Profile saved."))
        return redirect("profile")
    sections = profile_sections.for_request(request)
    return render(request, "accounts/profile.html", {"form": form, "sections": sections})


def password_reset(request: HttpRequest) -> HttpResponseBase:
    """Django's reset view, refused with 429 past the hourly limit per client and per email address."""
    if request.method == "POST" and not ratelimit.allow_password_reset(request, request.POST.get("email", "")):
        return render(request, "accounts/password_reset_limited.html", status=429)
    return django_password_reset(request)

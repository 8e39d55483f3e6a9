from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import today_for
from accounts.types import AuthenticatedHttpRequest
from home import pages, queries, services
from home.forms import DeleteAccountForm
from home.tasks import delete_account_later


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home/home.html")
    return render(request, "home/home.html", pages.home_context(request.user, today_for(request.user)))


@login_required
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        services.close_account(user)  # no one can sign in as this person from now on
        logout(request)
        delete_account_later.enqueue(user.pk)
        messages.success(request, _("Your account is closed, and it and your whole journal are being deleted."))
        return redirect("home")
    summary = queries.account_summary(request.user)
    return render(request, "home/delete_account.html", {"form": form, "summary": summary})

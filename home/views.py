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


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home/home.html")
    return render(request, "home/home.html", pages.home_context(request.user, today_for(request.user)))


@login_required
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user)
        logout(request)
        messages.success(request, _("Your account and your whole journal have been deleted."))
        return redirect("home")
    summary = queries.account_summary(request.user)
    return render(request, "home/delete_account.html", {"form": form, "summary": summary})

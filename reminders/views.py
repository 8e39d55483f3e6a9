import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.types import AuthenticatedHttpRequest
from reminders import queries, services, tokens
from reminders.forms import SubscriptionForm

MAX_BODY = 4096  # a subscription is a few hundred bytes


def _json_body(request: HttpRequest) -> object:
    if len(request.body) > MAX_BODY:
        return None
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None


@login_required
@require_POST
def subscribe(request: AuthenticatedHttpRequest) -> JsonResponse:
    """JSON in (PushSubscription.toJSON()), JSON out; refused with 400 and nothing stored when it is not sound."""
    if not settings.VAPID_PUBLIC_KEY:
        return JsonResponse({"error": _("Push notifications are not set up on this server.")}, status=503)
    form = SubscriptionForm.from_json(_json_body(request))
    if not form.is_valid():
        return JsonResponse({"errors": {name: list(errs) for name, errs in form.errors.items()}}, status=400)
    subscription, created = services.subscribe(
        request.user, browser=request.headers.get("User-Agent", ""), **form.cleaned_data
    )
    return JsonResponse({"id": subscription.pk, "created": created}, status=201 if created else 200)


@login_required
@require_POST
def unsubscribe(request: AuthenticatedHttpRequest) -> JsonResponse:
    """This browser leaves (JSON {"endpoint": ...}); another person's endpoint is a 404, as an unknown one is."""
    data = _json_body(request)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str) or not services.unsubscribe(request.user, endpoint):
        return JsonResponse({"error": _("No such browser among yours.")}, status=404)
    return JsonResponse({"removed": True})


@login_required
def remove_browser(request: AuthenticatedHttpRequest, subscription_id: int) -> HttpResponse:
    """Looks the browser up before the method check: another person's id is a 404 whatever the method."""
    subscription = queries.get_subscription_for_user(request.user, subscription_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.remove_subscription(subscription)
    messages.success(request, _("That browser gets no more reminders."))
    return redirect("profile")


@login_required
@require_POST
def send_test(request: AuthenticatedHttpRequest) -> HttpResponse:
    report = services.send_trial(request.user)
    if report.email:
        messages.success(request, _("A test email is on its way to %(address)s.") % {"address": report.email})
    if report.pushed:
        text = ngettext(
            "A test notification went to %(n)s browser.", "A test notification went to %(n)s browsers.", report.pushed
        )
        messages.success(request, text % {"n": report.pushed})
    if report.removed:
        messages.info(request, _("A browser that had switched notifications off was removed from the list."))
    for error in report.failed:
        messages.error(request, _("One message could not be sent: %(error)s") % {"error": error})
    if not (report.email or report.pushed or report.failed):
        messages.info(request, _("Nothing to send yet: tick email or turn on notifications in this browser first."))
    return redirect("profile")


@csrf_exempt  # RFC 8058: mail providers post here with no cookie; the signed token is the only credential.
@require_http_methods(["GET", "POST"])
def unsubscribe_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a link scanner must not unsubscribe anyone), POST switches reminder emails off."""
    user_id = tokens.read(token)
    if user_id is None:
        return render(request, "reminders/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        services.stop_reminder_emails(user_id)
        return render(request, "reminders/unsubscribed.html")
    return render(request, "reminders/unsubscribe.html", {"token": token})

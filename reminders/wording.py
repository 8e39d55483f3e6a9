"""Every word a reminder says: the email and the push notification."""

import functools
from dataclasses import dataclass
from datetime import date

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

APP_NAME = gettext_lazy("Gut–Mood Journal")
QUESTIONNAIRES = {"phq9": gettext_lazy("PHQ-9 (low mood)"), "gad7": gettext_lazy("GAD-7 (anxiety)")}


@dataclass(frozen=True)
class Message:
    subject: str  # the email subject; starts with the app's name
    title: str  # the notification's title
    body: str  # one line for the notification
    path: str  # where a tap on the notification goes


def reminder_message(*, daily: bool, checkins: list[str], local_date: date) -> Message:
    """The same for everyone with the same kind of reminder: worked out once per kind and language."""
    return _reminder_message(daily, tuple(checkins), get_language())


@functools.lru_cache(maxsize=64)
def _reminder_message(daily: bool, checkins: tuple[str, ...], language: str | None) -> Message:
    names = _(" and ").join(str(QUESTIONNAIRES.get(i, i)) for i in checkins)
    if daily and checkins:
        line = _("Time for today's entry, and your %(names)s questionnaire is due.") % {"names": names}
    elif daily:
        line = _("Time for today's entry: a minute is enough.")
    else:
        line = _("Your %(names)s questionnaire is due.") % {"names": names}
    subject = _("%(app)s: today's entry") if daily else _("%(app)s: a questionnaire is due")
    path = "/today/" if daily else f"/checkins/{checkins[0]}/"
    return Message(subject=subject % {"app": APP_NAME}, title=str(APP_NAME), body=line, path=path)


def trial_message() -> Message:
    return Message(
        subject=_("%(app)s: a test reminder") % {"app": APP_NAME},
        title=str(APP_NAME),
        body=_("Reminders reach you here. Tap to open today's entry."),
        path="/today/",
    )


def email_text(message: Message, *, name: str, site_url: str, unsubscribe_url: str, checkins: list[str]) -> str:
    template = _email_template(message, site_url, tuple(checkins), get_language())
    return template.replace("{unsubscribe}", unsubscribe_url, 1).replace("{name}", name, 1)


@functools.lru_cache(maxsize=256)
def _email_template(message: Message, site_url: str, checkins: tuple[str, ...], language: str | None) -> str:
    """The words once per kind of message and language; a sender pass only fills in each name and link."""
    lines = [_("Hello %(name)s,") % {"name": "{name}"}, "", message.body, "", _("Log today:"), f"{site_url}/today/"]
    for instrument in checkins:
        lines += ["", _("Take the %(name)s:") % {"name": QUESTIONNAIRES.get(instrument, instrument)}]
        lines.append(f"{site_url}/checkins/{instrument}/")
    lines += [
        "",
        "-- ",
        _("You get this because you asked for a daily reminder by email."),
        _("Stop reminder emails with one click:"),
        "{unsubscribe}",
        _("Change the time or switch reminders off on your profile:"),
        f"{site_url}/accounts/profile/",
    ]
    return "\n".join(lines) + "\n"

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from insights import wording
from insights.checkin_outcomes import INSTRUMENT_NAMES
from insights.pages import UNLOCK_DAYS
from insights.queries import insights_for


class Command(BaseCommand):
    help = "Print a user's insights: a readable report, or with --json the object of /insights/data.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--json", action="store_true", help="print the insights JSON (docs/formats.md)")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        contract = insights_for(user)["contract"]
        if options["json"]:
            self.stdout.write(json.dumps(contract, indent=2, ensure_ascii=False))
        else:
            self.stdout.write("\n".join(report_lines(username, contract)))


def report_lines(username: str, contract: dict[str, Any]) -> list[str]:
    """The readable report, in the active language (the finding sentences come worded by insights.wording)."""
    days = contract["days_logged"]
    lines = [_("Insights for %(username)s") % {"username": username}, _("Days logged: %(days)s") % {"days": days}]
    if days:
        lines.append(
            _("Range: %(first)s to %(last)s") % {"first": contract["first_date"], "last": contract["last_date"]}
        )
    if days < UNLOCK_DAYS:
        to_go = {"unlock": UNLOCK_DAYS, "to_go": UNLOCK_DAYS - days}
        lines.append(_("Insights unlock at %(unlock)s logged days: %(to_go)s to go.") % to_go)
    lines += ["", *_finding_lines(contract), "", *_checkin_lines(contract), "", *_guidance_lines(contract["guidance"])]
    return lines


def _finding_lines(contract: dict[str, Any]) -> list[str]:
    findings = contract["findings"]
    significant = sorted((f for f in findings if f["significant"]), key=lambda f: f["q"])
    lines = [_("Clear links: %(count)s") % {"count": len(significant)}]
    for f in significant:
        lines.append(f"- {f['factor']} -> {f['outcome']}, {wording.lag_tag(f['lag'])}: {f['summary']}")
        lines.append(
            _("  rho %(rho).2f (95%% interval %(low).2f to %(high).2f), %(n)s days, q = %(q).3g")
            % {"rho": f["rho"], "low": f["ci_low"], "high": f["ci_high"], "n": f["n"], "q": f["q"]}
        )
    counts = {"rest": len(findings) - len(significant), "pairs": len(findings)}
    lines.append(_("No clear link yet: %(rest)s of %(pairs)s pairs tested.") % counts)
    if contract.get("more_days_needed"):
        lines.append(
            _("About %(days)s more logged days would let a moderate link show.")
            % {"days": contract["more_days_needed"]}
        )
    return lines


def _checkin_lines(contract: dict[str, Any]) -> list[str]:
    counts = contract["checkins"]
    lines = [_("Check-ins: PHQ-9 %(phq9)s, GAD-7 %(gad7)s") % counts]
    significant = sorted((f for f in contract["checkin_findings"] if f["significant"]), key=lambda f: f["q"])
    lines.append(_("Clear links with check-in scores: %(count)s") % {"count": len(significant)})
    for f in significant:
        lines.append(f"- {f['factor']} -> {f['outcome']}: {f['summary']}")
        lines.append(
            _("  rho %(rho).2f (95%% interval %(low).2f to %(high).2f), %(n)s check-ins, q = %(q).3g")
            % {"rho": f["rho"], "low": f["ci_low"], "high": f["ci_high"], "n": f["n"], "q": f["q"]}
        )
    for instrument, needed in contract["checkins_needed"].items():
        if needed:
            lines.append(
                _("%(instrument)s: about %(needed)s more check-ins needed.")
                % {"instrument": INSTRUMENT_NAMES[instrument], "needed": needed}
            )
    return lines


def _guidance_lines(guidance: list[dict[str, Any]]) -> list[str]:
    lines = [_("Guidance: %(count)s") % {"count": len(guidance)}]
    for card in guidance:
        reason = f": {card['reason']}" if card["reason"] else ""
        lines.append(f"- {card['title']}{reason}")
    return lines

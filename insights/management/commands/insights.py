import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from insights.services import UNLOCK_DAYS, insights_for


class Command(BaseCommand):
    help = "Print a user's insights: a readable report, or with --json the object of /insights/data.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--json", action="store_true", help="print the PRODUCT.md 3.5 JSON object")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        contract = insights_for(user)["contract"]
        if options["json"]:
            self.stdout.write(json.dumps(contract, indent=2, ensure_ascii=False))
        else:
            self.stdout.write("\n".join(report_lines(username, contract)))


LAG_WORDS = {0: "same day", 1: "the day after (lag 1)", 2: "two days after (lag 2)"}


def report_lines(username: str, contract: dict[str, Any]) -> list[str]:
    days = contract["days_logged"]
    lines = [f"Insights for {username}", f"Days logged: {days}"]
    if days:
        lines.append(f"Range: {contract['first_date']} to {contract['last_date']}")
    if days < UNLOCK_DAYS:
        lines.append(f"Insights unlock at {UNLOCK_DAYS} logged days: {UNLOCK_DAYS - days} to go.")
    lines += ["", *_finding_lines(contract), "", *_guidance_lines(contract["guidance"])]
    return lines


def _finding_lines(contract: dict[str, Any]) -> list[str]:
    findings = contract["findings"]
    significant = sorted((f for f in findings if f["significant"]), key=lambda f: f["q"])
    lines = [f"Clear links: {len(significant)}"]
    for f in significant:
        lines.append(f"- {f['factor']} -> {f['outcome']}, {LAG_WORDS[f['lag']]}: {f['summary']}")
        lines.append(
            f"  rho {f['rho']:.2f} (95% interval {f['ci_low']:.2f} to {f['ci_high']:.2f}), "
            f"{f['n']} days, q = {f['q']:.3g}"
        )
    rest = len(findings) - len(significant)
    lines.append(f"No clear link yet: {rest} of {len(findings)} pairs tested.")
    if contract.get("more_days_needed"):
        lines.append(f"About {contract['more_days_needed']} more logged days would let a moderate link show.")
    return lines


def _guidance_lines(guidance: list[dict[str, Any]]) -> list[str]:
    lines = [f"Guidance: {len(guidance)}"]
    for card in guidance:
        reason = f": {card['reason']}" if card["reason"] else ""
        lines.append(f"- {card['title']}{reason}")
    return lines

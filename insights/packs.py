"""Content packs: every guidance card, with its version history, as one JSON file (docs/formats.md).

export_pack() reads; import_pack() checks the whole pack first and then writes it in one transaction,
so a pack with one bad card changes nothing. Cards are matched by slug: a new slug is created, a known
one updated, and each card that changes gets a version "Imported from pack". History versions the pack
carries are added with their own dates, unless this instance already keeps a version saved at that time.
"""

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import reversion
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from reversion.models import Revision, Version

from insights.models import EDITED_FIELDS, Guidance, edited_field

FORMAT = "gut-mood-guidance-pack"
FORMAT_VERSION = 1
logger = logging.getLogger(__name__)


class PackError(Exception):
    """A pack that cannot be imported; the message is one line that says why."""


@dataclass
class CardChange:
    slug: str
    action: str  # "create", "update" or "unchanged"
    changed: list[str] = field(default_factory=list)
    history_added: int = 0

    def describe(self) -> str:
        history = f"; {self.history_added} earlier version(s) added" if self.history_added else ""
        if self.action == "update":
            return f"update {self.slug}: {', '.join(self.changed)}{history}"
        return f"{self.action} {self.slug}{history}"


# Export.


def export_pack() -> dict[str, Any]:
    cards = [
        {"slug": item.slug, "fields": _fields(item), "versions": _history(item)}
        for item in Guidance.objects.order_by("order", "slug")
    ]
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "exported_at": timezone.now(), "cards": cards}


def dumps(pack: dict[str, Any]) -> str:
    return json.dumps(pack, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n"


def _fields(item: Guidance) -> dict[str, Any]:
    serialized = json.loads(serializers.serialize("json", [item], fields=EDITED_FIELDS))[0]["fields"]
    return {name: serialized[name] for name in EDITED_FIELDS if name in serialized}


def _history(item: Guidance) -> list[dict[str, Any]]:
    """Oldest first: when each version was saved, by whom, its note and its fields."""
    versions = Version.objects.get_for_object(item).select_related("revision__user")
    history = []
    for version in versions.order_by("revision__date_created", "pk"):
        fields = json.loads(version.serialized_data)[0]["fields"]
        user = version.revision.user
        history.append(
            {
                "saved_at": version.revision.date_created,
                "by": user.get_username() if user else None,
                "note": version.revision.comment,
                "fields": {name: fields[name] for name in EDITED_FIELDS if name in fields},
            }
        )
    return history


# Import.


@dataclass
class _Plan:
    item: Guidance
    change: CardChange
    history: list[dict[str, Any]]


def import_pack(
    text: str, *, dry_run: bool = False, user: AbstractBaseUser | None = None, source: str = "pack"
) -> list[CardChange]:
    """Checks every card of the pack, then (unless `dry_run`) writes them all in one transaction."""
    plans = [_plan(card, number) for number, card in enumerate(_cards(text), start=1)]
    slugs = [plan.item.slug for plan in plans]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        raise PackError(f"the pack holds the slug {duplicates[0]!r} more than once")
    if not dry_run:
        with transaction.atomic():
            for plan in plans:
                _write(plan, user, source)
    return [plan.change for plan in plans]


def _cards(text: str) -> list[dict[str, Any]]:
    try:
        pack = json.loads(text)
    except json.JSONDecodeError as error:
        raise PackError(f"not JSON: {error.msg} at line {error.lineno}") from None
    if not isinstance(pack, dict) or pack.get("format") != FORMAT:
        raise PackError(f'not a guidance pack (its "format" should be {FORMAT!r})')
    if pack.get("format_version") != FORMAT_VERSION:
        raise PackError(f"pack format version {pack.get('format_version')!r} is not {FORMAT_VERSION}")
    cards = pack.get("cards")
    if not isinstance(cards, list) or not all(isinstance(card, dict) for card in cards):
        raise PackError('"cards" should be a list of cards')
    return cards


def _plan(card: dict[str, Any], number: int) -> _Plan:
    slug = card.get("slug")
    where = f"card {slug!r}" if isinstance(slug, str) and slug else f"card {number}"
    fields = card.get("fields")
    if not isinstance(fields, dict):
        raise PackError(f'{where}: "fields" should be an object')
    existing = Guidance.objects.filter(slug=slug).first() if isinstance(slug, str) else None
    item = Guidance.objects.get(pk=existing.pk) if existing else Guidance()
    _assign(item, {**fields, "slug": slug}, where)
    try:
        item.full_clean()
    except ValidationError as error:
        raise PackError(f"{where}: {_first_error(error)}") from None
    history = [_checked_version(v, where) for v in _list(card.get("versions", []), f"{where}: versions")]
    if existing is None:
        change = CardChange(item.slug, "create")
    else:
        changed = [name for name in EDITED_FIELDS if _value(existing, name) != _value(item, name)]
        change = CardChange(item.slug, "update" if changed else "unchanged", changed)
        history = _new_history(existing, history)
    change.history_added = len(history)
    return _Plan(item, change, history)


def _assign(item: Guidance, fields: dict[str, Any], where: str) -> None:
    unknown = sorted(set(fields) - set(EDITED_FIELDS))
    if unknown:
        raise PackError(f"{where}: unknown field {unknown[0]!r}")
    factors = {value for value, _label in Guidance.Factor.choices}
    if "factor" in fields and fields["factor"] not in factors:
        raise PackError(f"{where}: unknown factor {fields['factor']!r}")
    for name, value in fields.items():
        try:
            setattr(item, name, edited_field(name).to_python(value))
        except ValidationError as error:
            raise PackError(f"{where}: {name}: {_first_error(error)}") from None


def _checked_version(version: Any, where: str) -> dict[str, Any]:
    if not isinstance(version, dict) or not isinstance(version.get("fields"), dict):
        raise PackError(f'{where}: each version should be an object with "fields"')
    saved_at = parse_datetime(str(version.get("saved_at", "")))
    if saved_at is None:
        raise PackError(f"{where}: a version's saved_at {version.get('saved_at')!r} is not a date and time")
    label = f"{where}: the version of {version.get('saved_at')}"
    probe = Guidance()
    _assign(probe, version["fields"], label)
    try:  # the fields it carries, each on its own (a card's cross-field rules may have changed since)
        probe.clean_fields(exclude=[name for name in EDITED_FIELDS if name not in version["fields"]])
    except ValidationError as error:
        raise PackError(f"{label}: {_first_error(error)}") from None
    return {**version, "saved_at": saved_at}


def _new_history(item: Guidance, history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pack's versions this instance does not keep yet (matched on the time they were saved)."""
    kept = {_to_ms(d) for d in Version.objects.get_for_object(item).values_list("revision__date_created", flat=True)}
    return [v for v in history if _to_ms(v["saved_at"]) not in kept]


def _to_ms(moment: datetime) -> datetime:
    """JSON keeps times to the millisecond (DjangoJSONEncoder); the database to the microsecond."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _write(plan: _Plan, user: AbstractBaseUser | None, source: str) -> None:
    item, change = plan.item, plan.change
    if change.action != "unchanged":
        item.updated_by = user  # type: ignore[assignment]
        with reversion.create_revision():
            item.save()
            reversion.set_comment(f"Imported from {source}.")
            if user is not None:
                reversion.set_user(user)
    for version in plan.history:
        _add_history(item, version)
    if change.action != "unchanged" or plan.history:
        _log(item, change, user, source)


def _add_history(item: Guidance, version: dict[str, Any]) -> None:
    """An earlier version from the pack, with its own date and a note of where it came from."""
    old = Guidance(pk=item.pk)
    _assign(old, version["fields"], "history")
    by = f" by {version['by']}" if version.get("by") else ""
    note = (version.get("note") or "").strip()
    revision = Revision.objects.create(
        date_created=version["saved_at"],
        comment=f"{note} (imported from pack; saved{by})".strip(),
    )
    Version.objects.create(
        revision=revision,
        object_id=str(item.pk),
        content_type=ContentType.objects.get_for_model(Guidance),
        db="default",
        format="json",
        serialized_data=serializers.serialize("json", [old], fields=EDITED_FIELDS),
        object_repr=old.title or item.title,
    )


def _log(item: Guidance, change: CardChange, user: AbstractBaseUser | None, source: str) -> None:
    message = f"Imported from {source}: {change.describe()}"
    logger.info("guidance %s by %s", message, user.get_username() if user else "the command line")
    if user is not None:
        flag = ADDITION if change.action == "create" else CHANGE
        LogEntry.objects.log_actions(
            user.pk, Guidance.objects.filter(pk=item.pk), flag, change_message=message, single_object=True
        )


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise PackError(f"{where} should be a list")
    return value


def _value(item: Guidance, name: str) -> Any:
    return edited_field(name).value_to_string(item)


def _first_error(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        name, errors = next(iter(error.message_dict.items()))
        return f"{name}: {errors[0]}"
    return error.messages[0]

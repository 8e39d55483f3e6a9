from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from insights.packs import PackError, import_pack


class Command(BaseCommand):
    help = (
        "Import a guidance content pack made by export_guidance: cards matched by slug, created or updated, "
        "each change kept as a version 'Imported from pack'. A bad card changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="print what would change and change nothing")
        parser.add_argument("--user", help="the admin account the change is logged as (admin history and versions)")

    def handle(self, *args: Any, file: str, dry_run: bool, user: str | None, **options: Any) -> None:
        editor = None
        if user:
            editor = get_user_model().objects.filter(username=user).first()
            if editor is None:
                raise CommandError(f"No user named {user!r}.")
        try:
            text = Path(file).read_text(encoding="utf-8")
            changes = import_pack(text, dry_run=dry_run, user=editor, source=f"pack {Path(file).name}")
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except PackError as error:
            raise CommandError(f"Nothing imported: {error}.") from None
        for change in changes:
            self.stdout.write(change.describe())
        counts = {action: sum(c.action == action for c in changes) for action in ("create", "update", "unchanged")}
        summary = f"{counts['create']} to create, {counts['update']} to update, {counts['unchanged']} unchanged"
        self.stdout.write(f"Dry run, nothing changed: {summary}." if dry_run else f"Imported: {summary}.")

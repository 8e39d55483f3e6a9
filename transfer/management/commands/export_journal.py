from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from transfer.daily_csv import export_csv
from transfer.full_json import export_json


class Command(BaseCommand):
    help = "Export a user's journal as the daily CSV or the full JSON (standard output unless -o is given)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--format", choices=("csv", "json"), default="csv")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    def handle(self, *args: Any, username: str, output: Path | None, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        text = export_json(user) if options["format"] == "json" else export_csv(user)
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"could not write {output}: {exc.strerror}") from None

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from insights.packs import dumps, export_pack


class Command(BaseCommand):
    help = "Write every guidance card, with its version history, as one JSON content pack (docs/formats.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="where to write the pack (default: standard output)")

    def handle(self, *args: Any, file: str | None, **options: Any) -> None:
        text = dumps(export_pack())
        if file:
            Path(file).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {file}.")
        else:
            self.stdout.write(text, ending="")

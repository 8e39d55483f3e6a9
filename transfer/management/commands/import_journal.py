from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from transfer.daylio import parse_mood_map
from transfer.formats import ImportRejected, UnmappedMoods, UnreadableRows
from transfer.services import FORMATS, guess_format, parse_file, run_import


def one_line(text: str) -> str:
    """The failure as one line of standard error (docs/formats.md, Management commands), even when a name quoted
    from the file (a header cell, say) holds a line break."""
    return " ".join(text.splitlines())


class Command(BaseCommand):
    help = (
        "Import a daily CSV, a full JSON backup, a Daylio CSV export or backup, a Bearable export or an "
        "Apple Health export into a user's journal."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, help="default: by extension and header")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace days already in the journal (Apple Health: overwrite fields already logged)",
        )
        parser.add_argument("--mood-map", default="", help='Daylio mood names to 1–5: "vaguely ok=3,fatigued=2"')
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="Daylio, Bearable: import the readable rows and skip unreadable ones",
        )

    def handle(
        self, *args: Any, username: str, file: Path, replace: bool, mood_map: str, skip_bad_rows: bool, **options: Any
    ) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        try:
            moods = parse_mood_map(mood_map)
            with file.open("rb") as stream:  # Apple Health exports are streamed, never read whole
                file_format = options["format"] or guess_format(file.name, stream.read(512))
                stream.seek(0)
                parsed = parse_file(user, stream, file_format, moods, skip_bad_rows=skip_bad_rows)
                summary = run_import(user, parsed, replace=replace)
        except (OSError, ValueError) as exc:
            raise CommandError(one_line(str(exc))) from None
        except UnmappedMoods as exc:
            names = ",".join(f"{name}=3" for name in exc.moods)
            hint = f'score them with --mood-map "{names}"'
            raise CommandError(one_line(f"{file.name} was not imported: {exc.one_line()} ({hint})")) from None
        except UnreadableRows as exc:
            hint = "--skip-bad-rows imports the readable rows and skips these"
            raise CommandError(one_line(f"{file.name} was not imported: {exc.one_line()} ({hint})")) from None
        except ImportRejected as exc:
            raise CommandError(one_line(f"{file.name} was not imported: {exc.one_line()}")) from None
        skipped = f"; {len(parsed.skipped_rows)} unreadable rows skipped" if parsed.skipped_rows else ""
        self.stdout.write(f"Imported {file.name} ({file_format}) for {username}: {summary.describe()}{skipped}.")
        for warning in parsed.warnings:  # what was left out without refusing the file (an unreadable time, say)
            self.stdout.write(f"  {warning}")

"""The three kinds of tracker and their values, named once (Django-free, like journal.columns).

A tracker's column name is `<kind>:<slug>` everywhere: the daily CSV, the insights
frame and JSON, the weekly charts. tag: 0 or 1; rating: 0–3 whole (none to severe);
number: ≥ 0 with one decimal.
"""

from decimal import Decimal

TAG = "tag"
RATING = "rating"
NUMBER = "number"
KINDS: tuple[str, ...] = (TAG, RATING, NUMBER)

NUMBER_MAX = Decimal("999999.9")
RANGES: dict[str, tuple[Decimal, Decimal, int]] = {  # kind -> (low, high, decimals)
    TAG: (Decimal(0), Decimal(1), 0),
    RATING: (Decimal(0), Decimal(3), 0),
    NUMBER: (Decimal(0), NUMBER_MAX, 1),
}


def column_name(kind: str, slug: str) -> str:
    return f"{kind}:{slug}"


def split_column(name: str) -> tuple[str, str] | None:
    """'tag:coffee' -> ('tag', 'coffee'); None when the name has no kind prefix at all."""
    kind, sep, slug = name.partition(":")
    if not sep:
        return None
    return kind, slug

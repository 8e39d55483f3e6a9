"""Checks on what an editor types into a guidance card: the evidence id and the Markdown body.

The body is sanitised when it is rendered anyway (insights.models.render_markdown);
refusing a script or a javascript: link when it is typed tells the editor at once,
instead of the card silently losing part of its text, and keeps it out of the
version history and out of content packs.
"""

import re
from html.parser import HTMLParser

import markdown
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DOI = re.compile(r"10\.\d{4,9}/\S+")
PMID = re.compile(r"\d{1,9}")
SAFE_SCHEMES = ("http", "https", "mailto")
UNSAFE_TAGS = frozenset({"script", "style", "iframe", "object", "embed", "form"})


def validate_evidence_id(value: str) -> None:
    """A DOI (10.1136/bmj-2023-077310) or a PubMed id (digits only)."""
    if DOI.fullmatch(value) or PMID.fullmatch(value):
        return
    raise ValidationError(
        _("“%(value)s” is neither a DOI (like 10.1136/bmj-2023-077310) nor a PubMed id (digits, like 31460832)."),
        code="evidence_id",
        params={"value": value},
    )


def normalise_evidence_id(value: str) -> str:
    """What people paste: a doi.org link, "doi:10.…", "PMID: 123"; stored as the bare id."""
    value = value.strip()
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    return re.sub(r"^pmid:?\s*", "", value, flags=re.IGNORECASE)


class _Links(HTMLParser):
    """Collects the tags and link targets of rendered Markdown (attribute values come unescaped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.targets: list[str] = []
        self.handlers: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction") and value is not None:
                self.targets.append(value)
            elif name.startswith("on"):
                self.handlers.add(name)


def _scheme(target: str) -> str | None:
    """The URL scheme as a browser reads it: control characters and blanks inside it are ignored."""
    cleaned = re.sub(r"[\x00-\x20]", "", target).lower()
    match = re.match(r"([a-z][a-z0-9+.\-]*):", cleaned)
    return match.group(1) if match else None


def validate_safe_markdown(value: str) -> None:
    """Refuses scripts, event handlers and links that are not http(s) or mailto."""
    parser = _Links()
    parser.feed(markdown.markdown(value, extensions=["sane_lists"], output_format="html"))
    parser.close()
    errors = []
    unsafe = sorted(parser.tags & UNSAFE_TAGS)
    if unsafe:
        errors.append(_("The text holds a <%(tag)s> element; write plain Markdown.") % {"tag": unsafe[0]})
    if parser.handlers:
        errors.append(_("The text holds an HTML event handler (%(name)s).") % {"name": sorted(parser.handlers)[0]})
    for target in parser.targets:
        scheme = _scheme(target)
        if scheme is not None and scheme not in SAFE_SCHEMES:
            errors.append(
                _("The link “%(target)s” uses %(scheme)s:, links may only be http, https or mailto.")
                % {"target": target[:60], "scheme": scheme}
            )
    if errors:
        raise ValidationError(errors, code="unsafe_markdown")

"""Extra sections of the profile page, offered by other apps without accounts knowing them.

accounts imports none of our apps; an app that wants a say on the profile page registers a
section here from its AppConfig.ready(): a partial template and a function that gives that
partial its context. The profile view renders them in registration order, after the form.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts.types import AuthenticatedHttpRequest


@dataclass(frozen=True)
class ProfileSection:
    name: str
    template: str
    context: Callable[[AuthenticatedHttpRequest], dict[str, Any]]


_sections: dict[str, ProfileSection] = {}


def register(name: str, template: str, context: Callable[[AuthenticatedHttpRequest], dict[str, Any]]) -> None:
    """Registering a name again replaces the section (ready() may run twice in tests)."""
    _sections[name] = ProfileSection(name=name, template=template, context=context)


def for_request(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    """Each section's template and context, ready for `{% include section.template with section.context %}`."""
    return [{"template": s.template, "context": s.context(request)} for s in _sections.values()]

"""What the trackers page shows."""

from typing import Any

from accounts.types import User
from trackers.forms import RenameForm, TrackerForm
from trackers.models import Tracker
from trackers.queries import trackers_with_counts


def index_context(
    user: User, form: TrackerForm | None = None, editing: Tracker | None = None, rename_form: RenameForm | None = None
) -> dict[str, Any]:
    """Active and archived trackers with their day counts (one query), the form to make one,
    and a rename form for each (the one being edited keeps what was sent)."""
    trackers = list(trackers_with_counts(user))
    for tracker in trackers:
        if editing is not None and tracker.pk == editing.pk and rename_form is not None:
            tracker.rename_form = rename_form  # type: ignore[attr-defined]
        else:
            tracker.rename_form = RenameForm(  # type: ignore[attr-defined]
                prefix=f"t{tracker.pk}", initial={"name": tracker.name, "unit": tracker.unit}
            )
    return {
        "active": [t for t in trackers if not t.archived],
        "archived": [t for t in trackers if t.archived],
        "form": form or TrackerForm(),
        "editing": editing,
    }

"""The guidance editor's admin tools, mixed into insights.admin.GuidanceAdmin: a preview of the unsaved
card against the sample journals, versions with diffs and a one-click revert, reach and review columns,
a "reviewed today" action and the review page linked from the admin index.

Every write here is logged as an admin LogEntry (who and when) besides the version it keeps.
"""

from types import ModuleType
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Field, QuerySet, URLField
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from reversion.models import Version

from accounts.types import User
from insights.models import EDITED_FIELDS, Guidance
from insights.services import revert_guidance
from insights.validators import normalise_evidence_id

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HISTORY_LIMIT = 200


def _formfield(field: Field, **kwargs: Any) -> forms.Field | None:
    if isinstance(field, URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _reach_counts(slugs: list[str]) -> dict[str, int]:
    from insights.queries import reach_counts  # its module loads the analysis: only when the list is drawn

    return reach_counts(slugs)


def _editor_tools() -> ModuleType:
    """insights.editor, loaded when a preview, a diff or the review list is drawn: it runs the analysis
    (pandas, SciPy), which the admin's start-up should not pay for."""
    from insights import editor

    return editor


class GuidanceForm(forms.ModelForm):
    class Meta:
        model = Guidance
        fields = EDITED_FIELDS
        formfield_callback = _formfield

    def clean_evidence_id(self) -> str:
        return normalise_evidence_id(self.cleaned_data.get("evidence_id") or "")


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("evidence review")
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, "StrOrPromise"]]:
        return [("due", _("Due (not reviewed for 12 months)")), ("current", _("Reviewed in the last 12 months"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        due = _editor_tools().review_due(timezone.localdate())
        if self.value() == "due":
            return queryset.filter(due)
        if self.value() == "current":
            return queryset.exclude(due)
        return queryset


class GuidanceChangeList(ChangeList):
    """Puts the reach of the page's cards on them, read from the cache in one call."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        counts = _reach_counts([item.slug for item in self.result_list if item.published])
        for item in self.result_list:
            item.reach_now = counts.get(item.slug)


class EditorAdminMixin(admin.ModelAdmin):
    change_form_template = "admin/insights/guidance/change_form.html"
    object_history_template = "admin/insights/guidance/object_history.html"

    def editor_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("review/", view(self.review_view), name="insights_guidance_review"),
            path(
                "<path:object_id>/history/<int:version_id>/diff/", view(self.diff_view), name="insights_guidance_diff"
            ),
            path(
                "<path:object_id>/history/<int:version_id>/revert/",
                view(require_POST(self.revert_view)),
                name="insights_guidance_revert",
            ),
        ]

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return GuidanceChangeList

    def get_changelist_formset(self, request: HttpRequest, **kwargs: Any) -> Any:
        """The list's editable boxes named after their card: Django's own have no label (axe: "label")."""
        formset = super().get_changelist_formset(request, **kwargs)

        class LabelledFormSet(formset):  # type: ignore[misc,valid-type]
            def _construct_form(self, i: int, **form_kwargs: Any) -> forms.Form:
                form = super()._construct_form(i, **form_kwargs)
                for field in form.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label}: {form.instance}"
                return form

        return LabelledFormSet

    # The list's columns and action.

    @admin.display(description=_("shows for now"))
    def reach(self, item: Guidance) -> "StrOrPromise":
        count = getattr(item, "reach_now", None)
        if count is None:
            return "–"
        return ngettext("%(count)d person", "%(count)d people", count) % {"count": count}

    @admin.display(description=_("evidence reviewed"), ordering="last_reviewed")
    def evidence_review(self, item: Guidance) -> str:
        reviewed = item.last_reviewed.isoformat() if item.last_reviewed else _("never")
        if item.review_due(timezone.localdate()):
            return format_html('<strong class="review-due">{}</strong> ({})', _("Review due"), reviewed)
        return format_html("{}", reviewed)

    @admin.action(description=_("Mark the evidence of the selected cards as reviewed today"))
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[Guidance]) -> None:
        user = self._editor(request)
        reviewer = user.get_full_name() or user.get_username()
        for item in queryset:
            item.last_reviewed = timezone.localdate()
            item.reviewer = reviewer
            item.updated_by = user
            item.save()  # inside VersionAdmin's revision (changelist_view): one version per card
            self.log_change(request, item, str(_("Evidence marked as reviewed today.")))
        messages.success(request, _("Marked %(count)d as reviewed today.") % {"count": len(queryset)})

    # Preview of the unsaved card.

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST" and "_preview" in request.POST:
            return self.unsaved_preview(request, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def unsaved_preview(
        self, request: HttpRequest, object_id: str | None, form_url: str, extra_context: dict[str, Any] | None
    ) -> HttpResponse:
        """The change form again, as typed, with the card run against every sample journal below it.

        Nothing is saved and no person's journal is read: the form is validated (one query for the
        slug's uniqueness) and the card, unsaved, goes through insights.guidance.select_cards on the
        made-up journals of insights.sample_journals."""
        obj = self._changeable(request, object_id) if object_id else None
        if obj is None and not self.has_add_permission(request):
            raise PermissionDenied
        add = obj is None
        form = self.get_form(request, obj, change=not add)(request.POST, request.FILES, instance=obj)
        valid = form.is_valid()
        fieldsets: Any = self.get_fieldsets(request, obj)  # the stubs type AdminForm's argument narrower
        admin_form = helpers.AdminForm(
            form,
            list(fieldsets),
            self.get_prepopulated_fields(request, obj),
            self.get_readonly_fields(request, obj),
            model_admin=self,
        )
        title = _("Add %s") if add else _("Change %s")
        context = {
            **self.admin_site.each_context(request),
            "title": title % self.opts.verbose_name,
            "subtitle": str(obj) if obj else None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            "sample_previews": _editor_tools().preview_against_samples(form.instance) if valid else None,
            "previewed": True,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return self.render_change_form(request, context, add=add, change=not add, obj=obj, form_url=form_url)

    # Versions: the history with what changed, a diff, a revert.

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        item = self.get_object(request, unquote(object_id))
        if item is None:
            raise Http404
        context = {
            "versions": self._version_rows(item),
            "has_change_permission": self.has_change_permission(request, item),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def _version_rows(self, item: Guidance) -> list[dict[str, Any]]:
        """Newest first: each version with the fields it changed against the one before it."""
        versions = _versions(item)[:HISTORY_LIMIT]
        rows = []
        for i, version in enumerate(versions):
            older = versions[i + 1].field_dict if i + 1 < len(versions) else {}
            changed = [d.label for d in _editor_tools().field_diffs(older, version.field_dict)]
            rows.append({"version": version, "changed": changed, "current": i == 0})
        return rows

    def diff_view(self, request: HttpRequest, object_id: str, version_id: int) -> HttpResponse:
        item = self.get_object(request, unquote(object_id))
        if item is None or not self.has_view_or_change_permission(request, item):
            raise Http404
        versions = _versions(item)
        position = next((i for i, v in enumerate(versions) if v.pk == version_id), None)
        if position is None:
            raise Http404
        version = versions[position]
        previous = versions[position + 1] if position + 1 < len(versions) else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": item,
            "title": _("What changed in this version"),
            "subtitle": str(item),
            "version": version,
            "previous": previous,
            "diffs": _editor_tools().field_diffs(previous.field_dict if previous else {}, version.field_dict),
            "can_revert": self.has_change_permission(request, item),
        }
        return TemplateResponse(request, "admin/insights/guidance/version_diff.html", context)

    def revert_view(self, request: HttpRequest, object_id: str, version_id: int) -> HttpResponse:
        item = self._changeable(request, object_id)
        version = get_object_or_404(Version.objects.get_for_object(item), pk=version_id)
        history = reverse("admin:insights_guidance_history", args=[item.pk])
        try:
            message = revert_guidance(item, version, user=self._editor(request))
        except ValidationError as error:
            messages.error(request, _("This version cannot be put back: %(why)s") % {"why": " ".join(error.messages)})
            return HttpResponseRedirect(history)
        self.log_change(request, item, message)
        messages.success(request, message)
        return HttpResponseRedirect(history)

    # The review page, linked from the admin index.

    def review_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        due = list(_editor_tools().due_for_review(today))
        published = list(Guidance.objects.filter(published=True).only("slug", "title"))
        counts = _reach_counts([item.slug for item in published])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Guidance review"),
            "due": due,
            "published_count": len(published),
            "card_count": Guidance.objects.count(),
            "reach": sorted(((counts[i.slug], i) for i in published), key=lambda pair: (-pair[0], pair[1].title)),
            "changelist_due": reverse("admin:insights_guidance_changelist") + "?review=due",
        }
        return TemplateResponse(request, "admin/insights/guidance/review.html", context)

    # Access, checked in one place.

    def _changeable(self, request: HttpRequest, object_id: str) -> Guidance:
        item = self.get_object(request, unquote(object_id))
        if item is None:
            raise Http404
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        return item

    def _editor(self, request: HttpRequest) -> User:
        assert isinstance(request.user, User)  # only signed-in staff reach the admin
        return request.user


def _versions(item: Guidance) -> list[Version]:
    """The card's versions, newest first by the time they were saved (imported history keeps its own dates)."""
    versions = Version.objects.get_for_object(item).select_related("revision__user")
    return list(versions.order_by("-revision__date_created", "-pk"))

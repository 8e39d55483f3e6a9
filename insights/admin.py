from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Field
from django.forms import Field as FormField
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from accounts.types import User
from insights.editor_admin import EditorAdminMixin, GuidanceForm, ReviewDueFilter
from insights.models import Guidance

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@admin.register(Guidance)
class GuidanceAdmin(EditorAdminMixin, VersionAdmin):
    form = GuidanceForm
    list_display = (
        "title",
        "factor",
        "rule",
        "threshold",
        "window",
        "published",
        "order",
        "reach",
        "evidence_review",
        "updated_at",
    )
    list_display_links = ("title",)
    list_editable = ("published", "order")
    list_filter = ("factor", "rule", "published", ReviewDueFilter)
    search_fields = ("title", "body", "source_citation", "source_url", "evidence_id", "evidence_summary")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("preview", "updated_by", "updated_at")
    actions = ("mark_reviewed",)
    fieldsets = (
        (None, {"fields": ("title", "slug", "body", "published", "order")}),
        (_("When it shows"), {"fields": ("factor", "rule", "threshold", "window")}),
        (
            _("The person's figure"),
            {
                "fields": ("figure", "figure_label", "unit", "decimals", "reference"),
                "description": _(
                    "Builds the first line, e.g. “Your sleep over the last 7 logged days: 6.2 h a night; "
                    "adults do best on 7–9 h.”"
                ),
            },
        ),
        (_("Source"), {"fields": ("source_citation", "source_url")}),
        (
            _("Evidence"),
            {
                "fields": ("evidence_id", "evidence_summary", "last_reviewed", "reviewer"),
                "description": _("People see the plain-words summary under the card. Review the evidence yearly."),
            },
        ),
        (_("Preview and history"), {"fields": ("preview", "updated_by", "updated_at")}),
    )

    def formfield_for_dbfield(self, db_field: Field, request: HttpRequest, **kwargs: Any) -> FormField | None:
        if db_field.name == "source_url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Guidance, form: ModelForm, change: bool) -> None:
        assert isinstance(request.user, User)  # only signed-in staff reach the admin
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("preview"))
    def preview(self, obj: Guidance) -> "SafeString | StrPromise":
        if not obj.pk:
            return _("Save the item to see a preview.")
        from insights.guidance import example_card  # pandas: only when a preview is shown

        card = render_to_string("insights/_guidance_card.html", {"card": example_card(obj)})
        url = reverse("admin:insights_guidance_preview", args=[obj.pk])
        return format_html('{}<p><a href="{}">{}</a></p>', card, url, _("Open the preview as people see it"))

    def get_urls(self) -> list[URLPattern]:
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="insights_guidance_preview",
        )
        return [*self.editor_urls(), preview, *super().get_urls()]

    def preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        from insights.guidance import example_card

        context = {
            "card": example_card(obj),
            "published": obj.published,
            "change_url": reverse("admin:insights_guidance_change", args=[obj.pk]),
        }
        return TemplateResponse(request, "admin/insights/guidance/preview.html", context)

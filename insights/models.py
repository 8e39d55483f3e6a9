"""Guidance: short, sourced advice an admin curates and the Insights page shows
beside the person's own numbers (docs/statistics.md, Guidance rules)."""

import functools
from decimal import Decimal
from typing import TYPE_CHECKING

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from journal.columns import LONG_TITLES, NUMERIC_COLUMNS, RANGES, SYMPTOM_COLUMNS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The daily columns a card can be about; their names are public.
FACTOR_COLUMNS: tuple[str, ...] = NUMERIC_COLUMNS
GUT_SYMPTOM_COLUMNS: tuple[str, ...] = SYMPTOM_COLUMNS

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "h3", "h4", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


@functools.lru_cache(maxsize=256)
def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, then sanitised: admins are trusted, their clipboard is not.

    Memoised on the text (a pure function of it): rendering costs a few
    milliseconds a card, and a cold Insights page shows a dozen cards."""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308  (sanitised by nh3 just above)


class Guidance(models.Model):
    # One choice per journal column (its long title), then the cards that are about no single column.
    # The functional form builds one member per column from the vocabulary; django-stubs types only
    # the class form, hence the ignore.
    Factor = models.TextChoices(  # type: ignore[call-overload]
        "Factor",
        [
            *((name.upper(), (name, _(LONG_TITLES[name]))) for name in FACTOR_COLUMNS),
            ("GUT_SYMPTOMS", ("gut_symptoms", _("Gut symptoms (bloating or abdominal pain)"))),
            ("GENERAL", ("general", _("General"))),
            ("DOCTOR", ("doctor", _("When to see a doctor"))),
        ],
        module=__name__,
        qualname="Guidance.Factor",
    )

    class Rule(models.TextChoices):
        ALWAYS = "always", _("Always")
        MEAN_BELOW = "mean_below", _("Mean over the last N logged days below the threshold")
        MEAN_ABOVE = "mean_above", _("Mean over the last N logged days above the threshold")
        FINDING = "finding", _("When a significant finding involves the factor")
        DOCTOR = "doctor", _("Persistent gut symptoms with low mood, or a red-flag symptom")

    class Figure(models.TextChoices):
        MEAN = "mean", _("The mean (e.g. “6.2 h a night”)")
        DAYS = "days", _("The number of days it was above zero (e.g. “on 3 days”)")

    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    body = models.TextField(_("body"), help_text=_("Markdown. Links, lists and emphasis are kept; HTML is stripped."))
    factor = models.CharField(_("factor"), max_length=32, choices=Factor.choices, default=Factor.GENERAL)
    rule = models.CharField(_("display rule"), max_length=16, choices=Rule.choices, default=Rule.ALWAYS)
    threshold = models.DecimalField(_("threshold"), max_digits=7, decimal_places=2, null=True, blank=True)
    window = models.PositiveSmallIntegerField(
        _("window (logged days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("The mean rules look at this many of the person's most recent logged days."),
    )
    figure = models.CharField(_("figure quoted"), max_length=8, choices=Figure.choices, default=Figure.MEAN)
    figure_label = models.CharField(
        _("figure label"), max_length=60, blank=True, help_text=_("Starts the sentence, e.g. “Your sleep”.")
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("Follows the figure, e.g. “h a night”."))
    decimals = models.PositiveSmallIntegerField(
        _("decimals shown"), default=1, validators=[MaxValueValidator(2)], help_text=_("The rule compares this figure.")
    )
    reference = models.CharField(
        _("reference"),
        max_length=160,
        blank=True,
        help_text=_("Ends the sentence after a semicolon, e.g. “adults do best on 7–9 h.”"),
    )
    source_citation = models.TextField(_("source citation"))
    source_url = models.URLField(_("source link"), max_length=300, help_text=_("A doi.org link or the guideline page."))
    published = models.BooleanField(_("published"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last edited"), auto_now=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("guidance item")
        verbose_name_plural = _("guidance")

    def __str__(self) -> str:
        return self.title

    @property
    def is_mean_rule(self) -> bool:
        return self.rule in (self.Rule.MEAN_BELOW, self.Rule.MEAN_ABOVE)

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.is_mean_rule:
            errors.update(self._mean_rule_errors())
        if self.rule == self.Rule.FINDING and self.factor not in (*FACTOR_COLUMNS, self.Factor.GUT_SYMPTOMS):
            errors["factor"] = _("The finding rule needs a journal column (or gut symptoms) as its factor.")
        if errors:
            raise ValidationError(errors)

    def _mean_rule_errors(self) -> dict[str, "StrOrPromise"]:
        errors: dict[str, StrOrPromise] = {}
        if self.factor not in FACTOR_COLUMNS:
            errors["factor"] = _("A mean rule needs a journal column as its factor, not “%(factor)s”.") % {
                "factor": self.get_factor_display()
            }
        if self.threshold is None:
            errors["threshold"] = _("A mean rule needs a threshold to compare the person's mean with.")
        elif self.factor in RANGES:
            bounds = RANGES[self.factor]
            if not bounds.low <= Decimal(self.threshold) <= bounds.high:
                errors["threshold"] = _("The threshold must lie within %(low)s–%(high)s, the range of this column.") % {
                    "low": bounds.low,
                    "high": bounds.high,
                }
        if not self.window:
            errors["window"] = _("A mean rule needs a window of at least one logged day.")
        return errors

    def body_parts(self) -> tuple[SafeString, SafeString]:
        """The first paragraph and the rest, each rendered: cards show the lead and fold the rest."""
        lead, _blank, rest = self.body.strip().partition("\n\n")
        return render_markdown(lead), render_markdown(rest.strip())

    def body_html(self) -> SafeString:
        """The sanitised body, rendered once per instance (and again if the body changes)."""
        cached = self.__dict__.get("_body_html_cache")
        if cached is None or cached[0] != self.body:
            cached = (self.body, render_markdown(self.body))
            self.__dict__["_body_html_cache"] = cached
        return cached[1]

from django import template

from experiments.suggestions import has_suggestion

register = template.Library()


@register.filter
def can_try(factor: str) -> bool:
    """Whether a guidance card about this factor gets a "Try it for yourself" link."""
    return has_suggestion(factor)

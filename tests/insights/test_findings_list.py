"""The findings list: strongest clear links first, the first six open, the rest folded."""

from django.template.loader import render_to_string


def _finding(i: int, rho: float) -> dict:
    return {
        "factor_label": f"factor {i}",
        "outcome_label": "mood",
        "lag_words": "on the same day",
        "summary": f"summary {i}",
        "rho": rho,
        "ci_low": rho - 0.1,
        "ci_high": rho + 0.1,
        "n": 100,
        "bar": {"low": 10, "width": 20, "rho": 20},
    }


def test_more_than_six_clear_links_fold_the_rest_under_a_summary():
    significant = [_finding(i, 0.9 - i * 0.05) for i in range(9)]
    html = render_to_string("insights/_findings.html", {"significant": significant, "not_clear": []})
    before, folded = html.split('<details class="more-findings', 1)
    assert "summary 5" in before and "summary 6" not in before
    assert "3 more clear links" in folded
    assert "summary 8" in folded


def test_six_or_fewer_clear_links_are_all_open():
    html = render_to_string("insights/_findings.html", {"significant": [_finding(i, 0.5) for i in range(6)]})
    assert "more-findings" not in html
    assert html.count('class="finding card') == 6

"""The report's findings and weeks as tables (insights.analysis.FindingTable, WeeklyTable): a page reads a few
rows of 1,700 findings and charts columns of weeks, so only what is read is made; whatever is read equals the
full lists the JSON gives."""

import pickle

import numpy as np
import pytest

from insights.analysis import Finding, Report, analyse, daily_frame
from tests.insights.test_analysis import synthetic_rows


def _fields(findings: list[Finding]) -> list[dict]:
    return [dict(finding.__dict__) for finding in findings]


def _equal(a: list[dict], b: list[dict]) -> bool:
    """Equal field by field, NaN equal to NaN (there should be none, but a NaN would not equal itself)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x.keys() != y.keys():
            return False
        for key in x:
            both_nan = isinstance(x[key], float) and isinstance(y[key], float) and np.isnan(x[key]) and np.isnan(y[key])
            if x[key] != y[key] and not both_nan:
                return False
    return True


@pytest.fixture(scope="module")
def reports():
    """A fresh report for each way of reading (reading all first would make the rest read the list)."""
    frame = daily_frame(synthetic_rows(300))
    return lambda: analyse(frame)


def test_the_clear_and_the_other_pairs_are_the_full_list_split_at_the_clear_count(reports):
    full = reports().findings
    clear_count = sum(finding.significant for finding in full)
    assert clear_count >= 3  # the planted links

    report = reports()
    assert report.significant_count == clear_count
    assert _equal(_fields(report.clear_findings()), _fields(full[:clear_count]))
    assert report.table is not None and report._findings is None  # nothing else was made
    assert _equal(_fields(report.not_clear_findings(7)), _fields(full[clear_count : clear_count + 7]))
    assert _equal(_fields(reports().not_clear_findings()), _fields(full[clear_count:]))
    assert report.not_clear_findings(0) == [] and report.table.findings(len(full), None) == []
    assert report.pairs_count == len(full)
    assert report.tests_count == sum(finding.rho is not None for finding in full)


def test_a_clear_link_keeps_its_split_and_the_others_have_none(reports):
    report = reports()
    clear, others = report.clear_findings(), report.not_clear_findings()
    assert all(f.threshold is not None and f.high_n + f.low_n == f.n for f in clear)
    assert all(f.threshold is None and f.high_mean is None for f in others)
    assert {f.reason_code for f in others if f.rho is None} <= {
        "too_few_pairs",
        "one_value",
        "rare_binary",
        "constant_outcome",
    }


def test_a_cached_report_keeps_its_table_not_finding_objects(reports):
    report = reports()
    expected = _fields(report.findings)  # made, then dropped on the way into the cache

    kept = pickle.dumps(report, pickle.HIGHEST_PROTOCOL)

    assert b"Finding" not in kept.replace(b"FindingTable", b"")
    assert _equal(_fields(pickle.loads(kept).findings), expected)  # noqa: S301 (our own bytes)


def test_findings_given_whole_are_kept_as_given():
    finding = Finding("mood", "stress", 0, 40, significant=False, reason_code="one_value")
    report = Report(days_logged=40, first_date=None, last_date=None, findings=[finding])

    assert report.findings == [finding] and report.not_clear_findings() == [finding] and report.clear_findings() == []
    assert report.tests_count == 0 and report.pairs_count == 1
    assert pickle.loads(pickle.dumps(report)).findings == [finding]  # noqa: S301 (our own bytes)


@pytest.mark.parametrize("days", [0, 5, 300])
def test_the_charts_read_the_weekly_table_as_the_json_lists_it(days):
    from insights.analysis import analyse_arrays, daily_arrays, variables_of
    from insights.pages import weekly_series, weekly_series_of

    frame = daily_frame(synthetic_rows(300)[:days])
    frame["tag:coffee"] = np.where(np.arange(len(frame)) % 3 == 0, 1.0, 0.0)
    frame.loc[frame.index[::7], "tag:coffee"] = np.nan
    variables = variables_of(frame)

    def report():
        return analyse_arrays(daily_arrays(frame, variables.columns), variables)

    assert weekly_series_of(report()) == weekly_series(report().weekly)
    rows = report().weekly
    assert all(isinstance(week["days_logged"], int) and isinstance(week["partial"], bool) for week in rows)
    kept = pickle.dumps(report(), pickle.HIGHEST_PROTOCOL)
    assert b"week_start" not in kept  # the table, not a dict per week
    assert pickle.loads(kept).weekly == rows  # noqa: S301 (our own bytes)

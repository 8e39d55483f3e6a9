import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from fhir.resources.R4B import get_fhir_model_class

from checkins.models import ScreenerResult
from tests.checkins.factories import ScreenerResultFactory
from tests.factories import JournalDayFactory
from tests.report.builders import build_days, build_screeners, today
from transfer.fhir import APP_SYSTEM, LOINC

pytestmark = pytest.mark.django_db
URL = "/data/export/fhir/"
TOTALS = {"44261-6": "phq9", "70274-6": "gad7"}


@pytest.fixture
def journal(user):
    build_days(user, 30)
    JournalDayFactory(user=user, date=today() - dt.timedelta(days=40), blood_in_stool=True, antibiotics=True)
    return build_screeners(user)


def _bundle(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200
    return json.loads(response.content)


def _resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _codes(resource: dict) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in resource["code"]["coding"]}


def test_it_is_a_fhir_collection_bundle_never_cached(client_a, journal):
    response = client_a.get(URL)
    assert response["Content-Type"] == "application/fhir+json"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    bundle = json.loads(response.content)
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")


def test_the_bundle_and_every_resource_in_it_validate(client_a, journal):
    bundle = _bundle(client_a)
    get_fhir_model_class("Bundle").model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"


def test_observation_totals_equal_the_results_in_the_database(client_a, user, journal):
    totals = [o for o in _resources(_bundle(client_a), "Observation") if o["code"]["coding"][0]["code"] in TOTALS]
    exported = sorted(
        (TOTALS[o["code"]["coding"][0]["code"]], o["effectiveDateTime"], o["valueInteger"]) for o in totals
    )
    stored = sorted((r.instrument, r.taken_on.isoformat(), r.score) for r in ScreenerResult.objects.filter(user=user))
    assert exported == stored and len(stored) == 12
    assert {o["status"] for o in totals} == {"final"}
    assert all(o["code"]["coding"][0]["system"] == LOINC for o in totals)


def test_each_result_is_a_questionnaire_response_with_loinc_coded_answers(client_a, user, journal):
    responses = _resources(_bundle(client_a), "QuestionnaireResponse")
    assert len(responses) == 12
    phq9 = next(r for r in responses if r["questionnaire"].endswith("44249-1"))
    stored = ScreenerResult.objects.get(user=user, instrument="phq9", taken_on=phq9["authored"])
    answers = [item["answer"][0] for item in phq9["item"]]
    assert [item["linkId"] for item in phq9["item"]][:2] == ["44250-9", "44255-8"]
    codes = {0: "LA6568-5", 1: "LA6569-3", 2: "LA6570-1", 3: "LA6571-9"}
    assert [a["valueCoding"]["code"] for a in answers[:9]] == [codes[v] for v in stored.answers]
    assert answers[9] == {"valueInteger": stored.score}
    gad7 = next(r for r in responses if r["questionnaire"].endswith("69737-5"))
    assert [item["linkId"] for item in gad7["item"]][:7] == [
        "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7",
    ]  # fmt: skip


def test_daily_values_use_loinc_where_it_has_a_code_and_ours_otherwise(client_a, user, journal):
    observations = _resources(_bundle(client_a), "Observation")
    sleep = [o for o in observations if (LOINC, "93832-4") in _codes(o)]
    assert len(sleep) == 31 and sleep[0]["valueQuantity"]["code"] == "h"
    moods = [o for o in observations if (APP_SYSTEM, "mood") in _codes(o)]
    assert len(moods) == 30
    flags = [o for o in observations if (APP_SYSTEM, "blood_in_stool") in _codes(o)]
    assert [(o["effectiveDateTime"], o["valueBoolean"]) for o in flags] == [
        ((today() - dt.timedelta(days=40)).isoformat(), True)
    ]


def test_it_exports_only_the_signed_in_persons_data(client_a, other_user):
    ScreenerResultFactory(user=other_user, taken_on=today(), score=20)
    JournalDayFactory(user=other_user, date=today())
    bundle = _bundle(client_a)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]


def test_a_signed_out_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_command_prints_the_same_bundle(user, journal):
    out = io.StringIO()
    call_command("export_journal", "alice", "--format", "fhir", stdout=out)
    bundle = json.loads(out.getvalue())
    get_fhir_model_class("Bundle").model_validate(bundle)
    assert len(_resources(bundle, "QuestionnaireResponse")) == 12

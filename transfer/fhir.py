"""A person's journal as a FHIR R4 Bundle (type "collection"), for clinics' systems.

Each PHQ-9 and GAD-7 result is a QuestionnaireResponse (item answers coded with LOINC's
answer list) and an Observation of its total; each recorded daily value is an Observation.
LOINC codes are used where LOINC has the concept, the app's own code system otherwise;
docs/formats.md, FHIR export, lists every code and where it was checked.
"""

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import profile_for
from accounts.types import User
from checkins import scales
from checkins.models import Instrument, ScreenerResult
from checkins.queries import results_for
from journal.constants import RED_FLAG_FIELDS
from journal.queries import daily_values_for

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# The app's own code system: its codes are the daily column names (docs/formats.md, Daily columns).
APP_SYSTEM = "urn:gut-mood-journal:daily-column"
CONTENT_TYPE = "application/fhir+json"

# LOINC's answer list for the PHQ and GAD items (LL358-3): 0 Not at all ... 3 Nearly every day.
ANSWERS: dict[int, tuple[str, str]] = {
    0: ("LA6568-5", "Not at all"),
    1: ("LA6569-3", "Several days"),
    2: ("LA6570-1", "More than half the days"),
    3: ("LA6571-9", "Nearly every day"),
}
# Item codes in the order of checkins/scales.py's items, the panel and the total score.
QUESTIONNAIRES: dict[str, dict[str, Any]] = {
    Instrument.PHQ9: {
        "panel": "44249-1",
        "items": ("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"),
        "total": ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
    },
    Instrument.GAD7: {
        "panel": "69737-5",
        "items": ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
        "total": ("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
    },
}


class Daily:
    """How one daily column becomes an Observation: its code, and its value's kind and unit."""

    def __init__(
        self, display: str, kind: str, unit: str = "", ucum: str = "", loinc: str = "", category: str = ""
    ) -> None:
        self.display, self.kind, self.unit, self.ucum, self.loinc = display, kind, unit, ucum, loinc
        self.category = category or "survey"


DAILY: dict[str, Daily] = {
    "mood": Daily("Mood, mean of the day's ratings (1-5, 5 best)", "quantity", "score", "{score}"),
    "anxiety": Daily("Anxiety, mean of the day's ratings (1-5, 5 most anxious)", "quantity", "score", "{score}"),
    "energy": Daily("Energy, mean of the day's ratings (1-5, 5 most energy)", "quantity", "score", "{score}"),
    "stress": Daily("Stress (1-5, 5 most stressed)", "integer"),
    "sleep_hours": Daily("Sleep duration", "quantity", "h", "h", loinc="93832-4", category="activity"),
    "sleep_quality": Daily("Sleep quality (1-5, 5 best)", "integer"),
    "exercise_minutes": Daily("Exercise duration", "quantity", "min", "min", loinc="55411-3", category="activity"),
    "mindfulness_minutes": Daily("Mindfulness (meditation, yoga, breathing)", "quantity", "min", "min",
                                 category="activity"),
    "water_glasses": Daily("Water, glasses", "quantity", "glasses", "{glass}"),
    "fiber_g": Daily("Dietary fiber eaten", "quantity", "g", "g"),
    "probiotic_servings": Daily("Probiotic or fermented food, servings", "quantity", "servings", "{serving}"),
    "added_sugar_servings": Daily("Added sugar, servings", "quantity", "servings", "{serving}"),
    "ultra_processed_servings": Daily("Ultra-processed food, servings", "quantity", "servings", "{serving}"),
    "bloating": Daily("Bloating (0 none, 1 mild, 2 moderate, 3 severe)", "integer"),
    "abdominal_pain": Daily("Abdominal pain (0 none, 1 mild, 2 moderate, 3 severe)", "integer"),
    "stool_type": Daily("Bristol stool form score", "integer"),
    "antibiotics": Daily("Antibiotics taken", "boolean"),
}  # fmt: skip
RED_FLAGS: dict[str, str] = {
    "blood_in_stool": "Blood in stool",
    "black_stool": "Black, tarry stool",
    "unintended_weight_loss": "Unintended weight loss",
    "severe_pain": "Severe abdominal pain",
}
STOOL_SNOMED = ("443172007", "Bristol stool form score")


def _id(user: User, *parts: Any) -> str:
    """A stable id: the same result or day exports with the same id every time."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, ":".join(["gut-mood-journal", str(user.pk), *map(str, parts)])))


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _category(code: str) -> list[dict[str, Any]]:
    display = {"survey": "Survey", "activity": "Activity"}[code]
    return [{"coding": [{"system": CATEGORY, "code": code, "display": display}]}]


def build_bundle(user: User, now: datetime | None = None) -> dict[str, Any]:
    """Everything the person recorded as FHIR: 1 query for the questionnaires, 3 for the days."""
    now = now or timezone.now()
    patient = _patient(user)
    subject = {"reference": f"urn:uuid:{patient['id']}"}
    entries = [_entry(patient)]
    for result in results_for(user).order_by("taken_on", "instrument"):
        response = _questionnaire_response(user, result, subject)
        entries += [_entry(response), _entry(_total(user, result, subject, response["id"]))]
    for row in daily_values_for(user):
        entries += [_entry(o) for o in _daily_observations(user, row, subject)]
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "meta": {"lastUpdated": now.isoformat(timespec="seconds")},
        "type": "collection",
        "timestamp": now.isoformat(timespec="seconds"),
        "entry": entries,
    }


def bundle_json(user: User) -> str:
    """Compact JSON: indenting would switch json to its pure-Python encoder, several times slower."""
    return json.dumps(build_bundle(user), ensure_ascii=False, separators=(",", ":")) + "\n"


def _patient(user: User) -> dict[str, Any]:
    return {"resourceType": "Patient", "id": _id(user, "patient"), "name": [{"text": str(profile_for(user))}]}


def _questionnaire_response(user: User, result: ScreenerResult, subject: dict) -> dict[str, Any]:
    codes = QUESTIONNAIRES[result.instrument]
    scale = scales.scale_for(result.instrument)
    items = []
    for code, text, answer in zip(codes["items"], scale.items, result.answers, strict=True):
        answer_code, display = ANSWERS[answer]
        items.append(
            {
                "linkId": code,
                "text": str(text),
                "answer": [{"valueCoding": {"system": LOINC, "code": answer_code, "display": display}}],
            }
        )
    total_code, total_display = codes["total"]
    items.append({"linkId": total_code, "text": total_display, "answer": [{"valueInteger": result.score}]})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": _id(user, "questionnaire", result.instrument, result.taken_on.isoformat()),
        "questionnaire": f"{LOINC}/q/{codes['panel']}",
        "status": "completed",
        "subject": subject,
        "authored": result.taken_on.isoformat(),
        "item": items,
    }


def _total(user: User, result: ScreenerResult, subject: dict, response_id: str) -> dict[str, Any]:
    code, display = QUESTIONNAIRES[result.instrument]["total"]
    band = scales.band(result.instrument, result.score)
    return {
        "resourceType": "Observation",
        "id": _id(user, "total", result.instrument, result.taken_on.isoformat()),
        "status": "final",
        "category": _category("survey"),
        "code": {"coding": [{"system": LOINC, "code": code, "display": display}], "text": display},
        "subject": subject,
        "effectiveDateTime": result.taken_on.isoformat(),
        "valueInteger": result.score,
        "interpretation": [{"text": str(band.label)}],
        "derivedFrom": [{"reference": f"urn:uuid:{response_id}"}],
    }


def _code(column: str, spec: Daily) -> dict[str, Any]:
    coding = [{"system": APP_SYSTEM, "code": column, "display": spec.display}]
    if spec.loinc:
        coding.insert(0, {"system": LOINC, "code": spec.loinc, "display": spec.display})
    if column == "stool_type":
        coding.append({"system": SNOMED, "code": STOOL_SNOMED[0], "display": STOOL_SNOMED[1]})
    return {"coding": coding, "text": spec.display}


def _value(spec: Daily, value: Any) -> dict[str, Any]:
    if spec.kind == "boolean":
        return {"valueBoolean": bool(value)}
    if spec.kind == "integer":
        return {"valueInteger": int(value)}
    number = float(value) if isinstance(value, Decimal) else value
    return {"valueQuantity": {"value": number, "unit": spec.unit, "system": UCUM, "code": spec.ucum}}


def _observation(user: User, day: date, column: str, subject: dict, code: dict, category: str, value: dict) -> dict:
    return {
        "resourceType": "Observation",
        "id": _id(user, "day", day.isoformat(), column),
        "status": "final",
        "category": _category(category),
        "code": code,
        "subject": subject,
        "effectiveDateTime": day.isoformat(),
        **value,
    }


def _daily_observations(user: User, row: dict[str, Any], subject: dict) -> list[dict[str, Any]]:
    day = row["date"]
    observations = []
    for column, spec in DAILY.items():
        if row[column] is None:
            continue
        observations.append(
            _observation(user, day, column, subject, _code(column, spec), spec.category, _value(spec, row[column]))
        )
    for field in RED_FLAG_FIELDS:
        if getattr(row["day"], field):
            code = {"coding": [{"system": APP_SYSTEM, "code": field, "display": RED_FLAGS[field]}],
                    "text": RED_FLAGS[field]}  # fmt: skip
            observations.append(_observation(user, day, field, subject, code, "survey", {"valueBoolean": True}))
    return observations

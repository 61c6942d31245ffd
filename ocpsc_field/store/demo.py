"""Fill a profile with realistic synthetic California data for demos and benchmarks.

Reference data (programs, the resource directory, organizations, a survey) is
stored as if HQ had published it. Residents, conversations, enrollments and
survey responses are created through the repository, validated and journaled
like any record typed on this laptop, in batches of one transaction each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ocpsc_field.core.demo_data import DemoGenerator
from ocpsc_field.core.records import Kind
from ocpsc_field.core.text import N_, Message
from ocpsc_field.store.errors import RecordRejected
from ocpsc_field.store.reference_data import load_programs, load_resources, load_surveys
from ocpsc_field.store.session import OpenProfile

Progress = Callable[[str, int, int], None]
BATCH = 2000


def _put_reference(opened: OpenProfile, kind: Kind, items: list[dict[str, Any]]) -> list[dict]:
    stored = []
    with opened.database.transaction():
        for item in items:
            opened.records.put_reference(kind, item)
    for row in opened.records.iter_all(kind):
        stored.append(row)
    return stored


def _create_in_batches(
    opened: OpenProfile,
    kind: Kind,
    total: int,
    make: Callable[[int], dict],
    stage: str,
    progress: Progress | None,
) -> list[str]:
    ids: list[str] = []
    for start in range(0, total, BATCH):
        items = [make(index) for index in range(start, min(total, start + BATCH))]
        results = opened.records.create_many(kind, items)
        failed = [result.errors for result in results if not result.ok]
        if failed:
            raise RecordRejected(
                Message(
                    N_("The demo generator made an invalid {kind} record."), {"kind": kind.value}
                ),
                failed[0],
            )
        ids.extend(result.record["id"] for result in results if result.record)
        if progress:
            progress(stage, len(ids), total)
    return ids


def fill_demo(
    opened: OpenProfile,
    *,
    residents: int,
    seed: int = 7,
    conversations_per_resident: float = 1.5,
    enrollments_per_resident: float = 0.3,
    surveys_per_resident: float = 0.1,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Add demo data; returns what was added per kind."""
    generator = DemoGenerator(seed=seed)
    rng = generator.rng
    before = opened.status()["records"]
    if not opened.records.count(Kind.PROGRAM):
        _put_reference(opened, Kind.PROGRAM, load_programs())
        _put_reference(opened, Kind.RESOURCE, load_resources())
        _put_reference(opened, Kind.ORGANIZATION, generator.organizations(6))
        _put_reference(opened, Kind.SURVEY, load_surveys())
    programs = list(opened.records.iter_all(Kind.PROGRAM))
    program_ids = [program["id"] for program in programs]
    resource_ids = [row["id"] for row in opened.records.iter_all(Kind.RESOURCE)]
    organization_ids = [row["id"] for row in opened.records.iter_all(Kind.ORGANIZATION)]
    survey = next(iter(opened.records.iter_all(Kind.SURVEY)))

    resident_ids = _create_in_batches(
        opened,
        Kind.RESIDENT,
        residents,
        lambda _i: generator.resident(rng.choice(organization_ids)),
        "residents",
        progress,
    )

    def conversation(_i: int) -> dict:
        anonymous = rng.random() < 0.1 or not resident_ids
        who = None if anonymous else rng.choice(resident_ids)
        return generator.contact_log(who, program_ids, resource_ids)

    _create_in_batches(
        opened,
        Kind.CONTACT_LOG,
        int(residents * conversations_per_resident),
        conversation,
        "conversations",
        progress,
    )
    if resident_ids:
        _create_in_batches(
            opened,
            Kind.ENROLLMENT,
            int(residents * enrollments_per_resident),
            lambda _i: generator.enrollment(rng.choice(resident_ids), rng.choice(programs)),
            "enrollments",
            progress,
        )
        _create_in_batches(
            opened,
            Kind.SURVEY_RESPONSE,
            int(residents * surveys_per_resident),
            lambda _i: generator.survey_response(survey, rng.choice(resident_ids)),
            "survey responses",
            progress,
        )
    after = opened.status()["records"]
    return {"added": {kind: after[kind] - before.get(kind, 0) for kind in after}, "records": after}

"""HQ publishes the surveys that ship with the app, under the ids laptops give them.

A demo profile, or a laptop used before its first sync, holds the bundled
surveys (``resources/surveys``) under ids derived from each form id and
version (``ocpsc_field.bundled_surveys``). HQ accepts a response only to a
survey it published, so HQ publishes the same surveys under the same ids:
after every ``migrate`` of the hq app and whenever ``ocpsc-hq serve`` starts,
and on demand with the ``publish_bundled_surveys`` command.

Publishing is idempotent: a bundled survey whose id HQ already has is left
alone, whatever happened to it since (a coordinator may have withdrawn it).
When a coordinator published the same form version from an XLSForm first,
under another id, that record stays the one HQ knows, and responses made on
the bundled copy are refused until the laptop receives HQ's; a warning says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocpsc_field.bundled_surveys import load_bundled_surveys
from ocpsc_field.core.survey import parse_definition
from ocpsc_field.hq import surveys
from ocpsc_field.hq.models import Survey

log = logging.getLogger(__name__)

PRESENT = "present"  # HQ already has a survey under the bundled id
ELSEWHERE = "elsewhere"  # the version is published under another id
REFUSED = "refused"  # the version is published with other content, or withdrawn


@dataclass(frozen=True)
class BundledOutcome:
    """What publishing one bundled survey did: ``surveys.CREATED`` or one of the above."""

    form_id: str
    version: str
    record_id: str
    outcome: str
    detail: str = ""


def publish_bundled(directory: Path | None = None) -> list[BundledOutcome]:
    """Publish every bundled survey HQ does not have yet under its bundled id."""
    outcomes = []
    for record in load_bundled_surveys(directory):
        outcomes.append(_publish_one(record))
    return outcomes


def _publish_one(record: dict[str, Any]) -> BundledOutcome:
    record_id = record["id"]
    found = BundledOutcome(record["form_id"], record["version"], record_id, PRESENT)
    if Survey.objects.filter(pk=record_id).exists():
        return found
    try:
        done = surveys.publish_definition(
            parse_definition(record["definition"]), record_id=record_id
        )
    except surveys.PublishRefused as refused:
        log.warning(
            "bundled survey %s version %s was not published: %s",
            record["form_id"],
            record["version"],
            refused,
        )
        return BundledOutcome(found.form_id, found.version, record_id, REFUSED, str(refused))
    assert done.survey is not None
    if done.survey.pk != record_id:
        log.warning(
            "bundled survey %s version %s is published as survey %s, not under its bundled "
            "id %s: responses made on the bundled copy are refused",
            record["form_id"],
            record["version"],
            done.survey.pk,
            record_id,
        )
        return BundledOutcome(found.form_id, found.version, record_id, ELSEWHERE, done.survey.pk)
    return BundledOutcome(found.form_id, found.version, record_id, done.outcome)


def publish_after_migrate(sender: Any = None, **kwargs: Any) -> None:
    """``post_migrate`` receiver: a freshly migrated HQ already has the bundled surveys."""
    publish_bundled()

"""Publishing XLSForm surveys at HQ: each version its own survey record, old versions kept.

A coordinator's XLSForm becomes a ``Kind.SURVEY`` reference record through
``core.xlsform`` (which either gives a whole definition or every problem with
its sheet, row and column) and ``publish.write`` (so devices receive it on the
survey download stream at their next sync).

Versions: the form's ``version`` setting names a version (the importer makes
one from the content when the form has none). A new version is a new record
with its own id; the old versions stay published, because drafts and
responses on laptops name the exact record they were begun on, and HQ keeps
accepting and exporting responses to them. The newest version published is
the current one and the others are superseded (``version_status``); nothing
about an old record changes when a new version arrives. Publishing a version
again is harmless when its content is the same, and refused when it differs:
a version always means one form.

Surveys are reference data: every device of every organization receives them,
so there is no organization to publish to.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from ocpsc_field.core.records import Kind
from ocpsc_field.core.survey import SurveyDefinition, definition_to_json
from ocpsc_field.core.text import N_, Message
from ocpsc_field.core.xlsform import XLSFormError, XLSFormProblem, read_xlsform
from ocpsc_field.hq import publish
from ocpsc_field.hq.models import Survey

CREATED = "created"
UNCHANGED = "unchanged"  # the same version with the same content was already published

CURRENT = "current"
SUPERSEDED = "superseded"
WITHDRAWN = "withdrawn"

_OTHER_CONTENT = N_(
    "Version {version} of {form_id} is already published with different questions. "
    "Give the changed form a new version in its settings sheet, then publish it again."
)
_WITHDRAWN = N_(
    "Version {version} of {form_id} was published and then withdrawn. "
    "Give the form a new version in its settings sheet, then publish it again."
)
_INVALID = N_("This form cannot be published: {problem}")
_LOCK_BASE = 0x5A17E7  # PostgreSQL advisory locks: one publisher per form id at a time


class PublishRefused(Exception):
    """The form was not published; ``problems`` say why, each with its place when known."""

    def __init__(self, problems: Sequence[XLSFormProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.render() for problem in self.problems[:5]))


@dataclass(frozen=True)
class Published:
    """The outcome of a publish: the record (None on a dry run that would create one)."""

    outcome: str  # CREATED or UNCHANGED
    definition: SurveyDefinition
    survey: Survey | None

    @property
    def form_id(self) -> str:
        return self.definition.form_id

    @property
    def version(self) -> str:
        return self.definition.version


def form_id_from_filename(filename: str) -> str:
    """A form id made from the file's name, for forms whose settings sheet has none."""
    stem = re.sub(r"\.[A-Za-z]+$", "", filename.replace("\\", "/").rsplit("/", 1)[-1])
    cleaned = re.sub(r"[^\w.-]+", "_", stem).strip("_") or "form"
    return cleaned if not cleaned[0].isdigit() else "_" + cleaned


def read_form(data: bytes, filename: str) -> SurveyDefinition:
    """The survey in an uploaded XLSForm; raises ``PublishRefused`` with every problem."""
    try:
        return read_xlsform(data, fallback_form_id=form_id_from_filename(filename))
    except XLSFormError as error:
        raise PublishRefused(error.problems) from None


def publish_form(
    data: bytes, filename: str, *, user: Any = None, dry_run: bool = False
) -> Published:
    """Import the XLSForm ``data`` and publish it as a new survey version.

    Raises ``PublishRefused`` (and changes nothing) when the form has problems,
    or when its version is already published with other content.
    """
    definition = read_form(data, filename)
    return publish_definition(definition, user=user, dry_run=dry_run)


def publish_definition(
    definition: SurveyDefinition,
    *,
    user: Any = None,
    dry_run: bool = False,
    record_id: str | None = None,
) -> Published:
    """Publish an imported definition; see ``publish_form``. A new survey record
    gets ``record_id`` when given (the bundled surveys' ids), a new id otherwise."""
    values = _values(definition)
    with transaction.atomic():
        _lock_form(definition.form_id)
        existing = (
            Survey.objects.select_for_update()
            .filter(form_id=definition.form_id, version=definition.version)
            .order_by("created_at", "id")
            .first()
        )
        if existing is not None:
            return Published(UNCHANGED, definition, _same_or_refuse(existing, values))
        if dry_run:
            return Published(CREATED, definition, None)
        row = publish.write(
            Kind.SURVEY, None, values, user=user, action="survey_published", new_id_as=record_id
        )
    return Published(CREATED, definition, row)


def _values(definition: SurveyDefinition) -> dict[str, Any]:
    values = {
        "form_id": definition.form_id,
        "version": definition.version,
        "title": dict(definition.title),
        "definition": definition_to_json(definition),
    }
    try:
        return publish.validated(Kind.SURVEY, values, partial=False)
    except publish.InvalidRecord as invalid:
        problems = [
            XLSFormProblem(Message(_INVALID, {"problem": message}), column=name)
            for name, message in invalid.errors.items()
        ]
        raise PublishRefused(problems) from None


def _same_or_refuse(existing: Survey, values: dict[str, Any]) -> Survey:
    params = {"form_id": values["form_id"], "version": values["version"]}
    if existing.deleted:
        raise PublishRefused([XLSFormProblem(Message(_WITHDRAWN, params))])
    same = existing.definition == values["definition"] and existing.title == values["title"]
    if not same:
        raise PublishRefused([XLSFormProblem(Message(_OTHER_CONTENT, params))])
    return existing


def _lock_form(form_id: str) -> None:
    """Two publishes of one form wait for each other, so a version is created once.

    SQLite lets one writer in at a time anyway; PostgreSQL gets an advisory lock
    held until the transaction ends.
    """
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(form_id.encode("utf-8")).digest()
    key = int.from_bytes(digest[:4], "big")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_BASE, key - 2**31])


# --- versions ---------------------------------------------------------------------------


def versions(form_id: str) -> list[Survey]:
    """Every version of a form ever published, oldest first (withdrawn ones too)."""
    return list(Survey.objects.filter(form_id=form_id).order_by("created_at", "id"))


def current_versions(form_ids: Sequence[str]) -> dict[str, Survey]:
    """The current (newest published, not withdrawn) version of each form."""
    current: dict[str, Survey] = {}
    rows = Survey.objects.filter(form_id__in=form_ids, deleted=False).order_by("created_at", "id")
    for row in rows:
        current[row.form_id] = row  # later rows replace earlier ones
    return current


def version_status(survey: Survey, current: Survey | None) -> str:
    """CURRENT, SUPERSEDED (a newer version is published) or WITHDRAWN."""
    if survey.deleted:
        return WITHDRAWN
    if current is None or current.pk == survey.pk:
        return CURRENT
    return SUPERSEDED

"""The surveys that ship with the app, with record ids every laptop and HQ agree on.

``resources/surveys`` holds survey definitions in the ``core.survey`` format.
A demo (or a fresh profile) puts them on a laptop before the first sync, and
HQ publishes them itself when its database is migrated or served, so a
response a laptop fills in on a bundled survey names a survey HQ knows.

For that to hold without the two ever talking, a bundled survey's record id
is derived from what identifies it: a UUIDv5 (RFC 9562, section 5.5) of its
form id and version in the fixed namespace ``BUNDLED_SURVEYS``. A new
version of a bundled form therefore gets a new id, as every published
version does. Record ids are checked as canonical UUIDs of any version, so
these ids pass every check a UUIDv7 passes.

No Qt and no store here: the laptop's store and HQ both read the files
through this module.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from ocpsc_field.core.survey import DefinitionError, Problem, parse_definition
from ocpsc_field.resources_path import resources_dir

# Never change this: it would give every bundled survey a new id on every laptop and HQ.
BUNDLED_SURVEYS = uuid.UUID("5b1e6a2c-0c95-4c7e-9d2a-6f0b5e3a7c41")


def bundled_survey_id(form_id: str, version: str) -> str:
    """The record id of version ``version`` of the bundled form ``form_id``."""
    return str(uuid.uuid5(BUNDLED_SURVEYS, f"{form_id}\n{version}"))


def surveys_dir() -> Path:
    """The bundled survey definitions: ``resources/surveys``."""
    return resources_dir() / "surveys"


def load_bundled_surveys(directory: Path | None = None) -> list[dict[str, Any]]:
    """Survey records (``id`` and the ``Kind.SURVEY`` fields), one per file in
    ``resources/surveys``, in file name order. A missing folder gives none.

    Each file holds one definition in the ``core.survey`` format; a definition
    that does not parse raises ``DefinitionError`` naming the file and the
    path of each problem, so a broken file never reaches a profile or HQ.
    """
    folder = directory if directory is not None else surveys_dir()
    surveys = []
    for path in sorted(folder.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        try:
            definition = parse_definition(raw)
        except DefinitionError as error:
            problems = [Problem(f"{path.name}: {p.path}", p.message) for p in error.problems]
            raise DefinitionError(problems) from None
        surveys.append(
            {
                "id": bundled_survey_id(definition.form_id, definition.version),
                "form_id": definition.form_id,
                "version": definition.version,
                "title": dict(definition.title),
                "definition": raw,
            }
        )
    return surveys

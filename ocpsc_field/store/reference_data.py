"""The bundled reference data: California's program catalog, a resource directory, surveys.

The JSON files in ``resources/catalog`` are the seed HQ would otherwise
publish: a fresh profile (or a demo) loads them so field staff have programs
to discuss and places to refer residents to before the first sync.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ocpsc_field.bundled_surveys import load_bundled_surveys
from ocpsc_field.resources_path import catalog_dir

PROGRAMS_FILE = "programs.json"
RESOURCES_FILE = "resources.json"


def _load_list(name: str, directory: Path | None = None) -> list[dict[str, Any]]:
    path = (directory if directory is not None else catalog_dir()) / name
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValueError(f"{path.name} must hold a JSON list of records")
    return data


def load_programs(directory: Path | None = None) -> list[dict[str, Any]]:
    """Program records (fields as in ``records.SCHEMAS[Kind.PROGRAM]``), without ids."""
    return _load_list(PROGRAMS_FILE, directory)


def load_resources(directory: Path | None = None) -> list[dict[str, Any]]:
    """Community resource records (``Kind.RESOURCE`` fields), without ids."""
    return _load_list(RESOURCES_FILE, directory)


def load_surveys(directory: Path | None = None) -> list[dict[str, Any]]:
    """Survey records (``id`` and ``Kind.SURVEY`` fields), one per file in
    ``resources/surveys``, in file name order; see ``bundled_surveys``.

    Each record's id is derived from its form id and version, so the surveys
    a demo puts on any laptop are the ones HQ publishes under the same ids.
    A broken file raises ``DefinitionError`` naming the file and each problem.
    """
    return load_bundled_surveys(directory)

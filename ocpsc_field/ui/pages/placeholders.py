"""Pages whose workflows come later: each explains what it is for and offers the first action.

Counts come from the profile status, so the page never claims "nothing here"
when records exist (for example after a demo fill or a sync).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ocpsc_field.core.records import Kind
from ocpsc_field.i18n import _, ngettext
from ocpsc_field.ui.models import format_number
from ocpsc_field.ui.pages.common import EmptyState, heading


@dataclass(frozen=True)
class PlaceholderText:
    """The words of one placeholder page, in the user's language."""

    heading: str
    empty_title: str
    body: str
    kind: Kind | None = None
    # Title once records of ``kind`` exist: the count, said with the right plural.
    counted_title: Callable[[int], str] | None = None


class PlaceholderPage(QWidget):
    """A page with a heading and an empty state that follows the record count."""

    def __init__(
        self, text: PlaceholderText, *, action: QAction | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.text = text
        self.setAccessibleName(text.heading)
        self.empty_state = EmptyState(text.empty_title, text.body, action=action, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(text.heading, self))
        layout.addWidget(self.empty_state, 1)

    def update_status(self, status: Mapping[str, Any]) -> None:
        if self.text.kind is None or self.text.counted_title is None:
            return
        count = int(status.get("records", {}).get(self.text.kind.value, 0))
        title = self.text.counted_title(count) if count else self.text.empty_title
        self.empty_state.set_texts(title, self.text.body)


def conversations_text() -> PlaceholderText:
    return PlaceholderText(
        heading=_("Conversations"),
        kind=Kind.CONTACT_LOG,
        empty_title=_("No conversations logged on this laptop yet."),
        counted_title=lambda n: ngettext(
            "{count} conversation is saved on this laptop.",
            "{count} conversations are saved on this laptop.",
            n,
        ).format(count=format_number(n)),
        body=_(
            "Every door knock, phone call and event conversation you log is listed here, "
            "with its outcome and whether it has reached HQ. Press Ctrl+N to log one."
        ),
    )


def enrollments_text() -> PlaceholderText:
    return PlaceholderText(
        heading=_("Enrollments"),
        kind=Kind.ENROLLMENT,
        empty_title=_("No enrollments started on this laptop yet."),
        counted_title=lambda n: ngettext(
            "{count} enrollment is saved on this laptop.",
            "{count} enrollments are saved on this laptop.",
            n,
        ).format(count=format_number(n)),
        body=_(
            "Enrollments follow a resident's application to a state program: started, "
            "submitted, then approved or denied. Find the resident first (Ctrl+F) to "
            "start one."
        ),
    )


def surveys_text() -> PlaceholderText:
    return PlaceholderText(
        heading=_("Surveys"),
        kind=Kind.SURVEY_RESPONSE,
        empty_title=_("No survey responses on this laptop yet."),
        counted_title=lambda n: ngettext(
            "{count} survey response is saved on this laptop.",
            "{count} survey responses are saved on this laptop.",
            n,
        ).format(count=format_number(n)),
        body=_(
            "Surveys come from HQ. Fill one in with a resident or after an event; each "
            "response is listed here with whether it has reached HQ."
        ),
    )


def resources_text() -> PlaceholderText:
    return PlaceholderText(
        heading=_("Resources"),
        kind=Kind.RESOURCE,
        empty_title=_("No resources on this laptop yet."),
        counted_title=lambda n: ngettext(
            "{count} resource is on this laptop.",
            "{count} resources are on this laptop.",
            n,
        ).format(count=format_number(n)),
        body=_(
            "The resource directory lists food banks, legal aid, clinics and other services "
            "to refer residents to. It arrives from HQ when this laptop syncs."
        ),
    )


def settings_text() -> PlaceholderText:
    return PlaceholderText(
        heading=_("Settings"),
        empty_title=_("Nothing to change here yet."),
        body=_(
            "Your language, how soon the app locks itself and the connection to HQ will "
            "be set here. For now the app uses your computer's language."
        ),
    )

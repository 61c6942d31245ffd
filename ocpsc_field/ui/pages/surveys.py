"""Surveys: the ones HQ has put on this laptop, responses in progress, responses saved.

Each survey is a card saying what it is (title in the UI language, version,
number of questions) and how far this user has got with it (responses saved,
drafts in progress), with "Fill in with a resident" and "Fill in anonymously".
A form HQ has published in several versions has one card, for the newest;
a draft begun on an older version is listed there too and keeps opening
with its own version's questions.
Choosing a resident uses the shared resident picker; the form then replaces
the list until it is saved or closed. Below, the responses saved here, each
with whether it has reached HQ.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ocpsc_field import i18n
from ocpsc_field.core.survey import Question, is_empty, label_for, walk
from ocpsc_field.i18n import _, ngettext, render, sentences
from ocpsc_field.store.session import OpenProfile
from ocpsc_field.store.surveys import ResponseRow, SurveyDraft, SurveyOnDevice, SurveyStore
from ocpsc_field.ui.conversation_parts import local_time_text
from ocpsc_field.ui.models import display_name, format_number, language_name
from ocpsc_field.ui.multilingual import LabelText, LanguageTag, item_data, label_text
from ocpsc_field.ui.pages.common import EmptyState, heading, scaled_font, set_text, wrapped
from ocpsc_field.ui.pages.residents import resident_table
from ocpsc_field.ui.survey_form import SurveyForm
from ocpsc_field.ui.survey_respondent import RespondentChooser
from ocpsc_field.ui.tasks import DatabaseQueue
from ocpsc_field.ui.widgets.form_parts import MessageBar

ModelIndex = QModelIndex | QPersistentModelIndex
TABLE_ROWS = 8
TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
PageData = tuple[list[SurveyOnDevice], list[SurveyDraft], list[ResponseRow]]


def survey_title(survey: SurveyOnDevice) -> str:
    default = survey.definition.default_language if survey.definition else "en"
    return label_for(survey.title, i18n.current_language(), default) or survey.form_id


def survey_title_text(survey: SurveyOnDevice) -> LabelText:
    """The title as ``survey_title`` shows it, with its language when not translated."""
    default = survey.definition.default_language if survey.definition else "en"
    return label_text(survey.title, survey.form_id, default)


def state_text(row: ResponseRow) -> str:
    """Where a response is, in words (never a colour alone)."""
    if row.state == "waiting":
        return _("Saved on this laptop, waiting to be sent")
    if row.state == "attention":
        return _("Needs attention: {reason}").format(reason=row.reason or _("HQ refused it"))
    return _("Sent to HQ")


class ResponsesModel(QAbstractTableModel):
    """Saved responses, newest first: when, which survey, who, in which language, where."""

    COL_COMPLETED, COL_SURVEY, COL_RESPONDENT, COL_LANGUAGE, COL_STATE = range(5)
    ResponseIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ResponseRow] = []

    def set_rows(self, rows: Sequence[ResponseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        return (_("Completed"), _("Survey"), _("Respondent"), _("Language"), _("Status"))[section]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == self.ResponseIdRole:
            return row.id
        if index.column() == self.COL_SURVEY and role not in TEXT_ROLES:
            return item_data(label_text(row.survey_title), role)  # marked when untranslated
        if role not in TEXT_ROLES:
            return None
        column = index.column()
        if column == self.COL_COMPLETED:
            return local_time_text(row.completed_at) if row.completed_at else ""
        if column == self.COL_SURVEY:  # "Household survey · English" when not translated
            return label_text(row.survey_title).tagged()
        if column == self.COL_RESPONDENT:
            if row.resident:
                return display_name(row.resident)
            return _("Anonymous") if row.resident_id is None else _("Resident not on this laptop")
        if column == self.COL_LANGUAGE:
            return language_name(row.language)
        return state_text(row)


def _answered(survey: SurveyOnDevice, draft: SurveyDraft) -> int:
    """Questions of the survey a person has answered in a draft (in any repeat entry;
    not what the form records itself), to set against its number of questions."""
    if survey.definition is None:
        return draft.answered
    asked = {
        item.name
        for item in walk(survey.definition.items, into_repeats=True)
        if isinstance(item, Question) and item.asks_person
    }
    return len(_answered_names(draft.answers) & asked)


def _answered_names(answers: Mapping[str, Any]) -> set[str]:
    names: set[str] = set()
    for name, value in answers.items():
        if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            for entry in value:
                names |= _answered_names(entry)
        elif not is_empty(value):
            names.add(name)
    return names


class SurveyCard(QFrame):
    """One survey: what it is, this user's progress with it, and how to start."""

    fill_for_resident = Signal(str)
    fill_anonymously = Signal(str)
    continue_draft = Signal(str, str)

    def __init__(
        self, survey: SurveyOnDevice, drafts: Sequence[SurveyDraft], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.survey = survey
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = survey_title(survey)
        self.setAccessibleName(title)
        self.title = wrapped(title, self)
        self.title.setFont(scaled_font(self.title, 1.25, bold=True))
        self.title_language = LanguageTag(self)
        self.title_language.show_for(survey_title_text(survey))
        layout = QVBoxLayout(self)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.title, 1)
        heading_row.addWidget(self.title_language, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(heading_row)
        self.facts = wrapped(self._facts_text(), self)
        layout.addWidget(self.facts)
        self.buttons: list[QPushButton] = []
        if survey.definition is None:
            problem = render(survey.problems[0].message) if survey.problems else ""
            layout.addWidget(
                wrapped(
                    _(
                        "This survey can't be filled in with this version of the app: "
                        "{problem} Ask HQ, or update the app."
                    ).format(problem=problem),
                    self,
                )
            )
            return
        row = QHBoxLayout()
        self.resident_button = self._button(
            _("Fill in with a &resident…"), _("Fill in {survey} with a resident"), row
        )
        self.resident_button.clicked.connect(lambda: self.fill_for_resident.emit(survey.id))
        self.anonymous_button = self._button(
            _("Fill in &anonymously"), _("Fill in {survey} anonymously"), row
        )
        self.anonymous_button.clicked.connect(lambda: self.fill_anonymously.emit(survey.id))
        row.addStretch(1)
        layout.addLayout(row)
        for draft in drafts:
            layout.addLayout(self._draft_row(draft))

    def _button(self, text: str, name: str, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name.format(survey=self.title.text()))
        button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        row.addWidget(button)
        self.buttons.append(button)
        return button

    def _facts_text(self) -> str:
        """The version, its questions, your responses and drafts: a sentence per count."""
        survey = self.survey
        facts = [
            ngettext(
                "Version {version} has {count} question.",
                "Version {version} has {count} questions.",
                survey.question_count,
            ).format(version=survey.version, count=format_number(survey.question_count)),
            ngettext(
                "You have saved {count} response.",
                "You have saved {count} responses.",
                survey.my_responses,
            ).format(count=format_number(survey.my_responses)),
        ]
        if survey.drafts:
            facts.append(
                ngettext(
                    "{count} response in progress.", "{count} responses in progress.", survey.drafts
                ).format(count=format_number(survey.drafts))
            )
        return sentences(*facts)

    def _draft_row(self, draft: SurveyDraft) -> QHBoxLayout:
        who = display_name(draft.resident) if draft.resident else _("Anonymous")
        older = dict(self.survey.older_versions)
        if draft.survey_id in older:
            text = _("In progress: {respondent}, begun on version {version}, {time}").format(
                respondent=who,
                version=older[draft.survey_id],
                time=local_time_text(draft.updated_at),
            )
        else:
            text = _("In progress: {respondent}, {answered} of {total} answered, {time}").format(
                respondent=who,
                answered=format_number(_answered(self.survey, draft)),
                total=format_number(self.survey.question_count),
                time=local_time_text(draft.updated_at),
            )
        row = QHBoxLayout()
        button = QPushButton(_("Continue"), self)
        button.setAccessibleName(_("Continue: {draft}").format(draft=text))
        button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        button.clicked.connect(lambda: self.continue_draft.emit(draft.survey_id, draft.id))
        row.addWidget(button)
        row.addWidget(wrapped(text, self), 1)
        self.buttons.append(button)
        return row


class SurveysPage(QWidget):
    """The surveys list, the respondent chooser and the form, one at a time."""

    saved = Signal()

    def __init__(
        self, queue: DatabaseQueue, opened: OpenProfile, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._queue = queue
        self.store = SurveyStore.of(opened)
        self.form: SurveyForm | None = None
        self.cards: list[SurveyCard] = []
        self._chosen_survey: str | None = None
        self.setAccessibleName(_("Surveys"))

        listing = QWidget(self)
        listing.setAccessibleName(_("Surveys"))
        column = QVBoxLayout(listing)
        column.addWidget(heading(_("Surveys"), listing))
        self.intro = wrapped(
            _(
                "Surveys come from HQ. Fill one in with a resident, or anonymously after an "
                "event; your answers are saved as a draft while you type."
            ),
            listing,
        )
        column.addWidget(self.intro)
        self.notice = MessageBar(listing)
        column.addWidget(self.notice)
        self.cards_box = QVBoxLayout()
        column.addLayout(self.cards_box)
        self.empty_state = EmptyState(
            _("No surveys on this laptop yet."),
            _(
                "Surveys come from HQ and arrive when this laptop syncs. Once one is here you "
                "can fill it in with a resident or anonymously, even with no connection."
            ),
            parent=listing,
        )
        self.empty_state.hide()
        column.addWidget(self.empty_state)
        self.responses_heading = wrapped(_("Responses on this laptop"), listing)
        self.responses_heading.setFont(scaled_font(self.responses_heading, 1.25, bold=True))
        column.addWidget(self.responses_heading)
        self.responses_summary = wrapped("", listing)
        column.addWidget(self.responses_summary)
        self.model = ResponsesModel(self)
        self.table = resident_table(self.model, _("Survey responses"), listing)
        self.table.setMinimumHeight(self.fontMetrics().height() * 2 * (TABLE_ROWS + 1))
        column.addWidget(self.table, 1)
        column.addStretch(0)  # takes the room when the table is hidden
        self.list_view = QScrollArea(self)
        self.list_view.setWidgetResizable(True)
        self.list_view.setFrameShape(QFrame.Shape.NoFrame)
        self.list_view.setWidget(listing)
        self.list_view.setAccessibleName(_("Surveys"))

        self.chooser = RespondentChooser(queue, opened, self)
        self.chooser.chosen.connect(self._respondent_chosen)
        self.chooser.cancelled.connect(self.show_list)

        self.stack = QStackedWidget(self)
        self.stack.setAccessibleName(_("Surveys"))
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.chooser)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stack.currentWidget() is self.list_view:
            self.refresh()

    # -- the list ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the surveys, drafts and responses again (on the database queue)."""
        if not self._queue.running:
            return  # the app is closing
        store = self.store
        self._queue.run(
            lambda: (store.list_surveys(), store.list_drafts(), store.list_responses()),
            success=self._show,
            owner=self,
        )

    def update_status(self, _status: Mapping[str, Any]) -> None:
        """Called by the main window after counts change (F5, a sync)."""
        if self.isVisible() and self.stack.currentWidget() is self.list_view:
            self.refresh()

    def _show(
        self, data: tuple[list[SurveyOnDevice], list[SurveyDraft], list[ResponseRow]]
    ) -> None:
        surveys, drafts, responses = data
        for card in self.cards:
            self.cards_box.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for survey in surveys:
            ids = {survey.id, *(older for older, _version in survey.older_versions)}
            mine = [draft for draft in drafts if draft.survey_id in ids]
            card = SurveyCard(survey, mine, self.list_view.widget())
            card.fill_for_resident.connect(self.choose_respondent)
            card.fill_anonymously.connect(lambda survey_id: self.open_form(survey_id))
            card.continue_draft.connect(
                lambda survey_id, draft_id: self.open_form(survey_id, draft_id=draft_id)
            )
            self.cards_box.addWidget(card)
            self.cards.append(card)
        self.empty_state.setVisible(not surveys)
        self.intro.setVisible(bool(surveys))
        self.model.set_rows(responses)
        self.table.setVisible(bool(responses))
        # With one survey on the laptop, a column repeating its title says nothing.
        self.table.setColumnHidden(ResponsesModel.COL_SURVEY, len(surveys) <= 1)
        for widget in (self.responses_heading, self.responses_summary):
            widget.setVisible(bool(surveys or responses))
        set_text(self.responses_summary, self._responses_text(len(responses)))

    @staticmethod
    def _responses_text(count: int) -> str:
        if not count:
            return _("No responses saved on this laptop yet. Saved responses are listed here.")
        return ngettext(
            "{count} response saved on this laptop, newest first.",
            "{count} responses saved on this laptop, newest first.",
            count,
        ).format(count=format_number(count))

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_view)
        self.refresh()
        if self.cards and self.cards[0].buttons:
            self.cards[0].buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- filling in ----------------------------------------------------------------------------
    def choose_respondent(self, survey_id: str) -> None:
        self._chosen_survey = survey_id
        self.notice.clear()
        self.stack.setCurrentWidget(self.chooser)
        self.chooser.start()

    def _respondent_chosen(self, resident: dict[str, Any]) -> None:
        if self._chosen_survey is not None:
            self.open_form(self._chosen_survey, resident=resident)

    def open_form(
        self,
        survey_id: str,
        *,
        resident: Mapping[str, Any] | None = None,
        draft_id: str | None = None,
    ) -> None:
        """Open the form, with the draft for this survey and respondent if there is one."""
        store = self.store
        resident_id = resident.get("id") if resident else None

        def job() -> tuple[SurveyOnDevice, SurveyDraft | None]:
            survey = store.get_survey(survey_id)
            if draft_id is not None:
                found = [d for d in store.list_drafts(survey_id) if d.id == draft_id]
                return survey, found[0] if found else None
            return survey, store.find_draft(survey_id, resident_id)

        self._queue.run(
            job,
            success=lambda found: self._show_form(*found, resident),
            failure=self._open_failed,
            owner=self,
        )

    def _show_form(
        self,
        survey: SurveyOnDevice,
        draft: SurveyDraft | None,
        resident: Mapping[str, Any] | None,
    ) -> None:
        resident_id = resident.get("id") if resident else (draft.resident_id if draft else None)
        form = SurveyForm(
            self._queue,
            self.store,
            survey,
            resident=resident or (draft.resident if draft else None),
            resident_id=resident_id,
            draft=draft,
            parent=self,
        )
        form.submitted.connect(self._response_saved)
        form.closed.connect(self._form_closed)
        self._drop_form()
        self.form = form
        self.stack.addWidget(form)
        self.stack.setCurrentWidget(form)
        form.first_question_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_failed(self, _error: BaseException) -> None:
        self.show_list()
        self.notice.show_message(
            _("This survey is no longer on this laptop. The list below is up to date."), "error"
        )

    def _drop_form(self) -> None:
        if self.form is not None:
            self.stack.removeWidget(self.form)
            self.form.deleteLater()
            self.form = None

    def _response_saved(self, _record: dict[str, Any]) -> None:
        self._drop_form()
        self.show_list()
        self.notice.show_message(
            _("Response saved on this laptop. It will be sent to HQ with the next sync."),
            "success",
        )
        self.saved.emit()

    def _form_closed(self) -> None:
        kept = self.form is not None and self.form.kept_as_draft()
        self._drop_form()
        self.show_list()
        if kept:
            self.notice.show_message(
                _("Your answers are kept as a draft on this laptop. Press Continue to go on."),
                "notice",
            )
        else:
            self.notice.clear()

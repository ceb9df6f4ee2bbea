"""The story editor's layout: every section's widgets, named, before any behaviour is attached."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.ids import RunId, StoryId, TeamId
from facilitator.domain.model import StoryType
from facilitator.ops import story_context as context
from facilitator.ops.story_reading import StoryDetail
from facilitator.ui.context import UiContext
from facilitator.ui.undo import UndoStack
from facilitator.ui.widgets.story_form import (
    button,
    combo,
    error_label,
    item_list,
    line,
    row,
)
from facilitator.ui.widgets.text import plain_label

EMPTY_TEXT = "Select a story to edit it"
CALL_OUT, WITHDRAW_CALL_OUT = "Call out", "Withdraw call-out"
RESOLVE, UNRESOLVE = "Mark resolved", "Mark unresolved"


class StoryEditorLayout(QScrollArea):
    """The editor's sections, built empty; ``StoryEditor`` fills them and implements the actions."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build every section, disabled until a story is shown."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("story_editor")
        self.setAccessibleName("Story editor")
        self.setWidgetResizable(True)
        self.story: StoryDetail | None = None
        self.team_id: TeamId | None = None
        # The ceremony run the editor's actions happen in (refinement), logged with each change.
        self.run_id: RunId | None = None
        # Where undoable actions go (the Backlog screen's stack). Without one, nothing is
        # undoable, so removals ask first.
        self.undo_stack: UndoStack | None = None
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self._boxes: list[QGroupBox] = []  # the sections, in order
        self.setWidget(body)

        self.empty_label = plain_label(EMPTY_TEXT, name="story_editor_empty", wrap=True)
        self.heading = plain_label(name="story_heading", point_scale=1.3, bold=True, wrap=True)
        self.readiness_label = plain_label(name="story_readiness", wrap=True)
        # Its open blockers in words (hidden when it has none); the age follows the clock.
        self.blocked_label = plain_label(name="story_blocked", wrap=True)
        self.blocked_label.setProperty("level", "warning")
        self.layout_.addWidget(self.empty_label)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.readiness_label)
        self.layout_.addWidget(self.blocked_label)
        self._build_story_box()
        self._build_criteria_box()
        self._build_assumptions_box()
        self._build_estimate_box()
        self._build_dependencies_box()
        self._build_risks_box()
        self._build_dor_box()
        self.layout_.addStretch(1)
        self.show_empty(EMPTY_TEXT)

    def show_empty(self, message: str) -> None:
        """Show no story: just ``message`` (what to do next) instead of an empty, disabled form.

        Args:
            message: one line, e.g. "Select a story to edit it".
        """
        self.story = None
        self.empty_label.setText(message)
        self.empty_label.setVisible(True)
        for section in self.sections:
            section.setVisible(False)
        self.blocked_label.setVisible(False)
        body = self.widget()
        if body is not None:
            body.setMinimumHeight(0)  # the last story's height would scroll the message away
        self.verticalScrollBar().setValue(0)

    def _show_sections(self) -> None:
        # Showing a widget lays its parent out at once: the whole form, once per section.
        # Laid out once instead, when the event loop next runs (or the screen asks).
        self.layout_.setEnabled(False)
        try:
            self.empty_label.setVisible(False)
            for section in self.sections:
                section.setVisible(True)
        finally:
            self.layout_.setEnabled(True)
            self.layout_.update()

    # --- building ------------------------------------------------------------------------------
    @property
    def sections(self) -> list[QWidget]:
        """The heading, the readiness line and every section box (hidden when no story)."""
        return [self.heading, self.readiness_label, *self._boxes]

    @property
    def problems(self) -> list[QLabel]:
        """The sections' lines that say why an action was refused."""
        return [
            self.story_error,
            self.criterion_error,
            self.assumption_error,
            self.estimate_error,
            self.dependency_error,
            self.risk_error,
            self.dor_error,
        ]

    @property
    def item_views(self) -> list[QAbstractItemView]:
        """The lists of the sections (criteria, assumptions, dependencies, risks)."""
        return [self.criteria_list, self.assumptions_list, self.dependencies_list, self.risks_list]

    def _box(self, title: str, name: str) -> QVBoxLayout:
        box = QGroupBox(title)
        box.setObjectName(name)
        self._boxes.append(box)
        self.layout_.addWidget(box)
        return QVBoxLayout(box)

    def _build_story_box(self) -> None:
        layout = self._box("Story", "story_box")
        self.title_edit = line("story_title", "Title")
        self.type_combo = combo(
            "story_type", "Type", [(t.value, t.value) for t in StoryType], fit_on_show=True
        )
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("story_description")
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMaximumHeight(90)
        self.save_button = button("story_save", "Save story")
        self.save_button.clicked.connect(self.save_story)
        self.title_edit.returnPressed.connect(self.save_story)  # Return submits the line
        self.story_error = error_label("story_error")
        self.reload_button = button(
            "story_reload", "Reload", "Read the story as saved elsewhere, keeping what you typed"
        )
        self.reload_button.clicked.connect(self.reload_story)
        self.reload_button.setVisible(False)
        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("T&ype", self.type_combo)
        form.addRow("&Description", self.description_edit)
        layout.addLayout(form)
        layout.addWidget(self.story_error)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.reload_button)
        actions.addWidget(self.save_button)
        layout.addLayout(actions)

    def reload_story(self) -> None:
        """Read the story again after a stale save (the editor implements it)."""
        raise NotImplementedError

    def _build_criteria_box(self) -> None:
        layout = self._box("Acceptance criteria", "criteria_box")
        self.criteria_list = item_list("story_criteria", "Acceptance criteria")
        self.criterion_text = line("criterion_text", "Criterion text", "Given … when … then …")
        self.criterion_author = combo("criterion_author", "Written by", fit_on_show=True)
        self.criterion_add = button("criterion_add", "Add")
        self.criterion_update = button("criterion_edit", "Replace selected")
        self.criterion_up = button("criterion_up", "Up")
        self.criterion_down = button("criterion_down", "Down")
        self.criterion_remove = button("criterion_remove", "Remove")
        self.criterion_error = error_label("criterion_error")
        self.criterion_add.clicked.connect(self.add_criterion)
        self.criterion_text.returnPressed.connect(self.add_criterion)
        self.criterion_update.clicked.connect(self.edit_criterion)
        self.criterion_up.clicked.connect(lambda: self._move_criterion(-1))
        self.criterion_down.clicked.connect(lambda: self._move_criterion(1))
        self.criterion_remove.clicked.connect(self.remove_criterion)
        self.criteria_list.currentRowChanged.connect(self._criterion_picked)
        layout.addWidget(self.criteria_list)
        layout.addWidget(
            row(self.criterion_up, self.criterion_down, self.criterion_remove, stretch_first=False)
        )
        layout.addWidget(row(self.criterion_text, self.criterion_author))
        layout.addWidget(row(self.criterion_add, self.criterion_update, stretch_first=False))
        layout.addWidget(self.criterion_error)

    def _build_assumptions_box(self) -> None:
        layout = self._box("Technical assumptions", "assumptions_box")
        self.assumptions_list = item_list("story_assumptions", "Technical assumptions")
        self.assumption_text = line(
            "assumption_text", "Assumption text", "e.g. the rates service already has this"
        )
        self.assumption_add = button("assumption_add", "Add")
        self.assumption_reviewer = combo("assumption_reviewer", "Reviewed by", fit_on_show=True)
        self.assumption_reviewer.setPlaceholderText("Reviewed by…")
        self.assumption_review = button("assumption_review", "Mark selected reviewed")
        self.assumption_remove = button("assumption_remove", "Remove selected")
        self.assumption_error = error_label("assumption_error")
        self.assumption_add.clicked.connect(self.add_assumption)
        self.assumption_text.returnPressed.connect(self.add_assumption)
        self.assumption_review.clicked.connect(self.review_assumption)
        self.assumption_remove.clicked.connect(self.remove_assumption)
        layout.addWidget(self.assumptions_list)
        layout.addWidget(row(self.assumption_text, self.assumption_add))
        self.assumption_reviewer.setToolTip("Reviewed by (an engineer of the delivery team)")
        layout.addWidget(row(self.assumption_reviewer, self.assumption_review))
        layout.addWidget(self.assumption_remove, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.assumption_error)

    def _build_estimate_box(self) -> None:
        layout = self._box("Estimate", "estimate_box")
        self.estimate_state = plain_label(name="estimate_state", wrap=True)
        self.estimate_edit = line("estimate_value", "Estimate in points", "points", 12)
        self.estimate_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 10)
        self.estimate_by = combo("estimate_by", "Committed by", fit_on_show=True)
        self.estimate_commit = button("estimate_commit", "Commit estimate")
        self.estimate_error = error_label("estimate_error")
        self.estimate_commit.clicked.connect(self.commit_estimate)
        self.estimate_edit.returnPressed.connect(self.commit_estimate)
        layout.addWidget(self.estimate_state)
        layout.addWidget(row(self.estimate_edit, self.estimate_by))
        layout.addWidget(self.estimate_commit, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.estimate_error)

    def _build_dependencies_box(self) -> None:
        layout = self._box("Dependencies", "dependencies_box")
        self.dependencies_list = item_list("story_dependencies", "Dependencies", 70)
        self.dependency_target = line("dependency_target", "Depends on", "story key, e.g. PAY-12")
        self.dependency_external = QCheckBox("External party")
        self.dependency_external.setObjectName("dependency_external")
        self.dependency_external.setAccessibleName("Depends on an external party")
        self.dependency_description = line("dependency_description", "Dependency description")
        self.dependency_description.setPlaceholderText("what is needed")
        self.dependency_add = button("dependency_add", "Add")
        self.dependency_call_out = button("dependency_call_out", CALL_OUT)
        self.dependency_resolve = button("dependency_resolve", RESOLVE)
        self.dependency_remove = button("dependency_remove", "Remove")
        self.dependency_error = error_label("dependency_error")
        self.dependency_add.clicked.connect(self.add_dependency)
        for field in (self.dependency_target, self.dependency_description):
            field.returnPressed.connect(self.add_dependency)
        self.dependency_call_out.clicked.connect(self.toggle_call_out)
        self.dependency_resolve.clicked.connect(self.toggle_resolved)
        self.dependency_remove.clicked.connect(self.remove_dependency)
        self.dependencies_list.currentRowChanged.connect(self._dependency_picked)
        layout.addWidget(self.dependencies_list)
        layout.addWidget(
            row(
                self.dependency_call_out,
                self.dependency_resolve,
                self.dependency_remove,
                stretch_first=False,
            )
        )
        layout.addWidget(row(self.dependency_target, self.dependency_external))
        layout.addWidget(row(self.dependency_description, self.dependency_add))
        layout.addWidget(self.dependency_error)

    def _build_risks_box(self) -> None:
        layout = self._box("Risks", "risks_box")
        self.risks_list = item_list("story_risks", "Risks", 70)
        self.risk_text = line("risk_text", "Risk", "what could go wrong")
        self.risk_severity = combo(
            "risk_severity", "Severity", [(s, s) for s in context.SEVERITIES], fit_on_show=True
        )
        self.risk_severity.setCurrentIndex(1)
        self.risk_mitigation = line("risk_mitigation", "Mitigation", "mitigation")
        self.risk_owner = line("risk_owner", "Risk owner", "owner")
        self.risk_add = button("risk_add", "Add")
        self.risk_remove = button("risk_remove", "Remove selected")
        self.risk_error = error_label("risk_error")
        self.risk_add.clicked.connect(self.add_risk)
        for field in (self.risk_text, self.risk_mitigation, self.risk_owner):
            field.returnPressed.connect(self.add_risk)
        self.risk_remove.clicked.connect(self.remove_risk)
        layout.addWidget(self.risks_list)
        layout.addWidget(row(self.risk_text, self.risk_severity))
        layout.addWidget(row(self.risk_mitigation, self.risk_owner, self.risk_add))
        layout.addWidget(self.risk_remove, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.risk_error)

    def _build_dor_box(self) -> None:
        self.dor_layout = self._box("Team's Definition of Ready", "dor_box")
        self.dor_checks: list[QCheckBox] = []
        self.dor_rows: list[QWidget] = []  # one per team item: its checkbox and a remove button
        self.dor_item_text = line("dor_item_text", "New team DoR item", "e.g. UX mock attached")
        self.dor_item_add = button("dor_item_add", "Add to the team's DoR")
        self.dor_error = error_label("dor_error")
        self.dor_item_add.clicked.connect(self.add_dor_item)
        self.dor_item_text.returnPressed.connect(self.add_dor_item)
        self.dor_layout.addWidget(row(self.dor_item_text, self.dor_item_add))
        self.dor_layout.addWidget(self.dor_error)

    # --- showing, implemented by StoryEditor ----------------------------------------------------
    def show_story(self, story_id: StoryId) -> None:
        """Read the story and show it."""
        raise NotImplementedError

    # --- actions, implemented by StoryEditor -----------------------------------------------------
    def save_story(self) -> None:
        """Save title, type and description."""
        raise NotImplementedError

    def add_criterion(self) -> None:
        """Append the typed criterion."""
        raise NotImplementedError

    def edit_criterion(self) -> None:
        """Replace the selected criterion's text."""
        raise NotImplementedError

    def _move_criterion(self, delta: int) -> None:
        raise NotImplementedError

    def _criterion_picked(self, index: int) -> None:
        raise NotImplementedError

    def remove_criterion(self) -> None:
        """Remove the selected criterion."""
        raise NotImplementedError

    def add_assumption(self) -> None:
        """Record the typed assumption."""
        raise NotImplementedError

    def review_assumption(self) -> None:
        """Mark an assumption reviewed."""
        raise NotImplementedError

    def commit_estimate(self) -> None:
        """Commit the typed estimate."""
        raise NotImplementedError

    def remove_assumption(self) -> None:
        """Remove the selected assumption (after asking)."""
        raise NotImplementedError

    def add_dependency(self) -> None:
        """Add the typed dependency."""
        raise NotImplementedError

    def toggle_call_out(self) -> None:
        """Call out the selected dependency, or withdraw its call-out."""
        raise NotImplementedError

    def toggle_resolved(self) -> None:
        """Mark the selected dependency resolved, or unresolved again."""
        raise NotImplementedError

    def remove_dependency(self) -> None:
        """Remove the selected dependency (after asking)."""
        raise NotImplementedError

    def _dependency_picked(self, index: int) -> None:
        raise NotImplementedError

    def add_risk(self) -> None:
        """Record the typed risk."""
        raise NotImplementedError

    def remove_risk(self) -> None:
        """Remove the selected risk (after asking)."""
        raise NotImplementedError

    def add_dor_item(self) -> None:
        """Add an item to the team's Definition of Ready."""
        raise NotImplementedError

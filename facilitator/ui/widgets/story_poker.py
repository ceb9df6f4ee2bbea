"""Planning poker for a story: hidden estimates revealed at once, the spread, the agreed value."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from facilitator.domain.ids import MemberId, StoryId
from facilitator.domain.model import Member
from facilitator.domain.poker import PokerResult, reveal
from facilitator.errors import FacilitatorError
from facilitator.ops.refinement import commit_poker, parse_votes
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.story_form import button, combo, error_label, fill_members, line, row
from facilitator.ui.widgets.text import plain_label


class PokerPanel(QGroupBox):
    """One poker round: every delivery member's estimate, hidden until revealed.

    Signals:
        committed(int): the agreed estimate of this story id was committed.
        revealed(int): the estimates for this story id were revealed.
    """

    committed = Signal(int)
    revealed = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build an empty panel; :meth:`start` sets the voters and the story."""
        super().__init__("Planning poker", parent)
        self.ctx = ctx
        self.setObjectName("poker_panel")
        self.story_id: StoryId | None = None
        self.log: int | None = None
        self.result: PokerResult | None = None
        self.votes: dict[str, QLineEdit] = {}
        self.form = QFormLayout()
        self.spread = plain_label(name="poker_spread", point_scale=1.3, bold=True, wrap=True)
        self.reveal_button = button("poker_reveal", "Reveal all estimates")
        self.reveal_button.clicked.connect(self.reveal)
        self.agreed = line("poker_agreed", "Agreed estimate", "agreed points", 12)
        self.by = combo("poker_by", "Committed by")
        self.commit_button = button("poker_commit", "Commit agreed estimate")
        self.commit_button.clicked.connect(self.commit)
        self.error = error_label("poker_error")
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.reveal_button)
        layout.addWidget(self.spread)
        layout.addWidget(row(self.agreed, self.by, self.commit_button))
        layout.addWidget(self.error)

    def start(self, story_id: StoryId, members: list[Member]) -> None:
        """Begin a fresh round on a story with the delivery team as voters."""
        self.story_id = story_id
        self.result = None
        voters = [m for m in members if m.role.delivers]
        if [name for name in self.votes] != [m.name for m in voters]:
            while self.form.rowCount():
                self.form.removeRow(0)
            self.votes = {}
            for index, member in enumerate(voters):
                edit = line(f"poker_vote_{index}", f"Estimate of {member.name}", "hidden", 12)
                edit.setEchoMode(QLineEdit.EchoMode.Password)
                voter = plain_label(member.name, name=f"poker_voter_{index}")
                voter.setBuddy(edit)
                self.form.addRow(voter, edit)  # a label widget: a name is never rich text
                self.votes[member.name] = edit
            fill_members(self.by, voters)
        for edit in self.votes.values():
            edit.clear()
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setReadOnly(False)
        self.spread.setText("Estimates are hidden until everyone has voted.")
        self.agreed.clear()
        self.error.setVisible(False)

    def reveal(self) -> PokerResult | None:
        """Show every estimate at once, the spread and a suggested value."""
        try:
            result = reveal(parse_votes({name: e.text() for name, e in self.votes.items()}))
        except FacilitatorError as err:
            self._refuse(err)
            return None
        self.result = result
        for edit in self.votes.values():
            edit.setEchoMode(QLineEdit.EchoMode.Normal)
            edit.setReadOnly(True)
        votes = ", ".join(f"{name} {value:g}" for name, value in result.votes)
        self.spread.setText(f"{result.spread_text()} · {votes}")
        self.agreed.setText(f"{result.suggestion:g}")
        self.error.setVisible(False)
        self.revealed.emit(int(self.story_id or 0))
        return result

    def commit(self) -> bool:
        """Commit the agreed value of the revealed round."""
        if self.story_id is None:
            return False
        if self.result is None:
            self._refuse(FacilitatorError("Reveal the estimates before committing one"))
            return False
        try:
            commit_poker(
                self.ctx.store,
                self.story_id,
                dict(self.result.votes),
                self.agreed.text(),
                MemberId(int(self.by.currentData() or 0)),
                self.ctx.now(),
                self.log,
            )
        except FacilitatorError as err:
            self._refuse(err)
            return False
        self.spread.setText(f"✓ {self.agreed.text().strip()} committed · {self.spread.text()}")
        self.error.setVisible(False)
        self.committed.emit(int(self.story_id))
        return True

    def _refuse(self, err: FacilitatorError) -> None:
        self.error.setText(f"✗ {err}")
        self.error.setVisible(True)

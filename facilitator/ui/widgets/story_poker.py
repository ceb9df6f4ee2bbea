"""Planning poker for a story: hidden estimates revealed at once, the spread, the agreed value."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from facilitator.domain.ids import MemberId, RunId, StoryId
from facilitator.domain.model import Member
from facilitator.domain.poker import PokerResult, eligible_voters, reveal
from facilitator.errors import FacilitatorError
from facilitator.ops.refinement import commit_poker, parse_votes
from facilitator.ui.actions import label_sink
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.story_form import button, combo, error_label, fill_members, line, row
from facilitator.ui.widgets.text import plain_label


class PokerPanel(QGroupBox):
    """One poker round: every delivery member's estimate, hidden until revealed.

    By keyboard: Return in a vote moves to the next one, after the last to Reveal; revealing
    puts the cursor in the agreed estimate, where Return commits it.

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
        self.run_id: RunId | None = None  # the ceremony run the round is played in
        self.result: PokerResult | None = None
        self.committed_value = ""  # the agreed value once committed, as typed
        self.votes: dict[str, QLineEdit] = {}
        self._names: list[QLabel] = []
        self.columns = 1  # voters side by side: presenter mode uses two to fit a 720 px screen
        self.form = QGridLayout()
        self.spread = plain_label(name="poker_spread", point_scale=1.3, bold=True, wrap=True)
        self.reveal_button = button("poker_reveal", "Reveal all estimates")
        self.reveal_button.clicked.connect(self.reveal)
        self.agreed = line("poker_agreed", "Agreed estimate", "agreed points", 12)
        self.agreed.returnPressed.connect(self.commit)
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
        self.committed_value = ""
        voters = eligible_voters(members)
        if [name for name in self.votes] != [m.name for m in voters]:
            for widget in (*self._names, *self.votes.values()):
                self.form.removeWidget(widget)
                widget.setParent(None)
                widget.deleteLater()
            self.votes, self._names = {}, []
            for index, member in enumerate(voters):
                edit = line(f"poker_vote_{index}", f"Estimate of {member.name}", "hidden", 12)
                edit.setEchoMode(QLineEdit.EchoMode.Password)
                edit.returnPressed.connect(lambda i=index: self._next_vote(i))
                name = plain_label(member.name, name=f"poker_voter_{index}")
                name.setBuddy(edit)
                self._names.append(name)
                self.votes[member.name] = edit
            self._place_votes()
            fill_members(self.by, voters)
        for edit in self.votes.values():
            edit.clear()
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setReadOnly(False)
        self.spread.setText("Estimates are hidden until everyone has voted.")
        self.agreed.clear()
        self.error.setVisible(False)

    def set_columns(self, columns: int) -> None:
        """Lay the voters out in ``columns`` columns (name and field side by side)."""
        self.columns = max(1, columns)
        self._place_votes()

    def fit_columns(self, width: int, most: int = 2) -> None:
        """As many voter columns (up to ``most``) as ``width`` pixels hold at the current type."""
        self.ensurePolished()
        metrics = self.fontMetrics()
        names = [label.text() for label in self._names] or [""]
        one = max(metrics.horizontalAdvance(n) for n in names) + metrics.horizontalAdvance("0" * 8)
        self.set_columns(max(1, min(most, width // max(1, one + 48))))

    def _place_votes(self) -> None:
        for widget in (*self._names, *self.votes.values()):
            self.form.removeWidget(widget)
        for index, (name, edit) in enumerate(zip(self._names, self.votes.values(), strict=True)):
            row, column = divmod(index, self.columns)
            self.form.addWidget(name, row, 2 * column, Qt.AlignmentFlag.AlignRight)
            self.form.addWidget(edit, row, 2 * column + 1)
            name.show()  # at once: a layout shows new children of a shown panel only later
            edit.show()
        # Tab goes through the votes in order whatever the columns, then Reveal, the agreed
        # value, who commits it, and Commit (the votes are built last but come first).
        chain = [*self.votes.values(), self.reveal_button, self.agreed, self.by]
        chain.append(self.commit_button)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def first_vote(self) -> None:
        """Put the cursor in the first vote not yet typed (Reveal when every vote is in)."""
        for edit in self.votes.values():
            if not edit.text() and not edit.isReadOnly():
                edit.setFocus()
                return
        (self.agreed if self.result is not None else self.reveal_button).setFocus()

    def _next_vote(self, index: int) -> None:
        """Return in a vote: on to the next voter, after the last one to Reveal."""
        edits = list(self.votes.values())
        if index + 1 < len(edits):
            edits[index + 1].setFocus()
            edits[index + 1].selectAll()
        else:
            self.reveal_button.setFocus()

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
        self.spread.setText(self.spread_line())
        self.agreed.setText(f"{result.suggestion:g}")
        self.error.setVisible(False)
        self.agreed.setFocus()  # the next thing to do: agree on a value, Return commits it
        self.agreed.selectAll()
        self.revealed.emit(int(self.story_id or 0))
        return result

    def commit(self) -> bool:
        """Commit the agreed value of the revealed round."""
        if self.story_id is None:
            return False
        if self.result is None:
            self._refuse(FacilitatorError("Reveal the estimates before committing one"))
            return False
        story_id, votes = self.story_id, dict(self.result.votes)
        agreed, member = self.agreed.text(), MemberId(int(self.by.currentData() or 0))
        done = self.ctx.actions.run(
            lambda store, ctx: commit_poker(store, ctx, story_id, votes, agreed, member),
            self.ctx.action(run_id=self.run_id),
            errors=label_sink(self.error),
            parent=self,
        )
        if done is None:
            return False
        self.committed_value = agreed.strip()
        self.spread.setText(self.spread_line())
        self.error.setVisible(False)
        self.committed.emit(int(self.story_id))
        return True

    def spread_line(self) -> str:
        """What the room may see of the round, from its result: nothing until revealed, then
        the spread and every vote, and the value once committed."""
        if self.result is None:
            return ""
        votes = ", ".join(f"{name} {value:g}" for name, value in self.result.votes)
        line = f"{self.result.spread_text()} · {votes}"
        return f"✓ {self.committed_value} committed · {line}" if self.committed_value else line

    def _refuse(self, err: FacilitatorError) -> None:
        self.error.setText(f"✗ {err}")
        self.error.setVisible(True)

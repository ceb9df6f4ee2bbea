"""Repository of retrospectives: a retro run's state read and written whole as a domain Retro.

Notes are only ever added (an anonymous one as a row with no author at all); groups and dots
are written as they now stand; the experiment is one row per retro (a UNIQUE run id), and the
next retro's evaluation is written onto the previous retro's experiment row.
"""

from __future__ import annotations

import json

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from facilitator.domain.experiment import Evaluation, Experiment, Outcome
from facilitator.domain.ids import MemberId, RunId, SprintId, TeamId
from facilitator.domain.retro import Retro
from facilitator.domain.retro_notes import Column, Friction, Group, GroupId, Note, NoteId, Vote
from facilitator.domain.retro_phases import RetroPhase
from facilitator.domain.signed import Signed
from facilitator.store.models import SprintRow
from facilitator.store.retro_models import (
    ExperimentRow,
    RetroGroupRow,
    RetroNoteRow,
    RetroRow,
    RetroVoteRow,
)


def experiment_of(row: ExperimentRow) -> Experiment:
    """The domain experiment of ``row``, with its evaluation once given."""
    evaluation = None
    if row.outcome != Outcome.PENDING.value and row.evaluated_at is not None:
        signed = Signed(
            MemberId(row.evaluated_by_id or 0), row.evaluated_by_name or "", row.evaluated_at
        )
        evaluation = Evaluation(Outcome(row.outcome), row.evidence or "", signed)
    return Experiment(
        row.change,
        MemberId(row.owner_id),
        row.owner_name,
        row.success_measure,
        row.check_on,
        evaluation,
    )


def experiments_by_sprint(session: Session, team_id: TeamId) -> dict[int, Experiment]:
    """Each sprint's experiment (by sprint id) for the team, with its outcome (History)."""
    rows = session.scalars(select(ExperimentRow).where(ExperimentRow.team_id == team_id))
    return {row.sprint_id: experiment_of(row) for row in rows}


class RetroRepository:
    """Retrospectives of a team's sprints."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session`` (the caller commits)."""
        self.session = session

    # --- reads ----------------------------------------------------------------------------------
    def get(self, run_id: RunId) -> Retro | None:
        """The retro of ``run_id``, or None (the run is not a retro, or was removed)."""
        row = self.session.get(RetroRow, run_id)
        return None if row is None else self._retro(row)

    def sprint_of_run(self, run_id: RunId) -> SprintId | None:
        """The sprint the retro looks back on."""
        row = self.session.get(RetroRow, run_id)
        return None if row is None else SprintId(row.sprint_id)

    def run_for_sprint(self, sprint_id: SprintId) -> tuple[RunId, bool] | None:
        """The retro run of a sprint and whether it is closed, or None."""
        row = self.session.scalars(select(RetroRow).where(RetroRow.sprint_id == sprint_id)).first()
        return None if row is None else (RunId(row.run_id), row.closed_at is not None)

    def last_closed(self, team_id: TeamId) -> tuple[RunId, Retro] | None:
        """The team's most recently closed retro, or None."""
        row = self.session.scalars(
            select(RetroRow)
            .where(RetroRow.team_id == team_id, RetroRow.closed_at.is_not(None))
            .order_by(RetroRow.closed_at.desc(), RetroRow.run_id.desc())
            .limit(1)
        ).first()
        return None if row is None else (RunId(row.run_id), self._retro(row))

    def latest_experiment(self, team_id: TeamId) -> Experiment | None:
        """The experiment of the team's last closed retro (the one the next retro evaluates)."""
        query = (
            select(ExperimentRow)
            .join(RetroRow, RetroRow.run_id == ExperimentRow.run_id)
            .where(ExperimentRow.team_id == team_id, RetroRow.closed_at.is_not(None))
            .order_by(RetroRow.closed_at.desc(), RetroRow.run_id.desc())
            .limit(1)
        )
        row = self.session.scalars(query).first()
        return None if row is None else experiment_of(row)

    def _retro(self, row: RetroRow) -> Retro:
        sprint = self.session.get_one(SprintRow, row.sprint_id)
        notes = self.session.scalars(
            select(RetroNoteRow)
            .where(RetroNoteRow.run_id == row.run_id)
            .order_by(RetroNoteRow.number)
        )
        groups = self.session.scalars(
            select(RetroGroupRow)
            .where(RetroGroupRow.run_id == row.run_id)
            .order_by(RetroGroupRow.number)
        )
        votes = self.session.scalars(
            select(RetroVoteRow).where(RetroVoteRow.run_id == row.run_id).order_by(RetroVoteRow.id)
        )
        closed = None
        if row.closed_at is not None:
            closed = Signed(
                MemberId(row.closed_by_id or 0), row.closed_by_name or "", row.closed_at
            )
        return Retro(
            sprint=sprint.name,
            team_id=TeamId(row.team_id),
            previous=self._experiment(row.previous_run_id),
            phase=RetroPhase(row.phase),
            notes=tuple(_note(n) for n in notes),
            groups=tuple(
                Group(
                    GroupId(g.number), g.title, tuple(NoteId(int(i)) for i in json.loads(g.notes))
                )
                for g in groups
            ),
            votes=tuple(Vote(MemberId(v.member_id), GroupId(v.group_number)) for v in votes),
            votes_per_person=row.votes_per_person,
            voting_skipped=row.voting_skipped,
            revealed=row.revealed,
            discussing=None if row.discussing is None else GroupId(row.discussing),
            experiment=self._experiment(row.run_id),
            closed=closed,
        )

    def _experiment(self, run_id: int | None) -> Experiment | None:
        if run_id is None:
            return None
        row = self._experiment_row(run_id)
        return None if row is None else experiment_of(row)

    def _experiment_row(self, run_id: int) -> ExperimentRow | None:
        return self.session.scalars(
            select(ExperimentRow).where(ExperimentRow.run_id == run_id)
        ).first()

    # --- writes ---------------------------------------------------------------------------------
    def create(
        self,
        run_id: RunId,
        team_id: TeamId,
        sprint_id: SprintId,
        previous_run_id: RunId | None,
        votes_per_person: int,
    ) -> None:
        """Store a new retro over the run ``run_id``."""
        self.session.add(
            RetroRow(
                run_id=run_id,
                team_id=team_id,
                sprint_id=sprint_id,
                previous_run_id=previous_run_id,
                phase=RetroPhase.EVALUATE.value,
                votes_per_person=votes_per_person,
                voting_skipped=False,
                revealed=False,
            )
        )
        self.session.flush()

    def add_note(self, run_id: RunId, note: Note) -> None:
        """Add one note: an anonymous one has no author id, no name, and no time stored."""
        self.session.add(
            RetroNoteRow(
                run_id=run_id,
                number=note.note_id,
                board_column=note.column.value,
                friction=None if note.friction is None else note.friction.value,
                text=note.text,
                author_id=note.author_id,
                author_name=note.author,
            )
        )

    def save(self, run_id: RunId, retro: Retro) -> None:
        """Write ``retro`` as it now stands (new notes added; groups, dots, state rewritten).

        Raises:
            LookupError: the retro no longer exists.
        """
        row = self.session.get(RetroRow, run_id)
        if row is None:
            raise LookupError(f"No retrospective {run_id}")
        row.phase = retro.phase.value
        row.votes_per_person = retro.votes_per_person
        row.voting_skipped = retro.voting_skipped
        row.revealed = retro.revealed
        row.discussing = retro.discussing
        if retro.closed is not None:
            row.closed_by_id = retro.closed.member_id
            row.closed_by_name = retro.closed.name
            row.closed_at = retro.closed.at
        stored = set(
            self.session.scalars(select(RetroNoteRow.number).where(RetroNoteRow.run_id == run_id))
        )
        for note in retro.notes:
            if note.note_id not in stored:
                self.add_note(run_id, note)
        self._save_groups(run_id, retro.groups)
        self._save_votes(run_id, retro.votes)
        if retro.experiment is not None:
            self._save_experiment(row, retro.experiment)
        if retro.previous is not None and retro.previous.evaluation is not None:
            previous = self._experiment_row(row.previous_run_id or 0)
            if previous is not None:
                evaluation = retro.previous.evaluation
                previous.outcome = evaluation.outcome.value
                previous.evidence = evaluation.evidence
                previous.evaluated_by_id = evaluation.signed.member_id
                previous.evaluated_by_name = evaluation.signed.name
                previous.evaluated_at = evaluation.signed.at
        self.session.flush()

    def restore(self, run_id: RunId, retro: Retro) -> None:
        """Write ``retro`` as it stood before an action (an undo): notes it does not hold and
        an experiment it has not decided are removed, the rest saved as :meth:`save` does.

        Raises:
            LookupError: the retro no longer exists.
        """
        kept = [int(note.note_id) for note in retro.notes]
        self.session.execute(
            delete(RetroNoteRow).where(
                RetroNoteRow.run_id == run_id, RetroNoteRow.number.not_in(kept)
            )
        )
        if retro.experiment is None:
            self.session.execute(delete(ExperimentRow).where(ExperimentRow.run_id == run_id))
        self.save(run_id, retro)

    def _save_groups(self, run_id: RunId, groups: tuple[Group, ...]) -> None:
        rows = {
            g.number: g
            for g in self.session.scalars(
                select(RetroGroupRow).where(RetroGroupRow.run_id == run_id)
            )
        }
        for group in groups:
            notes = json.dumps([int(i) for i in group.note_ids])
            found = rows.pop(int(group.group_id), None)
            if found is None:
                self.session.add(
                    RetroGroupRow(
                        run_id=run_id, number=group.group_id, title=group.title, notes=notes
                    )
                )
            else:
                found.title, found.notes = group.title, notes
        for gone in rows.values():
            self.session.delete(gone)

    def _save_votes(self, run_id: RunId, votes: tuple[Vote, ...]) -> None:
        stored = [
            Vote(MemberId(v.member_id), GroupId(v.group_number))
            for v in self.session.scalars(
                select(RetroVoteRow).where(RetroVoteRow.run_id == run_id).order_by(RetroVoteRow.id)
            )
        ]
        if stored == list(votes):
            return
        self.session.execute(delete(RetroVoteRow).where(RetroVoteRow.run_id == run_id))
        for vote in votes:
            self.session.add(
                RetroVoteRow(run_id=run_id, member_id=vote.member_id, group_number=vote.group_id)
            )

    def _save_experiment(self, retro: RetroRow, experiment: Experiment) -> None:
        row = self._experiment_row(retro.run_id)
        if row is None:
            row = ExperimentRow(
                run_id=retro.run_id,
                team_id=retro.team_id,
                sprint_id=retro.sprint_id,
                outcome=Outcome.PENDING.value,
            )
            self.session.add(row)
        row.change = experiment.change
        row.owner_id = experiment.owner_id
        row.owner_name = experiment.owner
        row.success_measure = experiment.success_measure
        row.check_on = experiment.check_on


def _note(row: RetroNoteRow) -> Note:
    return Note(
        NoteId(row.number),
        Column(row.board_column),
        row.text,
        None if row.author_id is None else MemberId(row.author_id),
        row.author_name,
        None if row.friction is None else Friction(row.friction),
    )

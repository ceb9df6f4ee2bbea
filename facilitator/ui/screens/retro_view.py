"""The retro screen's words, built from the committed retro (pure: no widgets read back).

Two audiences read them: the facilitator's window (anonymous notes as a placeholder until the
reveal) and the room window (no unrevealed anonymous note at all, not even its placeholder).
Both are built from the domain's own views of the notes, so the room's texts never hold
anything the domain withholds from it.
"""

from __future__ import annotations

from collections.abc import Mapping

from facilitator.domain.dates import date_words
from facilitator.domain.ids import MemberId
from facilitator.domain.overlap import plural
from facilitator.domain.retro import Retro
from facilitator.domain.retro_notes import NoteId, NoteView
from facilitator.domain.retro_phases import PHASES, RetroPhase
from facilitator.ops.retro_reads import RetroView
from facilitator.ui.keys_line import CONFIRM_KEYS, keys_line
from facilitator.ui.screens.timebox_screen import RoomView

IDLE_TEXT = "Press {key} to open the retrospective of the sprint just ended"
STEPPER_TITLES = ("Evaluate", "Gather", "Group", "Vote", "Discuss", "Experiment")

# The keys of each phase in presenter mode, beside ← → (phase back / on).
PHASE_KEYS: dict[RetroPhase, tuple[tuple[str, str], ...]] = {
    RetroPhase.EVALUATE: (("E", "evaluate last experiment"),),
    RetroPhase.GATHER: (("A", "add a note"), ("V", "reveal anonymous notes")),
    RetroPhase.GROUP: (("G", "group notes"), ("K", "skip voting")),
    RetroPhase.VOTE: (("D", "put a dot"), ("K", "skip voting")),
    RetroPhase.DISCUSS: (("P", "pick a group to discuss"),),
    RetroPhase.DECIDE: (
        ("X", "decide the experiment"),
        ("R", "change it"),
        ("C", "close the retro"),
    ),
}
KEYS_IDLE = keys_line(("O", "open the retrospective"))
KEYS_PROMPT = CONFIRM_KEYS


def stepper(phase: RetroPhase | None) -> str:
    """``Evaluate › [Gather] › Group › …``: the phases with the current one bracketed."""
    return " › ".join(
        f"[{title}]" if phase is p else title
        for p, title in zip(PHASES, STEPPER_TITLES, strict=True)
    )


def phase_keys(phase: RetroPhase) -> str:
    """The key line of ``phase``: its own keys, then ← →."""
    back = () if phase is RetroPhase.EVALUATE else (("←", "previous phase"),)
    on = () if phase is RetroPhase.DECIDE else (("→", "next phase"),)
    return keys_line(*PHASE_KEYS[phase], *back, *on)


def note_line(note: NoteView) -> str:
    """``3. To improve: Reviews wait (Ana)``; a hidden note reads as its placeholder."""
    return f"{note.note_id}. {note.label}: {note.text} ({note.author})"


def _tally_lines(retro: Retro) -> tuple[str, ...]:
    return tuple(
        f"{dots} dot{'s' if dots != 1 else ''} · {group.title}" for group, dots in retro.tally()
    )


def _group_lines(retro: Retro, notes: Mapping[NoteId, NoteView]) -> list[str]:
    lines: list[str] = []
    for group in retro.groups:
        inside = [f"   {note_line(notes[i])}" for i in group.note_ids if i in notes]
        lines.append(f"Group {group.group_id}: {group.title}")
        lines.extend(inside)
    return lines


def stage_texts(
    view: RetroView | None, *, room: bool, names: Mapping[MemberId, str] | None = None
) -> tuple[str, str, tuple[str, ...]]:
    """(progress, title, detail lines) of the retro's stage, for the facilitator or the room."""
    if view is None:
        return "RETRO", "", ()
    retro = view.retro
    phase = retro.phase
    progress = f"RETRO · {retro.sprint} · phase {phase.number} of 6 · {phase.label}"
    shown = retro.room_notes() if room else retro.facilitator_notes()
    notes = {n.note_id: n for n in shown}
    if retro.closed is not None:
        words = retro.experiment.words() if retro.experiment else ""
        return progress, "✓ Retrospective closed", (f"Experiment: {words}",)
    if phase is RetroPhase.EVALUATE:
        previous = retro.previous
        if previous is None:
            return progress, "No experiment from a previous retro", ("→ to gather notes",)
        lines = [f"Last experiment: {previous.words()}", f"Outcome: {previous.outcome.label}"]
        if previous.evaluation is not None:
            lines.append(f"Evidence: {previous.evaluation.evidence}")
        return progress, f"Did “{previous.change}” work?", tuple(lines)
    if phase is RetroPhase.GATHER:
        hidden = sum(1 for n in shown if n.hidden)
        title = f"{plural(len(retro.notes), 'note')} so far"
        lines = [note_line(n) for n in shown]
        if room and not retro.revealed:
            anonymous = sum(1 for n in retro.notes if n.anonymous)
            if anonymous:
                shows = "shows" if anonymous == 1 else "show"
                lines.append(f"{plural(anonymous, 'anonymous note')} {shows} after the reveal")
        elif hidden:
            lines.append(f"{plural(hidden, 'anonymous note')} hidden until the reveal (V)")
        return progress, title, tuple(lines)
    if phase is RetroPhase.GROUP:
        grouped = _group_lines(retro, notes)
        loose = [note_line(notes[n.note_id]) for n in retro.ungrouped() if n.note_id in notes]
        if loose:
            grouped.append("Not grouped yet:")
            grouped.extend(f"   {line}" for line in loose)
        return progress, plural(len(retro.groups), "group"), tuple(grouped)
    if phase is RetroPhase.VOTE:
        lines = list(_tally_lines(retro))
        if names:
            left = [f"{name} {retro.votes_left(member)}" for member, name in names.items()]
            lines.append("Dots left: " + ", ".join(left))
        return progress, f"{retro.votes_per_person} dots each", tuple(lines)
    if phase is RetroPhase.DISCUSS:
        current = next((g for g in retro.groups if g.group_id == retro.discussing), None)
        title = f"Discussing: {current.title}" if current else "Pick a group to discuss"
        lines = list(_tally_lines(retro))
        if current is not None:
            lines.extend(note_line(notes[i]) for i in current.note_ids if i in notes)
        return progress, title, tuple(lines)
    if retro.experiment is None:
        return (
            progress,
            "Decide the one experiment",
            tuple(f"Still missing: {m}" for m in retro.missing_to_close()),
        )
    return (
        progress,
        f"Experiment: {retro.experiment.change}",
        (
            f"Owner: {retro.experiment.owner}",
            f"How we will know: {retro.experiment.success_measure}",
            *(
                (f"Check on {date_words(retro.experiment.check_on)}",)
                if retro.experiment.check_on
                else ()
            ),
        ),
    )


def room_view_of(view: RetroView | None) -> RoomView:
    """The room window's stage: built from the room's view of the notes only."""
    progress, title, lines = stage_texts(view, room=True)
    if view is None:
        return RoomView("RETRO", "Retrospective")
    return RoomView(progress, title, ((stepper(view.retro.phase), lines),) if lines else ())

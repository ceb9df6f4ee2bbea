"""The action runner: inline refusals, storage failures in a dialog, changed(Changes), undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from facilitator.errors import RuleViolation, StoreUnavailable
from facilitator.ops.changes import NOTHING, ActionContext, Changes, Kind, Undo
from facilitator.store.db import Store
from facilitator.ui.actions import ActionRunner, label_sink
from facilitator.ui.undo import UndoStack
from facilitator.ui.widgets.story_form import error_label
from tests.helpers.scenario import FakeDialogs

NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)


def _runner(store: Store, dialogs: FakeDialogs) -> ActionRunner:
    return ActionRunner(store, dialogs, lambda: NOW)  # type: ignore[arg-type]


def test_a_done_action_emits_what_changed_and_clears_the_message(
    qtbot: QtBot, store: Store
) -> None:
    runner = _runner(store, FakeDialogs())
    label = error_label("err")
    qtbot.addWidget(label)
    label.setText("✗ old")
    label.show()
    record = Changes.of(Kind.STORY, 7)
    with qtbot.waitSignal(runner.changed) as blocker:
        assert runner.run(lambda s, c: record, ActionContext(NOW), errors=label_sink(label))
    assert blocker.args == [record]
    assert label.text() == ""
    assert label.isHidden()


def test_a_refused_action_is_shown_inline_and_emits_nothing(qtbot: QtBot, store: Store) -> None:
    dialogs = FakeDialogs()
    runner = _runner(store, dialogs)
    label = error_label("err")
    qtbot.addWidget(label)
    label.show()

    def refuse(s: Store, c: ActionContext) -> Changes:
        raise RuleViolation("Only Ready stories enter planning")

    with qtbot.assertNotEmitted(runner.changed):
        assert runner.run(refuse, ActionContext(NOW), errors=label_sink(label)) is None
    assert label.text() == "✗ Only Ready stories enter planning"
    assert not label.isHidden()
    assert dialogs.errors == []


def test_a_refusal_with_nowhere_inline_becomes_a_warning(qtbot: QtBot, store: Store) -> None:
    dialogs = FakeDialogs()
    runner = _runner(store, dialogs)

    def refuse(s: Store, c: ActionContext) -> Changes:
        raise RuleViolation("No")

    assert runner.run(refuse, ActionContext(NOW)) is None
    assert dialogs.warnings == [("Not done", "No")]


def test_a_storage_failure_goes_to_a_dialog_not_the_label(qtbot: QtBot, store: Store) -> None:
    dialogs = FakeDialogs()
    runner = _runner(store, dialogs)
    label = error_label("err")
    qtbot.addWidget(label)

    def locked(s: Store, c: ActionContext) -> Changes:
        raise StoreUnavailable("The database is locked by another program")

    with qtbot.assertNotEmitted(runner.changed):
        assert runner.run(locked, ActionContext(NOW), errors=label_sink(label)) is None
    assert dialogs.errors == [
        ("The database cannot be used", "The database is locked by another program")
    ]
    assert label.text() == ""


def test_an_empty_record_emits_nothing(qtbot: QtBot, store: Store) -> None:
    runner = _runner(store, FakeDialogs())
    with qtbot.assertNotEmitted(runner.changed):
        assert runner.run(lambda s, c: NOTHING, ActionContext(NOW)) == NOTHING


def test_the_undo_goes_on_the_stack_and_replays_at_the_current_moment(
    qtbot: QtBot, store: Store
) -> None:
    moments: list[tuple[str, dt.datetime]] = []
    later = NOW + dt.timedelta(minutes=3)
    clock = [NOW]
    runner = ActionRunner(store, FakeDialogs(), lambda: clock[0])  # type: ignore[arg-type]

    def step(name: str) -> Callable[[Store, ActionContext], Changes]:
        def run(s: Store, c: ActionContext) -> Changes:
            moments.append((name, c.now))
            return Changes.of(Kind.BACKLOG, 1)

        return run

    stack = UndoStack()
    undo = Undo("move PAY-1 to top", step("undo"), step("redo"))
    runner.run(
        lambda s, c: Changes.of(Kind.BACKLOG, 1, undo=undo), ActionContext(NOW), undo_on=stack
    )
    assert stack.undoText() == "move PAY-1 to top"
    clock[0] = later
    with qtbot.waitSignal(runner.changed):
        stack.undo()
    with qtbot.waitSignal(runner.changed):
        stack.redo()
    assert moments == [("undo", later), ("redo", later)]


def test_an_undo_that_is_no_longer_possible_says_why(qtbot: QtBot, store: Store) -> None:
    runner = _runner(store, FakeDialogs())

    def gone(s: Store, c: ActionContext) -> Changes:
        raise RuleViolation("the story no longer exists")

    stack = UndoStack()
    problems: list[str] = []
    stack.problem.connect(problems.append)
    undo = Undo("edit PAY-1", gone, gone)
    runner.run(lambda s, c: Changes.of(Kind.STORY, 1, undo=undo), ActionContext(NOW), undo_on=stack)
    stack.undo()
    assert problems[-1] == "✗ Cannot undo “edit PAY-1”: the story no longer exists"
    assert not stack.canUndo()


def test_an_op_that_ran_elsewhere_is_finished_as_run_finishes_it(
    qtbot: QtBot, store: Store
) -> None:
    """``deliver`` and ``refuse``: the import's worker thread runs the op, the GUI thread ends
    the action with exactly what ``run`` would have done."""
    dialogs = FakeDialogs()
    runner = _runner(store, dialogs)
    messages: list[str] = []
    stack = UndoStack()
    undo = Undo("import", lambda s, c: NOTHING, lambda s, c: NOTHING)
    record = Changes.of(Kind.BACKLOG, 3, undo=undo)
    with qtbot.waitSignal(runner.changed) as blocker:
        runner.deliver(record, ActionContext(NOW), errors=messages.append, undo_on=stack)
    assert blocker.args == [record]
    assert messages == [""]
    assert stack.undoText() == "import"
    with qtbot.assertNotEmitted(runner.changed):
        runner.refuse(RuleViolation("line 4: no key"), errors=messages.append)
        runner.refuse(StoreUnavailable("The database is locked"), errors=messages.append)
    assert messages == ["", "line 4: no key"]
    assert dialogs.errors == [("The database cannot be used", "The database is locked")]

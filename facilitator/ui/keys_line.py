"""The key lines of presenter mode: a key and its words ("P pull") never wrap apart.

Every key line (a ceremony screen's own, the window's hint line, the room window's) is built
here. A group is glued: no-break spaces between its words, and a word joiner after the
marks where Unicode would allow a break inside it (``start/pause``, ``Ctrl+=/-``,
``mid-sprint``). Lines break only in the gaps between groups, so a line that wraps at
1280×720 moves a whole group down instead of leaving "G" at the end of one line and "goal"
at the start of the next.
"""

from __future__ import annotations

NO_BREAK_SPACE = "\u00a0"
WORD_JOINER = "\u2060"  # invisible; forbids a line break on either side of it
GROUP_GAP = "   "  # between the groups of one line
PART_GAP = " · "  # between the parts of a line (a screen's keys, then the window's)
# Marks after which Unicode line breaking may break ("/" in start/pause, "-" in mid-sprint).
_BREAK_AFTER = ("/", "-")

Group = str | tuple[str, str]


def key_group(keys: str, words: str = "") -> str:
    """``keys`` and what they do (``"P", "pull"``) as one group that never wraps apart."""
    text = f"{keys} {words}" if words else keys
    for mark in _BREAK_AFTER:
        text = text.replace(mark, mark + WORD_JOINER)
    return text.replace(" ", NO_BREAK_SPACE)


def keys_line(*groups: Group) -> str:
    """The groups of one line, a gap between each: ``(keys, words)`` is glued; a text is
    kept as it is (a line made here already, or a note that may wrap)."""
    return GROUP_GAP.join(
        key_group(*group) if isinstance(group, tuple) else group for group in groups
    )


def join_parts(*parts: str) -> str:
    """Lines (a screen's keys, the window's) as one line; empty parts are left out."""
    return PART_GAP.join(part for part in parts if part)


# Return and Esc while a prompt is open on the stage (every ceremony screen's prompt); with
# ↑ ↓ first while it asks to pick one entry of a list (Return alone picks nothing yet).
CONFIRM_KEYS = keys_line(("Return", "confirm"), ("Esc", "cancel"))
CHOOSE_KEYS = keys_line(("↑ ↓", "choose"), ("Return", "confirm"), ("Esc", "cancel"))

"""Which tool each side of the engagement uses, and where the two sides have split.

A split (in-house on Jira, outsourced on GitHub Issues) is the guide's most common cause of
invisible progress: work moves in one tool while the other side watches the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain.model import Side
from facilitator.domain.text_rules import TOOL_NAME, check_text


class ToolArea(StrEnum):
    """What a tool is used for."""

    ISSUES = "issue_tracking"
    SOURCE = "source_control"
    CI_CD = "ci_cd"
    OBSERVABILITY = "observability"
    DOCS = "documentation"

    @property
    def label(self) -> str:
        """Human name of the area."""
        return {
            "issue_tracking": "issue tracking",
            "source_control": "source control",
            "ci_cd": "CI/CD",
            "observability": "observability",
            "documentation": "documentation",
        }[self.value]


def check_tool(name: str) -> str:
    """A tool's name as stored (``GitHub Issues``).

    Raises:
        InputError: empty, too long, or a character that is not text.
    """
    return check_text(name, TOOL_NAME)


@dataclass(frozen=True, slots=True)
class ToolChoice:
    """The tool one side uses for one area."""

    area: ToolArea
    side: Side
    tool: str


@dataclass(frozen=True, slots=True)
class ToolSplit:
    """An area where the two sides use different tools."""

    area: ToolArea
    in_house: str
    outsourced: str

    @property
    def text(self) -> str:
        """``issue tracking (in-house Jira, outsourced GitHub Issues)``."""
        return f"{self.area.label} (in-house {self.in_house}, outsourced {self.outsourced})"


def _same(left: str, right: str) -> bool:
    return " ".join(left.split()).casefold() == " ".join(right.split()).casefold()


def tools_by_area(choices: Iterable[ToolChoice]) -> dict[tuple[ToolArea, Side], str]:
    """(area, side) → tool; a later choice for the same pair replaces an earlier one."""
    return {(c.area, c.side): c.tool for c in choices if c.tool.strip()}


def splits(choices: Iterable[ToolChoice]) -> list[ToolSplit]:
    """Areas, in :class:`ToolArea` order, where both sides recorded different tools."""
    tools = tools_by_area(choices)
    out: list[ToolSplit] = []
    for area in ToolArea:
        mine, theirs = tools.get((area, Side.IN_HOUSE)), tools.get((area, Side.OUTSOURCED))
        if mine is not None and theirs is not None and not _same(mine, theirs):
            out.append(ToolSplit(area, mine, theirs))
    return out


def unrecorded(choices: Iterable[ToolChoice], sides: Iterable[Side]) -> list[tuple[ToolArea, Side]]:
    """(area, side) pairs with no tool recorded, for the sides the team has."""
    tools = tools_by_area(choices)
    present = [s for s in Side if s in set(sides)]
    return [(a, s) for a in ToolArea for s in present if (a, s) not in tools]

"""What a user may type into each text field: its length limit and the characters it accepts.

One rule per stored field. A value is refused, never cut: over the limit, a NUL, a lone
surrogate (not text at all: it cannot be stored as UTF-8) or another control character
gets an :class:`~facilitator.errors.InputError` naming the field, what is wrong and where.
Single-line fields collapse runs of whitespace (line breaks and tabs included) into one space,
as a pasted title would be shown anyway; multi-line fields keep line breaks and tabs.

Limits of ``String(n)`` columns equal ``n`` (a test compares them with the models); ``Text``
columns have no length in the database, so the limit here is the only bound.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from facilitator.errors import InputError


@dataclass(frozen=True, slots=True)
class TextRule:
    """How one stored text field is checked.

    Attributes:
        label: the field's name in messages ("Title").
        limit: the most characters it may hold.
        column: ``table.column`` it is stored in (so the limit can be compared with the schema).
        multiline: whether line breaks and tabs are kept (else whitespace runs become a space).
        required: whether an empty value is refused.
    """

    label: str
    limit: int
    column: str
    multiline: bool = False
    required: bool = True


STORY_TITLE = TextRule("Title", 300, "story.title")
STORY_DESCRIPTION = TextRule(
    "Description", 10_000, "story.description", multiline=True, required=False
)
CRITERION = TextRule("Acceptance criterion", 2_000, "acceptance_criterion.text")
ASSUMPTION = TextRule("Assumption", 2_000, "assumption.text")
DEPENDENCY_PARTY = TextRule("External party", 200, "dependency.external_party", required=False)
DEPENDENCY_DESCRIPTION = TextRule(
    "Dependency description", 2_000, "dependency.description", required=False
)
RISK = TextRule("Risk", 2_000, "risk.text")
RISK_MITIGATION = TextRule("Mitigation", 2_000, "risk.mitigation", required=False)
RISK_OWNER = TextRule("Risk owner", 120, "risk.owner", required=False)
TEAM_NAME = TextRule("Team name", 120, "team.name")
TRANSITION_PLAN = TextRule("Transition plan", 5_000, "team.transition_plan", required=False)
DOD_ITEM = TextRule("Definition of Done item", 200, "dod_item.text")
DOR_ITEM = TextRule("Definition of Ready item", 200, "team_dor_item.text")
MEMBER_NAME = TextRule("Name", 120, "member.name")
MEMBER_TIMEZONE = TextRule("Time zone", 64, "member.timezone", required=False)
LINK_TITLE = TextRule("Link title", 200, "knowledge_link.title")
LINK_URL = TextRule("Link address", 500, "knowledge_link.url", required=False)
PARTNER_NAME = TextRule("Partner name", 120, "partner_candidate.name")
PARTNER_NOTE = TextRule("Score note", 2_000, "partner_score.note", required=False)
EXTENSION_REASON = TextRule("Extension reason", 300, "timer_extension.reason")
# The standup and the decision log (issue 14); the domain modules use them under these names.
UPDATE_DONE = TextRule("Done since last update", 5_000, "daily_update.done", True, False)
UPDATE_NEXT = TextRule("Next", 5_000, "daily_update.next", True, False)
UPDATE_BLOCKERS = TextRule("Blockers", 5_000, "daily_update.blockers", True, False)
BLOCKER_DESCRIPTION = TextRule("Blocker", 2_000, "blocker.description", multiline=True)
RESOLUTION = TextRule("Resolution", 2_000, "blocker.resolution", multiline=True)
QUESTION = TextRule("Question", 2_000, "decision.question", multiline=True)
DECISION_TEXT = TextRule("Decision", 5_000, "decision.decision", multiline=True)
ESCALATION_PATH = TextRule("Escalation path", 1_000, "decision_authority.path", True, False)
TOOL_NAME = TextRule("Tool", 120, "team_tool.tool")
HOLIDAY_LOCATION = TextRule("Holiday location", 120, "team_holiday.location")
HOLIDAY_NAME = TextRule("Holiday name", 120, "team_holiday.name")
PLANNING_GOAL = TextRule("Sprint goal", 1_000, "planning.goal", multiline=True)
PLANNING_REASON = TextRule("Reason", 2_000, "planning_act.text", multiline=True, required=False)
# The retrospective's typed fields; an empty one is refused by the retro's own rules, in words.
RETRO_NOTE = TextRule("Note", 2_000, "retro_note.text", multiline=True, required=False)
RETRO_GROUP = TextRule("Group title", 200, "retro_group.title", required=False)
EXPERIMENT_CHANGE = TextRule(
    "What we change", 2_000, "experiment.change", multiline=True, required=False
)
EXPERIMENT_MEASURE = TextRule(
    "How we will know it worked",
    2_000,
    "experiment.success_measure",
    multiline=True,
    required=False,
)
EXPERIMENT_EVIDENCE = TextRule(
    "Evidence", 2_000, "experiment.evidence", multiline=True, required=False
)
REVIEW_NOTE = TextRule("What was said", 2_000, "review_note.text", multiline=True)
REVIEW_NOTE_BY = TextRule("Said by", 120, "review_note.by_name", required=False)
DEPLOYMENT = TextRule("What was deployed", 1_000, "sprint_deployment.what")
DEFECT = TextRule("Defect", 2_000, "sprint_defect.description", multiline=True)

RULES: tuple[TextRule, ...] = (
    RETRO_NOTE,
    RETRO_GROUP,
    EXPERIMENT_CHANGE,
    EXPERIMENT_MEASURE,
    EXPERIMENT_EVIDENCE,
    STORY_TITLE,
    STORY_DESCRIPTION,
    CRITERION,
    ASSUMPTION,
    DEPENDENCY_PARTY,
    DEPENDENCY_DESCRIPTION,
    RISK,
    RISK_MITIGATION,
    RISK_OWNER,
    TEAM_NAME,
    TRANSITION_PLAN,
    DOD_ITEM,
    DOR_ITEM,
    MEMBER_NAME,
    MEMBER_TIMEZONE,
    LINK_TITLE,
    LINK_URL,
    PARTNER_NAME,
    PARTNER_NOTE,
    EXTENSION_REASON,
    UPDATE_DONE,
    UPDATE_NEXT,
    UPDATE_BLOCKERS,
    BLOCKER_DESCRIPTION,
    RESOLUTION,
    QUESTION,
    DECISION_TEXT,
    ESCALATION_PATH,
    TOOL_NAME,
    HOLIDAY_LOCATION,
    HOLIDAY_NAME,
    PLANNING_GOAL,
    PLANNING_REASON,
    REVIEW_NOTE,
    REVIEW_NOTE_BY,
    DEPLOYMENT,
    DEFECT,
)

_KEPT_IN_MULTILINE = frozenset("\n\t")


def check_text(value: str, rule: TextRule) -> str:
    """``value`` as it is stored under ``rule``: trimmed, checked, never shortened.

    Raises:
        InputError: empty (when required), over the limit, or a character that is not text.
    """
    if rule.multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    else:
        value = " ".join(value.split())
    for position, char in enumerate(value, start=1):
        problem = _refused(char, rule.multiline)
        if problem:
            raise InputError(
                f"{rule.label} contains {problem} (U+{ord(char):04X}) at position {position}; "
                "remove it"
            )
    if rule.required and not value:
        raise InputError(f"{rule.label}: must not be empty")
    if len(value) > rule.limit:
        raise InputError(f"{rule.label} is {len(value)} characters; the limit is {rule.limit}")
    return value


def _refused(char: str, multiline: bool) -> str:
    """What is wrong with ``char`` in a field, or "" when it is fine."""
    category = unicodedata.category(char)
    if category == "Cs":
        return "half of a character (a lone surrogate)"
    if category != "Cc" or (multiline and char in _KEPT_IN_MULTILINE):
        return ""
    if char == "\0":
        return "a NUL character"
    return "a control character"

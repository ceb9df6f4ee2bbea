"""SQLAlchemy 2.x typed ORM models. The schema itself is created only by Alembic migrations.

The rows live in one module per area, all on :class:`~facilitator.store.models.base.Base`'s
metadata; importing this module loads every one of them (the Alembic environment and the
migration tests compare that metadata with the migrated schema), and every row is importable
from here by its name.
"""

from __future__ import annotations

from facilitator.store import retro_models as _retro_models  # noqa: F401 - registers the tables
from facilitator.store import review_models as _review_models  # noqa: F401 - registers the tables
from facilitator.store.models.backlog import (
    AssumptionRow,
    CriterionRow,
    DependencyRow,
    RiskRow,
    SprintRow,
    SprintStoryRow,
    StoryDorCheckRow,
    StoryRow,
)
from facilitator.store.models.base import NAMING_CONVENTION, Base
from facilitator.store.models.planning import (
    CapacityChoiceRow,
    MemberAvailabilityRow,
    MemberDayOffRow,
    PlanningActRow,
    PlanningRow,
    PlanningSnapshotRow,
    SnapshotConfirmationRow,
    SnapshotStoryRow,
)
from facilitator.store.models.runs import (
    AgendaItemRow,
    CeremonyRunRow,
    PokerRoundRow,
    PokerVoteRow,
    RunChangeRow,
    TimerExtensionRow,
)
from facilitator.store.models.standup import (
    BlockerRow,
    DailyUpdateRow,
    DecisionRow,
)
from facilitator.store.models.team import (
    DecisionAuthorityRow,
    DoneItemRow,
    KnowledgeLinkRow,
    MemberRow,
    MemberWeekRow,
    PartnerCandidateRow,
    PartnerScoreRow,
    TeamAssignmentRow,
    TeamDorItemRow,
    TeamHolidayRow,
    TeamPresenterSettingRow,
    TeamRow,
    TeamTimeboxDefaultRow,
    TeamToolRow,
)

__all__ = [
    "NAMING_CONVENTION",
    "AgendaItemRow",
    "AssumptionRow",
    "Base",
    "BlockerRow",
    "CapacityChoiceRow",
    "CeremonyRunRow",
    "CriterionRow",
    "DailyUpdateRow",
    "DecisionAuthorityRow",
    "DecisionRow",
    "DependencyRow",
    "DoneItemRow",
    "KnowledgeLinkRow",
    "MemberAvailabilityRow",
    "MemberDayOffRow",
    "MemberRow",
    "MemberWeekRow",
    "PartnerCandidateRow",
    "PartnerScoreRow",
    "PlanningActRow",
    "PlanningRow",
    "PlanningSnapshotRow",
    "PokerRoundRow",
    "PokerVoteRow",
    "RiskRow",
    "RunChangeRow",
    "SnapshotConfirmationRow",
    "SnapshotStoryRow",
    "SprintRow",
    "SprintStoryRow",
    "StoryDorCheckRow",
    "StoryRow",
    "TeamAssignmentRow",
    "TeamDorItemRow",
    "TeamHolidayRow",
    "TeamPresenterSettingRow",
    "TeamRow",
    "TeamTimeboxDefaultRow",
    "TeamToolRow",
    "TimerExtensionRow",
]

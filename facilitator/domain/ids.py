"""Typed identifiers so a sprint id is never passed where a team id is expected."""

from typing import NewType

TeamId = NewType("TeamId", int)
MemberId = NewType("MemberId", int)
StoryId = NewType("StoryId", int)
SprintId = NewType("SprintId", int)
CriterionId = NewType("CriterionId", int)
RunId = NewType("RunId", int)

"""Sprint Facilitator: timeboxed, rule-keeping sprint ceremonies for distributed teams."""

__version__ = "0.1.0"
APP_ID = "org.sprintfacilitator.SprintFacilitator"
APP_NAME = "Sprint Facilitator"

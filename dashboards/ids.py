"""Component ids. The prefix before the first '-' names the page; auth.py allows a callback by that prefix."""

# shell (every signed-in user)
SHELL_URL = "shell-url"
SHELL_LANG = "shell-lang"
SHELL_NAV = "shell-nav"
SHELL_CONTENT = "shell-content"
SHELL_USER = "shell-user"
SHELL_AS_OF = "shell-as-of"

# global filters (every page that shows operational data)
FILTERS_DATES = "filters-dates"
FILTERS_CHANNEL = "filters-channel"
FILTERS_QUEUE = "filters-queue"
FILTERS_TEAM = "filters-team"
FILTERS_LANGUAGE = "filters-language"
FILTERS_DIRECTION = "filters-direction"
FILTERS_BAR = "filters-bar"

OVERVIEW_KPIS = "overview-kpis"
OVERVIEW_VOLUME = "overview-volume"
OVERVIEW_HEATMAP = "overview-heatmap"
OVERVIEW_DRILL = "overview-drill"

AGENTS_TABLE = "agents-table"
AGENTS_TREND = "agents-trend"
AGENTS_QA_DIST = "agents-qa-dist"
AGENTS_DRILL = "agents-drill"
AGENTS_SUMMARY = "agents-summary"

STAFFING_SL = "staffing-sl"
STAFFING_WITHIN = "staffing-within"
STAFFING_SHRINKAGE = "staffing-shrinkage"
STAFFING_AHT = "staffing-aht"
STAFFING_CHART = "staffing-chart"
STAFFING_TABLE = "staffing-table"
STAFFING_DRILL = "staffing-drill"
STAFFING_CHANNEL = "staffing-channel"
STAFFING_WEEKDAY = "staffing-weekday"
STAFFING_NOTE = "staffing-note"

QA_QUEUE = "qa-queue"
QA_AGREEMENT = "qa-agreement"
QA_CALIBRATION = "qa-calibration"

INTERACTION_ID = "interaction-id"
INTERACTION_HEADER = "interaction-header"
INTERACTION_TRANSCRIPT = "interaction-transcript"
INTERACTION_CRITERIA = "interaction-criteria"
INTERACTION_CRITERION = "interaction-criterion"
INTERACTION_ANSWER = "interaction-answer"
INTERACTION_COMMENT = "interaction-comment"
INTERACTION_SAVE = "interaction-save"
INTERACTION_DISPUTE = "interaction-dispute"
INTERACTION_STATUS = "interaction-status"
INTERACTION_REVIEWS = "interaction-reviews"
# QA loop (issue 16): verdict headline, forms for reviews, disputes, decisions and coaching
INTERACTION_HEADLINE = "interaction-headline"
INTERACTION_OPTIONS = "interaction-options"  # criteria of this interaction, for the forms' dropdowns
INTERACTION_REFRESH = "interaction-refresh"  # bumped by every form that saves, so the view reloads
INTERACTION_CALIBRATION = "interaction-calibration"  # the calibration session scored blind (from ?calibration=)
INTERACTION_DISPUTE_CRITERION = "interaction-dispute-criterion"
INTERACTION_DISPUTE_REASON = "interaction-dispute-reason"
INTERACTION_DISPUTE_STATUS = "interaction-dispute-status"
INTERACTION_DECIDE_DISPUTE = "interaction-decide-dispute"
INTERACTION_DECISION = "interaction-decision"
INTERACTION_GRANTED = "interaction-granted"
INTERACTION_DECISION_COMMENT = "interaction-decision-comment"
INTERACTION_DECIDE = "interaction-decide"
INTERACTION_DECIDE_STATUS = "interaction-decide-status"
INTERACTION_DISPUTES = "interaction-disputes"
INTERACTION_COACH = "interaction-coach"
INTERACTION_COACH_DUE = "interaction-coach-due"
QA_HEATMAP = "qa-heatmap"
QA_COACH_AGENT = "qa-coach-agent"
QA_COACH_CRITERIA = "qa-coach-criteria"
QA_COACH_EXAMPLES = "qa-coach-examples"
QA_COACH_DUE = "qa-coach-due"
QA_COACH_NOTE = "qa-coach-note"
QA_COACH_ASSIGN = "qa-coach-assign"
QA_COACH_STATUS = "qa-coach-status"
QA_COACHING = "qa-coaching"
QA_NEEDS_TUNING = "qa-needs-tuning"
QA_CAL_NAME = "qa-cal-name"  # the calibration session form (QA leads)
QA_CAL_INTERACTIONS = "qa-cal-interactions"
QA_CAL_REVIEWERS = "qa-cal-reviewers"
QA_CAL_RUBRIC = "qa-cal-rubric"
QA_CAL_CREATE = "qa-cal-create"
QA_CAL_STATUS = "qa-cal-status"
QA_TUNING_CRITERION = "qa-tuning-criterion"  # a QA lead marks / clears "needs tuning"
QA_TUNING_REASON = "qa-tuning-reason"
QA_TUNING_MARK = "qa-tuning-mark"
QA_TUNING_CLEAR = "qa-tuning-clear"
QA_TUNING_STATUS = "qa-tuning-status"
AGENTS_COACHING = "agents-coaching"
AGENTS_ACK_ITEM = "agents-ack-item"
AGENTS_ACK = "agents-ack"
AGENTS_ACK_STATUS = "agents-ack-status"

THEMES_TABLE = "themes-table"
THEMES_DETAIL = "themes-detail"
THEMES_EXAMPLES = "themes-examples"
THEMES_NOTE = "themes-note"
THEMES_SELECTED = "themes-selected"  # the clicked theme's id, for the controls
THEMES_CONTROLS = "themes-controls"
THEMES_NAME = "themes-name"
THEMES_RENAME = "themes-rename"
THEMES_MERGE_INTO = "themes-merge-into"
THEMES_MERGE = "themes-merge"
THEMES_BACKLOG = "themes-backlog"
THEMES_TRACK = "themes-track"
THEMES_CONTROL_STATUS = "themes-control-status"
THEMES_CONTROLS_SAVED = "themes-controls-saved"  # bumped after a change, so the table re-reads the controls
THEMES_INTERACTIONS = "themes-interactions"


def drill_parts(prefix: str) -> dict[str, str]:
    """Ids of one drill-down block (list, CSV button, download, point store) under a page prefix."""
    return {name: f"{prefix}-drill-{name}" for name in ("title", "table", "csv", "download", "point")}


# search and alerts (issue 20): search, rule categories, the inbox, repeat callers; the customer's timeline
SEARCH_QUERY = "search-query"
SEARCH_GO = "search-go"
SEARCH_CATEGORY = "search-category"
SEARCH_SENTIMENT = "search-sentiment"
SEARCH_COUNT = "search-count"
SEARCH_RESULTS = "search-results"
SEARCH_CATEGORIES = "search-categories"
SEARCH_INBOX = "search-inbox"
SEARCH_REPEATS = "search-repeats"
INTERACTION_TIMELINE = "interaction-timeline"
INTERACTION_METRICS = "interaction-metrics"

# outbound, self-service and customer health (issue 21)
OUTBOUND_DIRECTION = "outbound-direction"
OUTBOUND_CAMPAIGNS = "outbound-campaigns"
OUTBOUND_AGENTS = "outbound-agents"
OUTBOUND_HOURS = "outbound-hours"
OUTBOUND_FOLLOWUPS = "outbound-followups"
OUTBOUND_STATUS = "outbound-status"
SELFSERVICE_TILES = "selfservice-tiles"
SELFSERVICE_QUEUES = "selfservice-queues"
SELFSERVICE_REASONS = "selfservice-reasons"
SELFSERVICE_STATUS = "selfservice-status"
CUSTOMERS_LIST = "customers-list"
CUSTOMERS_WEIGHTS = "customers-weights"
CUSTOMERS_MOVEMENT = "customers-movement"
CUSTOMERS_STATUS = "customers-status"

EXPORTED_TABLES = (  # every table with a CSV export button (callbacks/exports.py registers one export each)
    AGENTS_TABLE, STAFFING_TABLE, QA_QUEUE, QA_AGREEMENT, QA_CALIBRATION, INTERACTION_REVIEWS, THEMES_TABLE,
    QA_COACHING, AGENTS_COACHING, SEARCH_RESULTS, SEARCH_INBOX, SEARCH_REPEATS, INTERACTION_TIMELINE,
    THEMES_EXAMPLES, THEMES_INTERACTIONS, *(drill_parts(prefix)["table"] for prefix in ("overview", "agents", "staffing")),
    OUTBOUND_DIRECTION, OUTBOUND_CAMPAIGNS, OUTBOUND_AGENTS, OUTBOUND_FOLLOWUPS, SELFSERVICE_QUEUES, SELFSERVICE_REASONS,
    CUSTOMERS_LIST, CUSTOMERS_WEIGHTS,
)


def export_parts(table: str) -> dict[str, str]:
    """Ids of a table's CSV export button and download (same page prefix as the table)."""
    return {"button": f"{table}-csv", "download": f"{table}-download"}

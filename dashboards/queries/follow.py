"""Find and follow: the customer's timeline, repeat callers, rule categories and the alert inbox (issue 20).

Every query applies the role's scope the same way as the other pages (``base.scope``: an agent only their own
contacts, a supervisor only their teams'), bound last under the reserved ``$scope_*`` names. The search itself
reads the search index (warehouse.search_index), not the snapshot.
"""

from __future__ import annotations

import duckdb
import polars as pl

from dashboards.queries.base import Filters, present_tables, query, read, scope, where, with_scope

TIMELINE_COLUMNS = ("interaction_id, created_at, channel, queue, theme_label, status, resolved, csat, harassment,"
                    " repeat_contact, previous_interaction_id")
REPEAT_LIMIT = 200


def customer_timeline(conn: duckdb.DuckDBPyConnection, interaction_id: str, filters: Filters) -> pl.DataFrame:
    """The other contacts of this contact's customer (newest first) that the role may see, with the repeat chain.
    Empty when the customer is unknown or the snapshot has no timeline yet."""
    if "marts.customer_contacts" not in present_tables(conn):
        return pl.DataFrame()
    clause, params = scope(filters.agent_id, "agent_id", filters.scope_teams, "team")
    return read(conn, f"select {TIMELINE_COLUMNS} from marts.customer_contacts"
                      " where customer_key = (select customer_key from marts.customer_contacts"
                      " where interaction_id = $interaction_id)"
                      f" and interaction_id <> $interaction_id and {clause} order by created_at desc",
                with_scope({"interaction_id": interaction_id}, params))


def timeline_state(conn: duckdb.DuckDBPyConnection, interaction_id: str, filters: Filters) -> str:
    """Whether the customer's timeline of this contact can be listed ("listed") or why not: "not_built" (no
    customer history in the snapshot yet), "no_access" (the role may not see this contact) or "unknown_customer".
    When it can but lists nothing, the reason is "none", or "none_in_scope" for a role that sees only some contacts."""
    if "marts.customer_contacts" not in present_tables(conn):
        return "not_built"
    clause, params = scope(filters.agent_id, "agent_id", filters.scope_teams, "team")
    found = conn.execute(f"select {clause}, exists (select 1 from marts.customer_contacts c"
                         " where c.interaction_id = $interaction_id) from core.interactions"
                         " where interaction_id = $interaction_id",
                         with_scope({"interaction_id": interaction_id}, params)).fetchone()
    if found is None or not found[0]:
        return "no_access"
    return "listed" if found[1] else "unknown_customer"


def empty_timeline_reason(filters: Filters) -> str:
    """Why a listed timeline is empty: no other contacts, or none the role may see (without saying whether others
    exist)."""
    return "none" if filters.agent_id is None and filters.scope_teams is None else "none_in_scope"


def repeat_callers(conn: duckdb.DuckDBPyConnection, filters: Filters, limit: int = REPEAT_LIMIT) -> pl.DataFrame:
    """Customers who came back within the FCR window during the period, most repeats first: their key, contacts,
    repeats, first and last contact, channels and themes."""
    if "marts.customer_contacts" not in present_tables(conn):
        return pl.DataFrame()
    clause, params = where(filters, day_column=None, created_column="created_at", agent_column="agent_id",
                           dimensions=("channel", "queue", "team"))
    return read(conn, query("follow/repeat_callers").format(where=clause), params | {"limit": limit})


def category_counts(conn: duckdb.DuckDBPyConnection, filters: Filters) -> pl.DataFrame:
    """Contacts per rule category in the period (the filter bar and the role's scope applied)."""
    if "rules.contact_categories" not in present_tables(conn):
        return pl.DataFrame({"category": [], "contacts": []}, schema={"category": pl.String, "contacts": pl.Int64})
    # the tag table shares no column with the filter bar's: its dimensions are the interaction's
    clause, params = where(filters, day_column=None, created_column="created_at", agent_column="agent_id")
    return read(conn, "select c.category, count(distinct c.interaction_id) as contacts"
                      " from rules.contact_categories c join core.interactions i using (interaction_id)"
                      f" where {clause} group by c.category order by contacts desc, c.category", params)


def inbox(conn: duckdb.DuckDBPyConnection, role: str, filters: Filters, limit: int = 200) -> pl.DataFrame:
    """The role's alerts, newest first: those whose roles include it, and for an agent or a supervisor only the
    alerts about contacts in their scope (interval alerts have no contact and go to the roles named only)."""
    if "rules.alerts" not in present_tables(conn):
        return pl.DataFrame()
    clause, params = scope(filters.agent_id, "i.agent_id", filters.scope_teams, "i.team")
    scoped = filters.agent_id is not None or filters.scope_teams is not None
    return read(conn, "select a.raised_at, a.severity, a.title_ja, a.title_en, a.subject, a.evidence, a.link,"
                      " a.interaction_id from rules.alerts a left join core.interactions i using (interaction_id)"
                      f" where list_contains(a.roles, $role) and ({clause if scoped else 'true'})"
                      " order by a.raised_at desc, a.alert_key limit $limit",
                with_scope({"role": role, "limit": limit}, params))


def conversation_metrics(conn: duckdb.DuckDBPyConnection, interaction_id: str, filters: Filters) -> dict | None:
    """The call's talk, silence, hold, overlap and sentiment figures (core.conversation_metrics), in the role's
    scope; None when the contact has none (not a transcribed call) or is outside the scope."""
    if "core.conversation_metrics" not in present_tables(conn):
        return None
    clause, params = scope(filters.agent_id, "i.agent_id", filters.scope_teams, "i.team")
    frame = read(conn, "select m.* from core.conversation_metrics m join core.interactions i using (interaction_id)"
                       f" where m.interaction_id = $interaction_id and {clause} limit 1",
                 with_scope({"interaction_id": interaction_id}, params))
    return frame.row(0, named=True) if frame.height else None

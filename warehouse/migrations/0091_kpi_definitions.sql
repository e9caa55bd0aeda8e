-- One definition of a handled contact and of its handle time (docs/kpis.md), used by every mart that counts them
-- (transforms/sql/marts/{kpi_daily,agent_daily,arrivals_interval}.sql) and by the dashboard snapshot's drill-down
-- lists (warehouse/publish.py). AHT = Σ contact_handle_seconds ÷ count(contact_handle_seconds): transforms/kpis.py.

-- Handled: answered by an agent, not abandoned (the denominator of transfer and escalation rates).
create or replace macro contact_is_handled(abandoned, agent_id) as not abandoned and agent_id is not null;

-- Talk + hold + after-call work of a contact that was not abandoned and has times; null otherwise (not counted).
create or replace macro contact_handle_seconds(abandoned, talk_seconds, hold_seconds, acw_seconds) as
    case when not abandoned and talk_seconds is not null
         then talk_seconds + coalesce(hold_seconds, 0) + coalesce(acw_seconds, 0) end;

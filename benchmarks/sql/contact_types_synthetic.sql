-- The benchmark's synthetic contacts spread over 2025: 60 % phone, 20 % chat, 20 % e-mail; every tenth outbound
-- (campaign, disposition, attempt); bot time on inbound phone and chat; an SLA due time on e-mail.
insert into core.interactions (interaction_id, channel, direction, customer_id, agent_id, team, queue, created_at,
    queued_at, answered_at, talk_seconds, acw_seconds, status, contact_reason, campaign, disposition, attempt,
    self_service_seconds, resolved_at, sla_due_at)
select 'I' || n,
       case when n % 10 < 6 then 'phone' when n % 10 < 8 then 'chat' else 'email' end,
       case when n % 10 = 0 then 'outbound' else 'inbound' end,
       'C' || (hash(n) % ($contacts // 4)),
       case when n % 7 = 0 then null else 'A' || (n % 200) end,
       'T' || (n % 10), 'Q' || (n % 6),
       timestamp '2025-01-01' + to_seconds(cast(n * (31536000 / $contacts) as bigint)),
       null, null, 120, 30, 'closed', 'R' || (n % 12),
       case when n % 10 = 0 then 'campaign ' || (n % 3) end,
       case when n % 10 = 0 then ['no_answer', 'busy', 'voicemail', 'connected', 'sale', 'do_not_call',
                                   'callback_requested', 'wrong_number'][1 + (n // 10) % 8] end,
       case when n % 10 = 0 then 1 + (n // 30) % 3 end,
       case when n % 10 between 1 and 7 then 10 + n % 90 end,
       null, case when n % 10 >= 8 then timestamp '2025-01-02' + to_seconds(cast(n * (31536000 / $contacts) as bigint)) end
from range($contacts) t(n)

-- Each contact of a known customer under a pseudonymous key (keyed hash; the key lives outside the warehouse, see
-- warehouse/customers.py), with what the customer's timeline shows and the repeat-contact chain behind FCR.
create table if not exists marts.customer_contacts (
    interaction_id           varchar primary key,
    customer_key             varchar not null,
    created_at               timestamp not null,
    channel                  varchar not null,
    direction                varchar,
    queue                    varchar,
    team                     varchar,
    agent_id                 varchar,
    status                   varchar,
    resolved                 boolean not null,
    theme_id                 varchar,
    theme_label              varchar,
    csat                     integer,
    harassment               boolean not null,
    previous_interaction_id  varchar,           -- the customer's contact before this one
    repeat_contact           boolean not null   -- it came within KOE_FCR_WINDOW_DAYS of the previous one
);

-- SQLite (the search index, published/search.sqlite): contacts with their filter values, their masked messages,
-- and the contentless FTS5 table of each message's search tokens. Bump search_index.INDEX_VERSION when this changes.
create table if not exists contacts (
    contact_no integer primary key, interaction_id text not null unique, created_at text not null, channel text,
    queue text, agent_id text, team text, language text, theme text, categories text, sentiment real,
    content_hash text, attrs_hash text);
create index if not exists contacts_created on contacts (created_at);
create index if not exists contacts_agent on contacts (agent_id, created_at);
create table if not exists messages (
    message_no integer primary key, contact_no integer not null, seq integer not null, role text, text text);
create index if not exists messages_contact on messages (contact_no);
create virtual table if not exists message_tokens using fts5(
    tokens, facets, content='', columnsize=0, tokenize="unicode61 tokenchars '_'");

-- The search index keeps the index only, not a second copy of every text (#18): an FTS5 table
-- with content stores each document again beside its inverted index, and every save wrote both.
-- `contentless_delete = 1` keeps rowid deletes (editing, trashing and purging an entry), so the
-- way entries are indexed does not change. The documents themselves are now this view, one row
-- per live entry, used to fill the index and to cut the matching passages of a page of results
-- (storage::journal::passages).
CREATE VIEW journal_search_documents (id, body) AS
SELECT e.id,
       concat_ws(char(10),
         (SELECT text FROM journal_entry_texts WHERE entry_id = e.id),
         (SELECT group_concat(tag, ' ') FROM journal_entry_tags WHERE entry_id = e.id),
         (SELECT group_concat(emotion, ' ') FROM journal_entry_emotions WHERE entry_id = e.id),
         (SELECT group_concat(concat_ws(char(10), p.display_name, ev.what_happened, ev.what_i_felt,
                 ev.what_i_did, ev.how_it_ended), char(10))
            FROM interpersonal_events ev LEFT JOIN people p ON p.id = ev.person_id
           WHERE ev.entry_id = e.id))
  FROM journal_entries e
 WHERE e.deleted_at IS NULL;

DROP TABLE journal_fts;
CREATE VIRTUAL TABLE journal_fts USING fts5 (
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO journal_fts (rowid, body) SELECT id, body FROM journal_search_documents;

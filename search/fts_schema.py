"""The full-text side of the index table, per database engine: one index over titles and keywords, one over bodies.

Two indexes because candidates are found mostly by title, and the doclists of a title index are a fraction
of the size of a body index (every body says "hồ sơ", "đăng ký"); bodies are searched for rarer words only.

SQLite: contentless FTS5 tables over the folded columns, kept in step by triggers (contentless: bm25 never
reads the content table, several times faster than external content).
PostgreSQL: generated tsvector columns ('simple' configuration: the text is already folded, and the
English configuration would drop Vietnamese syllables such as "an", "can", "the" as stopwords) with GIN indexes.
"""

# ruff: noqa: S608 -- constant DDL: table names are module constants, nothing comes from users.
T = "qms_search_searchentry"
SQLITE_UP = [
    """CREATE VIRTUAL TABLE qms_search_fts_title USING fts5(title_folded, keywords_folded, phrases_folded,
        content='', tokenize="unicode61 remove_diacritics 0")""",
    """CREATE VIRTUAL TABLE qms_search_fts_body USING fts5(body_folded,
        content='', tokenize="unicode61 remove_diacritics 0", detail=column)""",
    f"""CREATE TRIGGER qms_search_fts_ai AFTER INSERT ON {T} BEGIN
        INSERT INTO qms_search_fts_title(rowid, title_folded, keywords_folded, phrases_folded)
        VALUES (new.page_id, new.title_folded, new.keywords_folded, new.phrases_folded);
        INSERT INTO qms_search_fts_body(rowid, body_folded) VALUES (new.page_id, new.body_folded); END""",
    f"""CREATE TRIGGER qms_search_fts_ad AFTER DELETE ON {T} BEGIN
        INSERT INTO qms_search_fts_title(qms_search_fts_title, rowid, title_folded, keywords_folded, phrases_folded)
        VALUES ('delete', old.page_id, old.title_folded, old.keywords_folded, old.phrases_folded);
        INSERT INTO qms_search_fts_body(qms_search_fts_body, rowid, body_folded)
        VALUES ('delete', old.page_id, old.body_folded); END""",
    f"""CREATE TRIGGER qms_search_fts_au AFTER UPDATE ON {T} BEGIN
        INSERT INTO qms_search_fts_title(qms_search_fts_title, rowid, title_folded, keywords_folded, phrases_folded)
        VALUES ('delete', old.page_id, old.title_folded, old.keywords_folded, old.phrases_folded);
        INSERT INTO qms_search_fts_body(qms_search_fts_body, rowid, body_folded)
        VALUES ('delete', old.page_id, old.body_folded);
        INSERT INTO qms_search_fts_title(rowid, title_folded, keywords_folded, phrases_folded)
        VALUES (new.page_id, new.title_folded, new.keywords_folded, new.phrases_folded);
        INSERT INTO qms_search_fts_body(rowid, body_folded) VALUES (new.page_id, new.body_folded); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS qms_search_fts_ai",
    "DROP TRIGGER IF EXISTS qms_search_fts_ad",
    "DROP TRIGGER IF EXISTS qms_search_fts_au",
    "DROP TABLE IF EXISTS qms_search_fts_title",
    "DROP TABLE IF EXISTS qms_search_fts_body",
]
POSTGRES_UP = [
    f"""ALTER TABLE {T} ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_folded), 'A')
        || setweight(to_tsvector('simple', keywords_folded), 'C')
        || setweight(to_tsvector('simple', phrases_folded), 'B')) STORED""",
    f"CREATE INDEX qms_search_entry_title_tsv ON {T} USING gin (title_tsv)",
    f"""ALTER TABLE {T} ADD COLUMN body_tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', body_folded)) STORED""",
    f"CREATE INDEX qms_search_entry_body_tsv ON {T} USING gin (body_tsv)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS qms_search_entry_body_tsv",
    f"ALTER TABLE {T} DROP COLUMN IF EXISTS body_tsv",
    "DROP INDEX IF EXISTS qms_search_entry_title_tsv",
    f"ALTER TABLE {T} DROP COLUMN IF EXISTS title_tsv",
]


def run(cursor, statements: list[str]) -> None:
    for statement in statements:
        cursor.execute(statement)

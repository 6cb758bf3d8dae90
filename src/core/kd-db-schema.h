/* kd-db-schema.h: the numbered schema migrations. Append only; never edit a
 * step that has shipped. Step N brings PRAGMA user_version from N-1 to N. */
#pragma once

static const char * const kd_db_schema_steps[] = {
  /* 1: town, villages, categories, cases and their timeline. */
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"
  "INSERT INTO settings (key, value) VALUES ('town_name', '魁多镇');"
  "CREATE TABLE villages ("
  "  id       INTEGER PRIMARY KEY,"
  "  code     TEXT NOT NULL UNIQUE,"
  "  name     TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  demo     INTEGER NOT NULL DEFAULT 0);"
  "INSERT INTO villages (code, name, position) VALUES ('kuiduo', '魁多村', 0);"
  "CREATE TABLE categories ("
  "  id       INTEGER PRIMARY KEY,"
  "  code     TEXT NOT NULL UNIQUE,"
  "  name     TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0);"
  "INSERT INTO categories (code, name, position) VALUES"
  "  ('roads', '道路交通', 0),"
  "  ('water-power', '供水供电', 1),"
  "  ('environment', '环境卫生', 2),"
  "  ('housing', '住房安全', 3),"
  "  ('welfare', '社会保障', 4),"
  "  ('health', '医疗卫生', 5),"
  "  ('education', '教育', 6),"
  "  ('farming', '农业生产', 7),"
  "  ('disputes', '矛盾纠纷', 8),"
  "  ('other', '其他', 9);"
  "CREATE TABLE cases ("
  "  id             INTEGER PRIMARY KEY,"
  "  tracking_code  TEXT NOT NULL UNIQUE,"
  "  created_at     INTEGER NOT NULL,"
  "  updated_at     INTEGER NOT NULL,"
  "  village_id     INTEGER NOT NULL REFERENCES villages (id),"
  "  category_id    INTEGER NOT NULL REFERENCES categories (id),"
  "  title          TEXT NOT NULL,"
  "  description    TEXT NOT NULL,"
  "  reporter_name  TEXT,"
  "  reporter_phone TEXT,"
  "  location       TEXT,"
  "  urgent         INTEGER NOT NULL DEFAULT 0,"
  "  status         INTEGER NOT NULL DEFAULT 0,"
  "  channel        TEXT NOT NULL DEFAULT 'phone');"
  "CREATE INDEX cases_by_created  ON cases (created_at, id);"
  "CREATE INDEX cases_by_status   ON cases (status, created_at, id);"
  "CREATE INDEX cases_by_village  ON cases (village_id, created_at, id);"
  "CREATE INDEX cases_by_category ON cases (category_id, created_at, id);"
  "CREATE INDEX cases_by_urgent   ON cases (urgent, created_at, id);"
  "CREATE TABLE case_events ("
  "  id        INTEGER PRIMARY KEY,"
  "  case_id   INTEGER NOT NULL REFERENCES cases (id),"
  "  at        INTEGER NOT NULL,"
  "  kind      TEXT NOT NULL,"          /* created, status, reply, note */
  "  actor     TEXT,"
  "  status    INTEGER,"
  "  body      TEXT,"
  "  public    INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX case_events_by_case ON case_events (case_id, at, id);",

  /* 2: full-text search (kd-fts.h): one row per case, rowid = case id, with
   * the title, the description, the public replies and the internal notes,
   * tokenized by kd_cjk. The table keeps its own copy of the text (snippets
   * and exact deletes need it); triggers keep it in step with cases and
   * case_events, and existing rows are indexed here. Ranked by kd_rank()
   * (kd-fts.c) with column weights title 4, description 1, replies 1, notes
   * 0.5. prefix = '1' indexes each token's first character, so that a search
   * ending in one CJK character ("3组" → "3 组"*) is one lookup, not a merge
   * of every bigram that starts with it. Plus the index the queue walks when
   * sorted by title. */
  "CREATE VIEW case_search_source (id, title, description, replies, notes) AS"
  "  SELECT c.id, c.title, c.description,"
  "    (SELECT group_concat (e.body, char (10)) FROM case_events e"
  "      WHERE e.case_id = c.id AND e.kind = 'reply' AND e.public AND e.body IS NOT NULL),"
  "    (SELECT group_concat (e.body, char (10)) FROM case_events e"
  "      WHERE e.case_id = c.id AND (e.kind = 'note' OR (e.kind = 'reply' AND NOT e.public))"
  "        AND e.body IS NOT NULL)"
  "  FROM cases c;"
  "CREATE VIRTUAL TABLE case_search USING fts5 ("
  "  title, description, replies, notes, tokenize = 'kd_cjk', prefix = '1');"
  "INSERT INTO case_search (case_search, rank) VALUES ('rank', 'kd_rank(4.0, 1.0, 1.0, 0.5)');"
  "INSERT INTO case_search (rowid, title, description, replies, notes)"
  "  SELECT id, title, description, replies, notes FROM case_search_source;"
  "CREATE TRIGGER case_search_insert AFTER INSERT ON cases BEGIN"
  "  INSERT INTO case_search (rowid, title, description, replies, notes)"
  "    SELECT id, title, description, replies, notes FROM case_search_source WHERE id = new.id;"
  "END;"
  "CREATE TRIGGER case_search_update AFTER UPDATE OF id, title, description ON cases BEGIN"
  "  DELETE FROM case_search WHERE rowid = old.id;"
  "  INSERT INTO case_search (rowid, title, description, replies, notes)"
  "    SELECT id, title, description, replies, notes FROM case_search_source WHERE id = new.id;"
  "END;"
  "CREATE TRIGGER case_search_delete AFTER DELETE ON cases BEGIN"
  "  DELETE FROM case_search WHERE rowid = old.id;"
  "END;"
  "CREATE TRIGGER case_search_event_insert AFTER INSERT ON case_events"
  "  WHEN new.kind IN ('reply', 'note') BEGIN"
  "  UPDATE case_search SET (replies, notes) ="
  "    (SELECT replies, notes FROM case_search_source WHERE id = new.case_id)"
  "    WHERE rowid = new.case_id;"
  "END;"
  "CREATE TRIGGER case_search_event_update AFTER UPDATE OF case_id, kind, body, public ON case_events"
  "  WHEN old.kind IN ('reply', 'note') OR new.kind IN ('reply', 'note') BEGIN"
  "  UPDATE case_search SET (replies, notes) ="
  "    (SELECT replies, notes FROM case_search_source WHERE id = old.case_id)"
  "    WHERE rowid = old.case_id;"
  "  UPDATE case_search SET (replies, notes) ="
  "    (SELECT replies, notes FROM case_search_source WHERE id = new.case_id)"
  "    WHERE rowid = new.case_id;"
  "END;"
  "CREATE TRIGGER case_search_event_delete AFTER DELETE ON case_events"
  "  WHEN old.kind IN ('reply', 'note') BEGIN"
  "  UPDATE case_search SET (replies, notes) ="
  "    (SELECT replies, notes FROM case_search_source WHERE id = old.case_id)"
  "    WHERE rowid = old.case_id;"
  "END;"
  "CREATE INDEX cases_by_title ON cases (title, id);",
  /* 3: search indexing off the acknowledged path. A new case is only queued
   * in case_search_pending (one small row) by the trigger; the writer indexes
   * the queue in bulk when it has no writes waiting (kd_fts_index_pending),
   * and searches match the queued cases directly (kd_pending_match) until
   * then. Replies and notes of an indexed case still update it at once. */
  "DROP TRIGGER case_search_insert;"
  "CREATE TABLE case_search_pending ("
  "  case_id INTEGER PRIMARY KEY);"
  "CREATE TRIGGER case_search_insert AFTER INSERT ON cases BEGIN"
  "  INSERT OR IGNORE INTO case_search_pending (case_id) VALUES (new.id);"
  "END;",

  /* 4: the workflow of 你呼我应 and the phone side.
   *
   * Kinds (KdCaseKind) and categories per kind (bit k of categories.kinds:
   * the category is offered for kind k). Assignment to a village or a cadre,
   * merging, rejection with a reason, the SLA clock (deadlines, pause while
   * waiting on the villager, escalation), resolutions and their ratings.
   * Cadres with roles, their phone sessions and attendance; the audit log;
   * canned replies; SLA rules, working hours (settings) and holidays; photos
   * (kept in the database, never under a served path); Open311 API keys;
   * notices; saved views. */
  "ALTER TABLE categories ADD COLUMN kinds INTEGER NOT NULL DEFAULT 3;"
  "INSERT INTO categories (code, name, position, kinds) VALUES"
  "  ('policy-farming', '惠农政策', 20, 4),"
  "  ('policy-insurance', '社保医保政策', 21, 4),"
  "  ('policy-housing', '住房与建房政策', 22, 4),"
  "  ('policy-other', '其他政策', 23, 4),"
  "  ('service-certificate', '证明开具', 30, 8),"
  "  ('service-subsidy', '补贴申领', 31, 8),"
  "  ('service-permit', '建房与用地手续', 32, 8),"
  "  ('service-other', '其他事项', 33, 8),"
  "  ('integrity-conduct', '干部作风', 40, 16),"
  "  ('integrity-funds', '资金使用', 41, 16),"
  "  ('integrity-other', '其他问题线索', 42, 16);"
  "CREATE TABLE cadres ("
  "  id            INTEGER PRIMARY KEY,"
  "  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  display_name  TEXT NOT NULL,"
  "  role          TEXT NOT NULL CHECK (role IN ('town_admin', 'town_staff', 'village_secretary', 'discipline')),"
  "  village_id    INTEGER REFERENCES villages (id),"
  "  password_hash TEXT NOT NULL,"             /* crypto_pwhash_str (argon2id) */
  "  failed_logins INTEGER NOT NULL DEFAULT 0,"
  "  locked_until  INTEGER NOT NULL DEFAULT 0,"
  "  active        INTEGER NOT NULL DEFAULT 1,"
  "  created_at    INTEGER NOT NULL);"
  "ALTER TABLE cases ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE cases ADD COLUMN assigned_village_id INTEGER REFERENCES villages (id);"
  "ALTER TABLE cases ADD COLUMN assignee_id INTEGER REFERENCES cadres (id);"
  "ALTER TABLE cases ADD COLUMN duplicate_of INTEGER REFERENCES cases (id);"
  "ALTER TABLE cases ADD COLUMN reject_reason TEXT;"
  "ALTER TABLE cases ADD COLUMN response_due_at INTEGER;"
  "ALTER TABLE cases ADD COLUMN resolution_due_at INTEGER;"
  "ALTER TABLE cases ADD COLUMN responded_at INTEGER;"
  "ALTER TABLE cases ADD COLUMN resolved_at INTEGER;"
  "ALTER TABLE cases ADD COLUMN closed_at INTEGER;"
  "ALTER TABLE cases ADD COLUMN paused_at INTEGER;"        /* waiting on the villager since */
  "ALTER TABLE cases ADD COLUMN escalated_at INTEGER;"
  "ALTER TABLE cases ADD COLUMN resolutions INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE cases ADD COLUMN created_by INTEGER REFERENCES cadres (id);"  /* proxy reports */
  "UPDATE cases SET kind = 1 WHERE urgent;"
  "CREATE INDEX cases_by_kind     ON cases (kind, created_at, id);"
  "CREATE INDEX cases_by_assignee ON cases (ifnull (assignee_id, 0), created_at, id);"
  "CREATE INDEX cases_by_due      ON cases (ifnull (resolution_due_at, 0), id);"
  "CREATE INDEX cases_by_duplicate ON cases (duplicate_of) WHERE duplicate_of IS NOT NULL;"
  "CREATE INDEX cases_by_phone    ON cases (reporter_phone, created_at) WHERE reporter_phone IS NOT NULL;"
  "ALTER TABLE case_events ADD COLUMN cadre_id INTEGER REFERENCES cadres (id);"
  "CREATE TABLE ratings ("
  "  id           INTEGER PRIMARY KEY,"
  "  case_id      INTEGER NOT NULL REFERENCES cases (id),"
  "  resolution   INTEGER NOT NULL,"            /* cases.resolutions when rated */
  "  at           INTEGER NOT NULL,"
  "  efficiency   INTEGER NOT NULL CHECK (efficiency BETWEEN 1 AND 5),"
  "  satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),"
  "  comment      TEXT,"
  "  UNIQUE (case_id, resolution));"
  "CREATE TABLE audit_log ("
  "  id        INTEGER PRIMARY KEY,"
  "  at        INTEGER NOT NULL,"
  "  cadre_id  INTEGER REFERENCES cadres (id),"
  "  actor     TEXT,"                           /* the name shown, also for villagers and the system */
  "  action    TEXT NOT NULL,"
  "  target    TEXT,"                           /* table: case, cadre, api_key, … */
  "  target_id INTEGER,"
  "  detail    TEXT,"
  "  address   TEXT);"                          /* the phone's address, for LAN actions */
  "CREATE INDEX audit_by_at     ON audit_log (at, id);"
  "CREATE INDEX audit_by_target ON audit_log (target, target_id, at);"
  "CREATE INDEX audit_by_cadre  ON audit_log (cadre_id, at);"
  "CREATE TABLE canned_replies ("
  "  id          INTEGER PRIMARY KEY,"
  "  category_id INTEGER REFERENCES categories (id),"   /* NULL: every category */
  "  title       TEXT NOT NULL,"
  "  body        TEXT NOT NULL,"
  "  position    INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE sla_rules ("
  "  kind                INTEGER NOT NULL,"
  "  urgent              INTEGER NOT NULL,"
  "  response_minutes    INTEGER NOT NULL,"
  "  resolution_minutes  INTEGER NOT NULL,"
  "  working_time        INTEGER NOT NULL,"    /* 1: minutes of working time; 0: of the clock */
  "  PRIMARY KEY (kind, urgent));"
  "INSERT INTO sla_rules VALUES"
  "  (0, 0, 420, 2100, 1), (0, 1, 420, 2100, 1),"
  "  (1, 0, 120, 1440, 0), (1, 1, 120, 1440, 0),"
  "  (2, 0, 420, 2100, 1), (2, 1, 420, 2100, 1),"
  "  (3, 0, 420, 2100, 1), (3, 1, 420, 2100, 1),"
  "  (4, 0, 420, 2100, 1), (4, 1, 420, 2100, 1);"
  "INSERT INTO settings (key, value) VALUES"
  "  ('work_days', '12345'),"                          /* ISO weekdays, Monday = 1 */
  "  ('work_hours', '09:00-12:00,13:30-17:30'),"        /* 7 h: one working day = 420 min */
  "  ('timezone', 'Asia/Shanghai');"
  "CREATE TABLE holidays ("
  "  day        TEXT PRIMARY KEY,"                     /* YYYY-MM-DD */
  "  name       TEXT NOT NULL,"
  "  is_workday INTEGER NOT NULL DEFAULT 0);"          /* 1: a weekend day worked (调休) */
  "CREATE TABLE case_photos ("
  "  id       INTEGER PRIMARY KEY,"
  "  case_id  INTEGER NOT NULL REFERENCES cases (id),"
  "  position INTEGER NOT NULL,"
  "  mime     TEXT NOT NULL,"
  "  width    INTEGER NOT NULL,"
  "  height   INTEGER NOT NULL,"
  "  data     BLOB NOT NULL,"
  "  UNIQUE (case_id, position));"
  "CREATE TABLE api_keys ("
  "  id         INTEGER PRIMARY KEY,"
  "  label      TEXT NOT NULL,"
  "  key_hash   TEXT NOT NULL UNIQUE,"               /* SHA-256 of the key, hex */
  "  created_at INTEGER NOT NULL,"
  "  revoked_at INTEGER);"
  "CREATE TABLE sessions ("
  "  token_hash TEXT PRIMARY KEY,"                   /* SHA-256 of the cookie, hex */
  "  cadre_id   INTEGER NOT NULL REFERENCES cadres (id),"
  "  csrf       TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  address    TEXT);"
  "CREATE TABLE attendance ("
  "  id       INTEGER PRIMARY KEY,"
  "  cadre_id INTEGER NOT NULL REFERENCES cadres (id),"
  "  at       INTEGER NOT NULL,"
  "  kind     TEXT NOT NULL CHECK (kind IN ('in', 'out')),"
  "  address  TEXT);"
  "CREATE INDEX attendance_by_cadre ON attendance (cadre_id, at);"
  "CREATE TABLE notices ("
  "  id           INTEGER PRIMARY KEY,"
  "  title        TEXT NOT NULL,"
  "  body         TEXT NOT NULL,"
  "  published_at INTEGER NOT NULL,"
  "  village_id   INTEGER REFERENCES villages (id));"  /* NULL: the whole town */
  "CREATE TABLE saved_views ("
  "  id       INTEGER PRIMARY KEY,"
  "  cadre_id INTEGER REFERENCES cadres (id),"         /* NULL: everyone's */
  "  name     TEXT NOT NULL,"
  "  filter   TEXT NOT NULL);",                        /* JSON: the queue's filters */

  /* step 5: the three public disclosures (村务, 财务, 党务公开), per village (or
   * the town) and period: draft → reviewed → published. A published version
   * is immutable (the triggers refuse every change to it and to its ledger)
   * and carries the SHA-256 fingerprint of its content; a correction is a new
   * version that supersedes it. Ledger amounts in fen. */
  "CREATE TABLE disclosures ("
  "  id            INTEGER PRIMARY KEY,"
  "  kind          INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 2),"  /* KdDisclosureKind */
  "  village_id    INTEGER REFERENCES villages (id),"               /* NULL: the town */
  "  period        TEXT NOT NULL,"                                  /* YYYY, YYYY-Qn or YYYY-MM */
  "  title         TEXT NOT NULL,"
  "  body          TEXT NOT NULL,"
  "  state         INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 2),"
  "  supersedes_id INTEGER REFERENCES disclosures (id),"            /* the version it corrects */
  "  version       INTEGER NOT NULL DEFAULT 0,"                     /* 1, 2, … once published */
  "  created_at    INTEGER NOT NULL,"
  "  updated_at    INTEGER NOT NULL,"
  "  updated_by    INTEGER REFERENCES cadres (id),"
  "  reviewed_at   INTEGER,"
  "  reviewed_by   INTEGER REFERENCES cadres (id),"
  "  published_at  INTEGER,"
  "  published_by  INTEGER REFERENCES cadres (id),"
  "  fingerprint   TEXT);"                                          /* SHA-256, hex */
  "CREATE INDEX disclosures_by_state ON disclosures (state, kind, village_id, period);"
  "CREATE UNIQUE INDEX disclosures_one_correction ON disclosures (supersedes_id)"
  "  WHERE supersedes_id IS NOT NULL;"
  "CREATE TABLE disclosure_lines ("
  "  disclosure_id INTEGER NOT NULL REFERENCES disclosures (id),"
  "  position      INTEGER NOT NULL,"
  "  day           TEXT NOT NULL,"                                  /* YYYY-MM-DD */
  "  description   TEXT NOT NULL,"
  "  income_fen    INTEGER NOT NULL DEFAULT 0 CHECK (income_fen >= 0),"
  "  expense_fen   INTEGER NOT NULL DEFAULT 0 CHECK (expense_fen >= 0),"
  "  PRIMARY KEY (disclosure_id, position)) WITHOUT ROWID;"
  "CREATE TRIGGER disclosures_published_update BEFORE UPDATE ON disclosures"
  "  WHEN OLD.state = 2 BEGIN SELECT RAISE (ABORT, 'a published disclosure never changes'); END;"
  "CREATE TRIGGER disclosures_published_delete BEFORE DELETE ON disclosures"
  "  WHEN OLD.state = 2 BEGIN SELECT RAISE (ABORT, 'a published disclosure never changes'); END;"
  "CREATE TRIGGER disclosure_lines_published_insert BEFORE INSERT ON disclosure_lines"
  "  WHEN (SELECT state FROM disclosures WHERE id = NEW.disclosure_id) = 2"
  "  BEGIN SELECT RAISE (ABORT, 'a published disclosure never changes'); END;"
  "CREATE TRIGGER disclosure_lines_published_update BEFORE UPDATE ON disclosure_lines"
  "  WHEN (SELECT state FROM disclosures WHERE id = OLD.disclosure_id) = 2"
  "  BEGIN SELECT RAISE (ABORT, 'a published disclosure never changes'); END;"
  "CREATE TRIGGER disclosure_lines_published_delete BEFORE DELETE ON disclosure_lines"
  "  WHEN (SELECT state FROM disclosures WHERE id = OLD.disclosure_id) = 2"
  "  BEGIN SELECT RAISE (ABORT, 'a published disclosure never changes'); END;",
};

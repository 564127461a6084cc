-- +goose Up
-- The statutory process of a case file: assignment, the history
-- of its steps, decisions with a second pair of eyes, the contacts log,
-- informants, safety agreements and conditions, the phase of the phased
-- cooperation model, handovers, feedback to the reporter, letters sent,
-- monitoring moments with their checks, and new signals. Records carry the
-- episode they were made in: a reopened case starts the next episode.
-- by_id is the staff account (0 for Toren itself), by_name the name then.

CREATE TABLE case_assignments (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    team        TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    user_name   TEXT NOT NULL DEFAULT '',
    assigned_by INTEGER NOT NULL,
    assigned_at TIMESTAMP NOT NULL,
    ended_at    TIMESTAMP
);
CREATE INDEX case_assignments_case ON case_assignments (case_id) WHERE ended_at IS NULL;
CREATE INDEX case_assignments_user ON case_assignments (user_id) WHERE ended_at IS NULL;

CREATE TABLE case_transitions (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    episode     INTEGER NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    transition  TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    decision_id INTEGER,
    by_id       INTEGER NOT NULL,
    by_name     TEXT NOT NULL DEFAULT '',
    at          TIMESTAMP NOT NULL
);
CREATE INDEX case_transitions_case ON case_transitions (case_id, id);

CREATE TABLE case_decisions (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases (id),
    episode             INTEGER NOT NULL,
    kind                TEXT NOT NULL,
    outcome             TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'refused')),
    reasoning           TEXT NOT NULL,
    acute_unsafety      BOOLEAN NOT NULL DEFAULT FALSE,
    structural_unsafety BOOLEAN NOT NULL DEFAULT FALSE,
    triage_rule         TEXT NOT NULL DEFAULT '',
    risk_colour         TEXT NOT NULL DEFAULT '',
    finding             TEXT NOT NULL DEFAULT '',
    proposed_by         INTEGER NOT NULL,
    proposed_by_name    TEXT NOT NULL DEFAULT '',
    proposed_at         TIMESTAMP NOT NULL,
    decided_by          INTEGER,
    decided_by_name     TEXT NOT NULL DEFAULT '',
    decided_at          TIMESTAMP,
    refusal_reason      TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    -- Separation of duties, held by the database too.
    CHECK (decided_by IS NULL OR decided_by <> proposed_by)
);
CREATE INDEX case_decisions_case ON case_decisions (case_id);
CREATE INDEX case_decisions_waiting ON case_decisions (status) WHERE status = 'proposed';

CREATE TABLE case_contacts (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    episode      INTEGER NOT NULL,
    at           TIMESTAMP NOT NULL,
    with_whom    TEXT NOT NULL,
    role         TEXT NOT NULL,
    channel      TEXT NOT NULL,
    person_id    INTEGER REFERENCES persons (id),
    summary      TEXT NOT NULL,
    acute_action BOOLEAN NOT NULL DEFAULT FALSE,
    by_id        INTEGER NOT NULL,
    by_name      TEXT NOT NULL DEFAULT '',
    recorded_at  TIMESTAMP NOT NULL
);
CREATE INDEX case_contacts_case ON case_contacts (case_id);

CREATE TABLE case_informants (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    name            TEXT NOT NULL DEFAULT '',
    organisation    TEXT NOT NULL DEFAULT '',
    function        TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    physician       BOOLEAN NOT NULL DEFAULT FALSE,
    signal_function BOOLEAN NOT NULL DEFAULT FALSE,
    note            TEXT NOT NULL DEFAULT '',
    by_id           INTEGER NOT NULL,
    by_name         TEXT NOT NULL DEFAULT '',
    recorded_at     TIMESTAMP NOT NULL
);
CREATE INDEX case_informants_case ON case_informants (case_id);

CREATE TABLE case_agreements (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    episode     INTEGER NOT NULL,
    who         TEXT NOT NULL,
    what        TEXT NOT NULL,
    due         TEXT NOT NULL,
    status      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    by_id       INTEGER NOT NULL,
    by_name     TEXT NOT NULL DEFAULT '',
    recorded_at TIMESTAMP NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX case_agreements_case ON case_agreements (case_id);

CREATE TABLE case_conditions (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    episode     INTEGER NOT NULL,
    text        TEXT NOT NULL,
    checked_by  TEXT NOT NULL,
    until       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    by_id       INTEGER NOT NULL,
    by_name     TEXT NOT NULL DEFAULT '',
    recorded_at TIMESTAMP NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX case_conditions_case ON case_conditions (case_id);

CREATE TABLE case_phases (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    phase   TEXT NOT NULL,
    note    TEXT NOT NULL DEFAULT '',
    by_id   INTEGER NOT NULL,
    by_name TEXT NOT NULL DEFAULT '',
    at      TIMESTAMP NOT NULL
);
CREATE INDEX case_phases_case ON case_phases (case_id, id);

CREATE TABLE case_handovers (
    id                INTEGER PRIMARY KEY,
    case_id           INTEGER NOT NULL REFERENCES cases (id),
    episode           INTEGER NOT NULL,
    partner           TEXT NOT NULL,
    partner_kind      TEXT NOT NULL,
    case_director     TEXT NOT NULL,
    reports_back      TEXT NOT NULL,
    report_back_when  TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined')),
    proposed_by       INTEGER NOT NULL,
    proposed_by_name  TEXT NOT NULL DEFAULT '',
    proposed_at       TIMESTAMP NOT NULL,
    responded_by      INTEGER,
    responded_by_name TEXT NOT NULL DEFAULT '',
    responded_at      TIMESTAMP,
    response_note     TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX case_handovers_case ON case_handovers (case_id);

-- The conditions that travel with a handover.
CREATE TABLE case_handover_conditions (
    handover_id  INTEGER NOT NULL REFERENCES case_handovers (id),
    condition_id INTEGER NOT NULL REFERENCES case_conditions (id),
    PRIMARY KEY (handover_id, condition_id)
);

CREATE TABLE case_feedback (
    id                INTEGER PRIMARY KEY,
    case_id           INTEGER NOT NULL REFERENCES cases (id),
    episode           INTEGER NOT NULL,
    report_id         INTEGER NOT NULL REFERENCES reports (id),
    moment            TEXT NOT NULL,
    given_at          TIMESTAMP NOT NULL,
    channel           TEXT NOT NULL,
    follow_up_started BOOLEAN NOT NULL DEFAULT FALSE,
    transfer_parties  TEXT NOT NULL DEFAULT '',
    reporter_has_role BOOLEAN NOT NULL DEFAULT FALSE,
    conditions_shared BOOLEAN NOT NULL DEFAULT FALSE,
    summary           TEXT NOT NULL,
    by_id             INTEGER NOT NULL,
    by_name           TEXT NOT NULL DEFAULT '',
    recorded_at       TIMESTAMP NOT NULL
);
CREATE INDEX case_feedback_case ON case_feedback (case_id);

CREATE TABLE case_letters (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    episode     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    sent_at     TIMESTAMP NOT NULL,
    recipient   TEXT NOT NULL,
    reference   TEXT NOT NULL DEFAULT '',
    by_id       INTEGER NOT NULL,
    by_name     TEXT NOT NULL DEFAULT '',
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX case_letters_case ON case_letters (case_id);

CREATE TABLE case_monitoring (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    episode     INTEGER NOT NULL,
    handover_id INTEGER NOT NULL REFERENCES case_handovers (id),
    months      INTEGER NOT NULL,
    due_at      TIMESTAMP NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('planned', 'done', 'cancelled')),
    done_by     INTEGER,
    done_by_name TEXT NOT NULL DEFAULT '',
    done_at     TIMESTAMP,
    note        TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX case_monitoring_case ON case_monitoring (case_id);
CREATE INDEX case_monitoring_due ON case_monitoring (due_at) WHERE status = 'planned';

CREATE TABLE case_condition_checks (
    moment_id    INTEGER NOT NULL REFERENCES case_monitoring (id),
    condition_id INTEGER NOT NULL REFERENCES case_conditions (id),
    result       TEXT NOT NULL CHECK (result IN ('holds', 'does_not_hold', 'unknown')),
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (moment_id, condition_id)
);

-- consumed_episode is the episode a reopening started with the signal;
-- 0 while the signal waits.
CREATE TABLE case_signals (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases (id),
    source           TEXT NOT NULL,
    note             TEXT NOT NULL,
    acute            BOOLEAN NOT NULL DEFAULT FALSE,
    by_id            INTEGER NOT NULL,
    by_name          TEXT NOT NULL DEFAULT '',
    at               TIMESTAMP NOT NULL,
    consumed_episode INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_signals_case ON case_signals (case_id);

-- +goose Down
DROP TABLE case_signals;
DROP TABLE case_condition_checks;
DROP TABLE case_monitoring;
DROP TABLE case_letters;
DROP TABLE case_feedback;
DROP TABLE case_handover_conditions;
DROP TABLE case_handovers;
DROP TABLE case_phases;
DROP TABLE case_conditions;
DROP TABLE case_agreements;
DROP TABLE case_informants;
DROP TABLE case_contacts;
DROP TABLE case_decisions;
DROP TABLE case_transitions;
DROP TABLE case_assignments;

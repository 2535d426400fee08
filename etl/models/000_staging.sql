-- Canonical staging tables. Every source appends here (each row tagged with its source);
-- the core models below read only these, so adding a source never touches a model.
CREATE TABLE stg_standard (
    source          VARCHAR NOT NULL,
    std_id          VARCHAR NOT NULL,   -- stable id: 'iso:<open data id>', or the normalised reference
    publisher       VARCHAR,
    level           VARCHAR,            -- international, national, industry, local, group, enterprise
    reference       VARCHAR NOT NULL,
    base_ref        VARCHAR,
    year            INTEGER,
    title_en        VARCHAR,
    title_zh        VARCHAR,
    title_fr        VARCHAR,
    status          VARCHAR,            -- current, upcoming, withdrawn, in_development
    stage           VARCHAR,            -- ISO harmonized code 'XX.YY'
    published_on    DATE,
    implemented_on  DATE,
    withdrawn_on    DATE,
    confirmed_on    DATE,
    committee_ref   VARCHAR,
    deliverable_type VARCHAR,
    scope_en        VARCHAR,            -- plain text (HTML stripped)
    ccs             VARCHAR,            -- China Standard Classification codes, comma-separated
    plan_code       VARCHAR,            -- plan number (计划号) of the project that produced it
    department      VARCHAR,            -- issuing / competent department as the catalog names it
    responsible_unit VARCHAR,           -- 归口单位: the committee or body responsible for it
    province        VARCHAR,            -- of a local standard (DB11 北京) or a regional metrology one
    origin          VARCHAR             -- file#record the row was read from (provenance)
);
CREATE TABLE stg_standard_sector (source VARCHAR NOT NULL, std_id VARCHAR NOT NULL, ics_code VARCHAR NOT NULL);
CREATE TABLE stg_standard_link (
    source VARCHAR NOT NULL,
    from_std VARCHAR NOT NULL,
    to_ref VARCHAR,          -- reference as written by the source
    to_std VARCHAR,          -- std_id when the source names it exactly (ISO ids)
    kind VARCHAR NOT NULL,   -- replaces, adopts, amends
    degree VARCHAR           -- IDT, MOD, NEQ, unknown (adopts only)
);
CREATE TABLE stg_sector (
    source VARCHAR NOT NULL, code VARCHAR NOT NULL, parent VARCHAR,
    title_en VARCHAR, title_fr VARCHAR, title_zh VARCHAR
);
CREATE TABLE stg_committee (
    source VARCHAR NOT NULL, committee_ref VARCHAR NOT NULL, publisher VARCHAR, title VARCHAR,
    parent_ref VARCHAR, secretariat VARCHAR, created_on DATE, status VARCHAR, as_of DATE
);
-- ISO/IEC committees a national committee mirrors (对口国际组织).
CREATE TABLE stg_committee_counterpart (
    source VARCHAR NOT NULL, committee_ref VARCHAR NOT NULL, counterpart_ref VARCHAR NOT NULL
);
CREATE TABLE stg_member_body (
    source VARCHAR NOT NULL, member VARCHAR NOT NULL, name VARCHAR, country VARCHAR, country_code VARCHAR
);
CREATE TABLE stg_membership (
    source VARCHAR NOT NULL, as_of DATE NOT NULL, committee_ref VARCHAR NOT NULL,
    member VARCHAR NOT NULL, role VARCHAR NOT NULL
);
CREATE TABLE quarantine (
    run_id VARCHAR, source VARCHAR NOT NULL, file VARCHAR, record_no BIGINT,
    reason VARCHAR NOT NULL, record VARCHAR
);

-- Reference key: how two spellings of one reference are recognised as the same document
-- (case, spaces and the dash variants Chinese catalogs use).
CREATE MACRO ref_key(ref) AS
    upper(regexp_replace(replace(replace(replace(ref, '—', '-'), '－', '-'), '–', '-'), '\s+', '', 'g'));

-- ISO harmonized stage code ('XX.YY') to the canonical status (ARCHITECTURE §5).
-- Projects abandoned before publication (xx.98 below 60) count as withdrawn; the stage keeps
-- the distinction for anyone who needs it.
CREATE MACRO stage_status(stage) AS CASE
    WHEN stage IS NULL THEN NULL
    WHEN stage = '95.99' THEN 'withdrawn'
    WHEN stage >= '90.00' OR stage = '60.60' THEN 'current'
    WHEN stage = '60.00' THEN 'upcoming'
    WHEN right(stage, 2) = '98' THEN 'withdrawn'
    ELSE 'in_development' END;

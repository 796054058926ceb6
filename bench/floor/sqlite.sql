-- The floor of the engine benchmark on SQLite: every rule of the built-in pack
-- (src/veeva_dq/rules/packs/core.yaml) as one hand-written query that returns its failure
-- count, one column per rule id, and nothing else (no issue rows, no keys, no messages).
--
-- Written the way a person would: one scan per object with every row rule as a
-- count(*) FILTER, one GROUP BY per uniqueness rule, anti-joins for references. Semantics
-- are veeva-dq's (docs/rules.md): a NULL value is not checked unless the rule is about
-- missing values; "missing" is NULL, empty or only space, tab, CR, LF and no-break space;
-- a uniqueness rule fails every row of a repeated key; dates are compared only when they
-- are real YYYY-MM-DD dates. As-of date 2026-01-01 (the benchmark's).
--
-- SQLite has no regular expressions: fixed shapes are GLOBs, and the three real patterns
-- (email, DEA number, drug schedules) call regexp(pattern, value), which
-- bench/floor/run_floor.py registers as a whole-value match of Python's re with ASCII
-- classes. A date is real when date(x, '+0 days') gives it back unchanged. The owner
-- references probe the tables' primary keys.
--
-- The three placeholders in double braces below are replaced by bench/floor/run_floor.py
-- with the quoted codes of the reference data veeva-dq ships (NUCC v25.1, USPS states and
-- territories as US-XX, ISO 3166-1 alpha-2): the lists are data, not logic.
WITH
hcp_rows AS (
    SELECT
        count(*) FILTER (WHERE last_name__v IS NULL
            OR trim(last_name__v, ' ' || char(9) || char(10) || char(13) || char(160)) = '') AS hcp_last_name_required,
        count(*) FILTER (WHERE first_name__v IS NULL
            OR trim(first_name__v, ' ' || char(9) || char(10) || char(13) || char(160)) = '') AS hcp_first_name_required,
        count(*) FILTER (WHERE NOT npi_num__v GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]') AS hcp_npi_format,
        count(*) FILTER (WHERE npi_num__v GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' AND (
            substr(npi_num__v, 1, 1) NOT IN ('1', '2')
            OR (10 - (24
                + (2 * (unicode(substr(npi_num__v, 1, 1)) - 48)) % 10 + (unicode(substr(npi_num__v, 1, 1)) - 48) / 5
                + unicode(substr(npi_num__v, 2, 1)) - 48
                + (2 * (unicode(substr(npi_num__v, 3, 1)) - 48)) % 10 + (unicode(substr(npi_num__v, 3, 1)) - 48) / 5
                + unicode(substr(npi_num__v, 4, 1)) - 48
                + (2 * (unicode(substr(npi_num__v, 5, 1)) - 48)) % 10 + (unicode(substr(npi_num__v, 5, 1)) - 48) / 5
                + unicode(substr(npi_num__v, 6, 1)) - 48
                + (2 * (unicode(substr(npi_num__v, 7, 1)) - 48)) % 10 + (unicode(substr(npi_num__v, 7, 1)) - 48) / 5
                + unicode(substr(npi_num__v, 8, 1)) - 48
                + (2 * (unicode(substr(npi_num__v, 9, 1)) - 48)) % 10 + (unicode(substr(npi_num__v, 9, 1)) - 48) / 5
                ) % 10) % 10 <> unicode(substr(npi_num__v, 10, 1)) - 48))
            AS hcp_npi_check_digit,
        count(*) FILTER (WHERE hcp_status__v NOT IN ('A', 'I')) AS hcp_status_picklist,
        count(*) FILTER (WHERE record_state__v NOT IN ('VALID', 'UNDER_REVIEW', 'INVALID',
            'DELETED', 'MERGED_INTO', 'MERGE_ADDED', 'MERGE_INACTIVATED'))
            AS hcp_record_state_picklist,
        count(*) FILTER (WHERE gender__v NOT IN ('M', 'F', 'U')) AS hcp_gender_picklist,
        count(*) FILTER (WHERE hcp_type__v NOT IN ('P', 'N', 'S', 'B')) AS hcp_type_picklist,
        count(*) FILTER (WHERE prefix__v NOT IN ('DR', 'MR', 'MRS', 'MS', 'MISS', 'PROF', 'REV'))
            AS hcp_prefix_picklist,
        count(*) FILTER (WHERE suffix__v NOT IN ('JR', 'SR', 'I', 'II', 'III', 'IV', 'V', 'VI',
            'VII', 'VIII', 'IX', 'X')) AS hcp_suffix_picklist,
        count(*) FILTER (WHERE medical_degree_1__v NOT IN ('MD', 'DO', 'MBBS', 'NP', 'PA', 'RN',
            'LPN', 'APRN', 'CRNA', 'CNM', 'DDS', 'DMD', 'DPM', 'OD', 'DC', 'PHARMD', 'RPH',
            'DVM', 'PHD', 'PSYD', 'DPT', 'PT', 'OT', 'LCSW', 'MSW', 'AUD', 'RD'))
            AS hcp_medical_degree_picklist,
        count(*) FILTER (WHERE specialty_1__v NOT IN ({{nucc_taxonomy}})) AS hcp_specialty_nucc,
        count(*) FILTER (WHERE NOT regexp(
            '[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}', email_1__v))
            AS hcp_email_format,
        count(*) FILTER (WHERE modified_date__v IS NOT NULL AND NOT (modified_date__v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
            AND coalesce(date(modified_date__v, '+0 days') = modified_date__v, 0))) AS hcp_modified_date_valid,
        count(*) FILTER (WHERE modified_date__v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
            AND coalesce(date(modified_date__v, '+0 days') = modified_date__v, 0)
            AND modified_date__v > '2026-01-01') AS hcp_modified_date_not_future,
        count(*) FILTER (WHERE hcp_status__v = 'A'
            AND modified_date__v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
            AND coalesce(date(modified_date__v, '+0 days') = modified_date__v, 0)
            AND modified_date__v < '2021-01-01') AS hcp_stale_record
    FROM hcp
),
hco_rows AS (
    SELECT
        count(*) FILTER (WHERE corporate_name__v IS NULL
            OR trim(corporate_name__v, ' ' || char(9) || char(10) || char(13) || char(160)) = '') AS hco_name_required,
        count(*) FILTER (WHERE NOT npi_num__v GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]') AS hco_npi_format,
        count(*) FILTER (WHERE npi_num__v GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' AND (
            substr(npi_num__v, 1, 1) NOT IN ('1', '2')
            OR (10 - (24
                + (2 * (unicode(substr(npi_num__v, 1, 1)) - 48)) % 10 + (unicode(substr(npi_num__v, 1, 1)) - 48) / 5
                + unicode(substr(npi_num__v, 2, 1)) - 48
                + (2 * (unicode(substr(npi_num__v, 3, 1)) - 48)) % 10 + (unicode(substr(npi_num__v, 3, 1)) - 48) / 5
                + unicode(substr(npi_num__v, 4, 1)) - 48
                + (2 * (unicode(substr(npi_num__v, 5, 1)) - 48)) % 10 + (unicode(substr(npi_num__v, 5, 1)) - 48) / 5
                + unicode(substr(npi_num__v, 6, 1)) - 48
                + (2 * (unicode(substr(npi_num__v, 7, 1)) - 48)) % 10 + (unicode(substr(npi_num__v, 7, 1)) - 48) / 5
                + unicode(substr(npi_num__v, 8, 1)) - 48
                + (2 * (unicode(substr(npi_num__v, 9, 1)) - 48)) % 10 + (unicode(substr(npi_num__v, 9, 1)) - 48) / 5
                ) % 10) % 10 <> unicode(substr(npi_num__v, 10, 1)) - 48))
            AS hco_npi_check_digit,
        count(*) FILTER (WHERE hco_status__v NOT IN ('A', 'I')) AS hco_status_picklist,
        count(*) FILTER (WHERE record_state__v NOT IN ('VALID', 'UNDER_REVIEW', 'INVALID',
            'DELETED', 'MERGED_INTO', 'MERGE_ADDED', 'MERGE_INACTIVATED'))
            AS hco_record_state_picklist,
        count(*) FILTER (WHERE hco_type__v NOT IN ('HOSP', 'CLIN', 'GPP', 'PHARM', 'UNIV', 'LAB',
            'NH', 'HHA', 'ASC', 'IDN', 'GOV', 'OTH')) AS hco_type_picklist,
        count(*) FILTER (WHERE modified_date__v IS NOT NULL AND NOT (modified_date__v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
            AND coalesce(date(modified_date__v, '+0 days') = modified_date__v, 0))) AS hco_modified_date_valid
    FROM hco
),
address_rows AS (
    SELECT
        count(*) FILTER (WHERE address_line_1__v IS NULL
            OR trim(address_line_1__v, ' ' || char(9) || char(10) || char(13) || char(160)) = '')
            AS address_line_1_required,
        count(*) FILTER (WHERE locality__v IS NULL
            OR trim(locality__v, ' ' || char(9) || char(10) || char(13) || char(160)) = '') AS address_locality_required,
        count(*) FILTER (WHERE country__v IS NULL
            OR trim(country__v, ' ' || char(9) || char(10) || char(13) || char(160)) = '') AS address_country_required,
        count(*) FILTER (WHERE country__v NOT IN ({{iso_countries}})) AS address_country_iso,
        count(*) FILTER (WHERE country__v = 'US' AND (administrative_area__v IS NULL
            OR trim(administrative_area__v, ' ' || char(9) || char(10) || char(13) || char(160)) = ''))
            AS address_us_state_required,
        count(*) FILTER (WHERE country__v = 'US'
            AND administrative_area__v NOT IN ({{us_states}})) AS address_us_state_valid,
        count(*) FILTER (WHERE administrative_area__v LIKE '__-%'
            AND substr(administrative_area__v, 1, 2) <> country__v)
            AS address_area_matches_country,
        count(*) FILTER (WHERE country__v = 'US' AND (postal_code__v IS NULL
            OR trim(postal_code__v, ' ' || char(9) || char(10) || char(13) || char(160)) = ''))
            AS address_us_zip_required,
        count(*) FILTER (WHERE country__v = 'US'
            AND NOT (postal_code__v GLOB '[0-9][0-9][0-9][0-9][0-9]'
                OR postal_code__v GLOB '[0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'))
            AS address_us_zip_format,
        count(*) FILTER (WHERE country__v = 'US' AND NOT (replace(replace(replace(replace(replace(replace(phone_1__v, ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', '') GLOB '[2-9][0-9][0-9][2-9][0-9][0-9][0-9][0-9][0-9][0-9]' OR replace(replace(replace(replace(replace(replace(phone_1__v, ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', '') GLOB '1[2-9][0-9][0-9][2-9][0-9][0-9][0-9][0-9][0-9][0-9]'))
            AS address_us_phone_format,
        count(*) FILTER (WHERE country__v = 'US' AND NOT (replace(replace(replace(replace(replace(replace(fax_1__v, ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', '') GLOB '[2-9][0-9][0-9][2-9][0-9][0-9][0-9][0-9][0-9][0-9]' OR replace(replace(replace(replace(replace(replace(fax_1__v, ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', '') GLOB '1[2-9][0-9][0-9][2-9][0-9][0-9][0-9][0-9][0-9][0-9]'))
            AS address_us_fax_format,
        count(*) FILTER (WHERE address_status__v NOT IN ('A', 'I')) AS address_status_picklist,
        count(*) FILTER (WHERE record_state__v NOT IN ('VALID', 'UNDER_REVIEW', 'INVALID',
            'DELETED', 'MERGED_INTO', 'MERGE_ADDED', 'MERGE_INACTIVATED'))
            AS address_record_state_picklist
    FROM address
),
license_rows AS (
    SELECT
        count(*) FILTER (WHERE license_number__v IS NULL
            OR trim(license_number__v, ' ' || char(9) || char(10) || char(13) || char(160)) = '')
            AS license_number_required,
        count(*) FILTER (WHERE type_value__v NOT IN ('STATE', 'DEA', 'CSR'))
            AS license_type_picklist,
        count(*) FILTER (WHERE license_status__v NOT IN ('A', 'I')) AS license_status_picklist,
        count(*) FILTER (WHERE type_value__v = 'STATE'
            AND licensing_body__v NOT IN ({{us_states}})) AS license_state_body_valid,
        count(*) FILTER (WHERE type_value__v = 'DEA'
            AND license_number__v NOT GLOB '[ABCDEFGHJKLMPRSTUX][A-Z9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]') AS license_dea_format,
        count(*) FILTER (WHERE type_value__v = 'DEA'
            AND license_number__v GLOB '[A-Z][A-Z9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
            AND ((unicode(substr(license_number__v, 3, 1)) - 48)
                + (unicode(substr(license_number__v, 5, 1)) - 48)
                + (unicode(substr(license_number__v, 7, 1)) - 48)
                + 2 * ((unicode(substr(license_number__v, 4, 1)) - 48)
                    + (unicode(substr(license_number__v, 6, 1)) - 48)
                    + (unicode(substr(license_number__v, 8, 1)) - 48))) % 10
                <> unicode(substr(license_number__v, 9, 1)) - 48) AS license_dea_check_digit,
        count(*) FILTER (WHERE type_value__v = 'DEA'
            AND NOT regexp('(2N?|3N?|4|5)([,;] ?(2N?|3N?|4|5))*', drug_schedule__v)) AS license_drug_schedule,
        count(*) FILTER (WHERE expiration_date__v IS NOT NULL AND NOT (expiration_date__v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND coalesce(date(expiration_date__v, '+0 days') = expiration_date__v, 0)))
            AS license_expiration_date_valid,
        count(*) FILTER (WHERE license_status__v = 'A'
            AND expiration_date__v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
            AND coalesce(date(expiration_date__v, '+0 days') = expiration_date__v, 0)
            AND expiration_date__v < '2026-01-01') AS license_expired_active
    FROM license
),
parenthco_rows AS (
    SELECT
        count(*) FILTER (WHERE entity_vid__v = parent_hco_vid__v) AS parenthco_not_self,
        count(*) FILTER (WHERE parent_hco_status__v NOT IN ('A', 'I'))
            AS parenthco_status_picklist,
        count(*) FILTER (WHERE relationship_type__v NOT IN ('EMP', 'AFF', 'OWN', 'MEM', 'ADM'))
            AS parenthco_relationship_type_picklist,
        count(*) FILTER (WHERE is_primary_relationship__v NOT IN ('Y', 'N'))
            AS parenthco_primary_flag
    FROM parenthco
),
-- Uniqueness: every row of a repeated key fails.
hcp_npi AS (
    SELECT coalesce(sum(n), 0) AS hcp_npi_unique FROM (
        SELECT count(*) AS n FROM hcp WHERE npi_num__v IS NOT NULL
        GROUP BY npi_num__v HAVING count(*) > 1)
),
hco_npi AS (
    SELECT coalesce(sum(n), 0) AS hco_npi_unique FROM (
        SELECT count(*) AS n FROM hco WHERE npi_num__v IS NOT NULL
        GROUP BY npi_num__v HAVING count(*) > 1)
),
address_primary AS (
    SELECT coalesce(sum(n), 0) AS address_primary_unique FROM (
        SELECT count(*) AS n FROM address
        WHERE address_ordinal__v = '1' AND entity_vid__v IS NOT NULL
        GROUP BY entity_vid__v HAVING count(*) > 1)
),
address_dup AS (
    SELECT coalesce(sum(n), 0) AS address_duplicate FROM (
        SELECT count(*) AS n FROM address
        WHERE entity_vid__v IS NOT NULL AND address_line_1__v IS NOT NULL
            AND locality__v IS NOT NULL AND postal_code__v IS NOT NULL
        GROUP BY entity_vid__v, upper(trim(address_line_1__v)), upper(trim(locality__v)),
            postal_code__v
        HAVING count(*) > 1)
),
license_shared AS (
    SELECT coalesce(sum(n), 0) AS license_number_shared FROM (
        SELECT count(*) AS n FROM license
        WHERE license_number__v IS NOT NULL AND licensing_body__v IS NOT NULL
            AND type_value__v IS NOT NULL
        GROUP BY upper(trim(license_number__v)), licensing_body__v, type_value__v
        HAVING count(DISTINCT entity_vid__v) > 1)
),
parenthco_primary AS (
    SELECT coalesce(sum(n), 0) AS parenthco_one_primary FROM (
        SELECT count(*) AS n FROM parenthco
        WHERE is_primary_relationship__v = 'Y' AND parent_hco_status__v = 'A'
            AND entity_vid__v IS NOT NULL
        GROUP BY entity_vid__v HAVING count(*) > 1)
),
-- References: anti-joins (and one semi-join), probing the owners' primary keys.
address_owner AS (
    SELECT count(*) AS address_owner_exists FROM address AS a
    WHERE a.entity_vid__v IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM hcp AS p WHERE p.vid__v = a.entity_vid__v)
        AND NOT EXISTS (SELECT 1 FROM hco AS o WHERE o.vid__v = a.entity_vid__v)
),
license_owner AS (
    SELECT count(*) AS license_owner_exists FROM license AS l
    WHERE l.entity_vid__v IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM hcp AS p WHERE p.vid__v = l.entity_vid__v)
        AND NOT EXISTS (SELECT 1 FROM hco AS o WHERE o.vid__v = l.entity_vid__v)
),
parenthco_child AS (
    SELECT count(*) AS parenthco_child_exists FROM parenthco AS r
    WHERE r.entity_vid__v IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM hcp AS p WHERE p.vid__v = r.entity_vid__v)
        AND NOT EXISTS (SELECT 1 FROM hco AS o WHERE o.vid__v = r.entity_vid__v)
),
parenthco_parent AS (
    SELECT count(*) AS parenthco_parent_exists FROM parenthco AS r
    WHERE r.parent_hco_vid__v IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM hco AS o WHERE o.vid__v = r.parent_hco_vid__v)
),
parenthco_inactive AS (
    SELECT count(*) AS parenthco_active_to_inactive_hco FROM parenthco AS r
    JOIN hco AS o ON o.vid__v = r.parent_hco_vid__v
    WHERE r.parent_hco_status__v = 'A' AND o.hco_status__v = 'I'
),
hcp_on_hco AS (
    SELECT count(*) AS hcp_npi_not_on_hco FROM hcp
    WHERE npi_num__v IN (SELECT npi_num__v FROM hco)
)
SELECT
    *,
    -- The benchmark's NPPES deactivation table is empty: these rules have nothing to match.
    0 AS hcp_npi_deactivated,
    0 AS hco_npi_deactivated
FROM hcp_rows, hco_rows, address_rows, license_rows, parenthco_rows,
    hcp_npi, hco_npi, address_primary, address_dup, license_shared, parenthco_primary,
    address_owner, license_owner, parenthco_child, parenthco_parent, parenthco_inactive,
    hcp_on_hco;

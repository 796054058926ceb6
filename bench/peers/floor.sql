-- The floor of the peer benchmark: the twelve checks of spec.py as one hand-written DuckDB
-- query over table hcp, with veeva-dq's semantics (docs/rules.md):
--   not_null: NULL, empty or only whitespace (space, tab, LF, CR, no-break space) fails;
--   unique:   every row whose non-NULL value occurs more than once fails;
--   in_set, regex, length: NULL is not checked; anything else not allowed fails.
-- One scan for the ten row checks, one GROUP BY per unique column.
WITH row_checks AS (
    SELECT
        count(*) FILTER (WHERE vid__v IS NULL
            OR trim(vid__v, ' ' || chr(9) || chr(10) || chr(13) || chr(160)) = '')
            AS vid_not_null,
        count(*) FILTER (WHERE npi_num__v IS NULL
            OR trim(npi_num__v, ' ' || chr(9) || chr(10) || chr(13) || chr(160)) = '')
            AS npi_not_null,
        count(*) FILTER (WHERE last_name__v IS NULL
            OR trim(last_name__v, ' ' || chr(9) || chr(10) || chr(13) || chr(160)) = '')
            AS last_name_not_null,
        count(*) FILTER (WHERE first_name__v IS NULL
            OR trim(first_name__v, ' ' || chr(9) || chr(10) || chr(13) || chr(160)) = '')
            AS first_name_not_null,
        count(*) FILTER (WHERE hcp_type__v NOT IN ('P', 'N', 'S', 'B')) AS hcp_type_in_set,
        count(*) FILTER (WHERE hcp_status__v NOT IN ('A', 'I')) AS hcp_status_in_set,
        count(*) FILTER (WHERE gender__v NOT IN ('M', 'F', 'U')) AS gender_in_set,
        count(*) FILTER (WHERE NOT regexp_matches(npi_num__v, '^[0-9]{10}$')) AS npi_regex,
        count(*) FILTER (WHERE NOT regexp_matches(email_1__v,
            '^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'))
            AS email_regex,
        count(*) FILTER (WHERE length(last_name__v) > 100) AS last_name_length
    FROM hcp
),
vid_groups AS (
    SELECT count(*) AS n FROM hcp WHERE vid__v IS NOT NULL GROUP BY vid__v HAVING count(*) > 1
),
npi_groups AS (
    SELECT count(*) AS n FROM hcp WHERE npi_num__v IS NOT NULL GROUP BY npi_num__v
    HAVING count(*) > 1
)
SELECT
    r.*,
    (SELECT coalesce(sum(n), 0) FROM vid_groups) AS vid_unique,
    (SELECT coalesce(sum(n), 0) FROM npi_groups) AS npi_unique
FROM row_checks AS r;

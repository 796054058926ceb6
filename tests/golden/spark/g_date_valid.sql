-- scan
SELECT COUNT(*) AS m0, SUM(CASE WHEN NOT `modified_date__v` IS NULL THEN 1 ELSE 0 END) AS m1 FROM `hcp`;
-- failures
SELECT `vid__v`, `modified_date__v` AS v0, CASE WHEN NOT `modified_date__v` IS NULL AND NOT (`modified_date__v` RLIKE '(?d)^[0-9]{4}-[0-9]{2}-[0-9]{2}\\z' AND NOT TRY_CAST(`modified_date__v` AS DATE) IS NULL) THEN 1 ELSE 0 END AS f0 FROM `hcp` WHERE NOT `modified_date__v` IS NULL AND NOT (`modified_date__v` RLIKE '(?d)^[0-9]{4}-[0-9]{2}-[0-9]{2}\\z' AND NOT TRY_CAST(`modified_date__v` AS DATE) IS NULL);

-- scan
SELECT COUNT(*) AS m0, MAX(CASE WHEN NOT `modified_date__v` IS NULL AND (`modified_date__v` RLIKE '(?d)^[0-9]{4}-[0-9]{2}-[0-9]{2}\\z' AND NOT TRY_CAST(`modified_date__v` AS DATE) IS NULL) THEN `modified_date__v` END) AS m1 FROM `hcp`;

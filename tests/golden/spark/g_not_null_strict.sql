-- scan
SELECT COUNT(*) AS m0, SUM(CASE WHEN TRUE THEN 1 ELSE 0 END) AS m1 FROM `hcp`;
-- failures
SELECT `vid__v`, `last_name__v` AS v0, CASE WHEN TRUE AND `last_name__v` IS NULL THEN 1 ELSE 0 END AS f0 FROM `hcp` WHERE TRUE AND `last_name__v` IS NULL;

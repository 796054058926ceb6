-- scan
SELECT COUNT(*) AS m0, SUM(CASE WHEN NOT `last_name__v` IS NULL THEN 1 ELSE 0 END) AS m1 FROM `hcp`;
-- failures
SELECT `vid__v`, `last_name__v` AS v0, CASE WHEN NOT `last_name__v` IS NULL AND (LENGTH(`last_name__v`) < 2 OR LENGTH(`last_name__v`) > 40) THEN 1 ELSE 0 END AS f0 FROM `hcp` WHERE NOT `last_name__v` IS NULL AND (LENGTH(`last_name__v`) < 2 OR LENGTH(`last_name__v`) > 40);

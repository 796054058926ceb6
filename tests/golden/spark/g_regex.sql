-- scan
SELECT COUNT(*) AS m0, SUM(CASE WHEN `email_1__v` IS NULL OR (NOT `email_1__v` IS NULL) THEN 1 ELSE 0 END) AS m1 FROM `hcp`;
-- failures
SELECT `vid__v`, `email_1__v` AS v0, CASE WHEN (`email_1__v` IS NULL OR (NOT `email_1__v` IS NULL)) AND (NOT `email_1__v` IS NULL AND (NOT (`email_1__v` RLIKE '(?d)^[^@]+@[^@]+\\z'))) THEN 1 ELSE 0 END AS f0 FROM `hcp` WHERE (`email_1__v` IS NULL OR (NOT `email_1__v` IS NULL)) AND (NOT `email_1__v` IS NULL AND (NOT (`email_1__v` RLIKE '(?d)^[^@]+@[^@]+\\z')));

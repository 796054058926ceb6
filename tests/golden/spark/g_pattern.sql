-- scan
SELECT COUNT(*) AS m0, SUM(CASE WHEN `country__v` = 'US' AND NOT `postal_code__v` IS NULL THEN 1 ELSE 0 END) AS m1 FROM `address`;
-- failures
SELECT `vid__v`, `postal_code__v` AS v0, CASE WHEN (`country__v` = 'US' AND NOT `postal_code__v` IS NULL) AND NOT (`postal_code__v` RLIKE '(?d)^[0-9][0-9][0-9][0-9][0-9]\\z' OR `postal_code__v` RLIKE '(?d)^[0-9][0-9][0-9][0-9][0-9]\\-[0-9][0-9][0-9][0-9]\\z') THEN 1 ELSE 0 END AS f0 FROM `address` WHERE (`country__v` = 'US' AND NOT `postal_code__v` IS NULL) AND NOT (`postal_code__v` RLIKE '(?d)^[0-9][0-9][0-9][0-9][0-9]\\z' OR `postal_code__v` RLIKE '(?d)^[0-9][0-9][0-9][0-9][0-9]\\-[0-9][0-9][0-9][0-9]\\z');

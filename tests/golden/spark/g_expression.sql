-- scan
SELECT COUNT(*) AS m0, SUM(CASE WHEN `license_status__v` = 'A' AND NOT `expiration_date__v` IS NULL THEN 1 ELSE 0 END) AS m1 FROM `license`;
-- failures
SELECT `vid__v`, `expiration_date__v` AS v0, CASE WHEN (`license_status__v` = 'A' AND NOT `expiration_date__v` IS NULL) AND `expiration_date__v` < '2026-01-15' THEN 1 ELSE 0 END AS f0 FROM `license` WHERE (`license_status__v` = 'A' AND NOT `expiration_date__v` IS NULL) AND `expiration_date__v` < '2026-01-15';

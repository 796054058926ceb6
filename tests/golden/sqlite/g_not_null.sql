-- scan
SELECT COUNT(*) AS m0 FROM "hcp";
-- failures
SELECT "vid__v", "last_name__v" AS v0, CASE WHEN TRUE AND ("last_name__v" IS NULL OR TRIM("last_name__v", ' ' || CHAR(9) || CHAR(13) || CHAR(10) || CHAR(160)) = '') THEN 1 ELSE 0 END AS f0 FROM "hcp" WHERE TRUE AND ("last_name__v" IS NULL OR TRIM("last_name__v", ' ' || CHAR(9) || CHAR(13) || CHAR(10) || CHAR(160)) = '');

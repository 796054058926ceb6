-- scan
SELECT COUNT(*) AS m0, SUM(CASE WHEN NOT `address_ordinal__v` IS NULL THEN 1 ELSE 0 END) AS m1 FROM `address`;
-- failures
SELECT `vid__v`, `address_ordinal__v` AS v0, CASE WHEN NOT `address_ordinal__v` IS NULL AND (NOT (`address_ordinal__v` RLIKE '(?d)^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)\\z') OR TRY_CAST(`address_ordinal__v` AS DOUBLE) < 1.0 OR TRY_CAST(`address_ordinal__v` AS DOUBLE) > 9.0) THEN 1 ELSE 0 END AS f0 FROM `address` WHERE NOT `address_ordinal__v` IS NULL AND (NOT (`address_ordinal__v` RLIKE '(?d)^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)\\z') OR TRY_CAST(`address_ordinal__v` AS DOUBLE) < 1.0 OR TRY_CAST(`address_ordinal__v` AS DOUBLE) > 9.0);

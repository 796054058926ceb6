-- scan
SELECT COUNT(*) AS m0, COUNT("address_ordinal__v") AS m1 FROM "address";
-- failures
SELECT "vid__v", "address_ordinal__v" AS v0, CASE WHEN NOT "address_ordinal__v" IS NULL AND (NOT ("address_ordinal__v" GLOB '*[0-9]*' AND NOT "address_ordinal__v" GLOB '*[^0-9.+-]*' AND NOT "address_ordinal__v" GLOB '?*[+-]*' AND NOT "address_ordinal__v" GLOB '*.*.*') OR CAST("address_ordinal__v" AS REAL) < 1.0 OR CAST("address_ordinal__v" AS REAL) > 9.0) THEN 1 ELSE 0 END AS f0 FROM "address" WHERE NOT "address_ordinal__v" IS NULL AND (NOT ("address_ordinal__v" GLOB '*[0-9]*' AND NOT "address_ordinal__v" GLOB '*[^0-9.+-]*' AND NOT "address_ordinal__v" GLOB '?*[+-]*' AND NOT "address_ordinal__v" GLOB '*.*.*') OR CAST("address_ordinal__v" AS REAL) < 1.0 OR CAST("address_ordinal__v" AS REAL) > 9.0);

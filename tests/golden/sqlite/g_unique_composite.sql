-- count
SELECT SUM("n") FROM (SELECT COUNT(*) AS n FROM "license" WHERE NOT "license_number__v" IS NULL AND NOT "licensing_body__v" IS NULL GROUP BY UPPER(TRIM("license_number__v")), "licensing_body__v" HAVING COUNT(DISTINCT "entity_vid__v") > 1) AS d;
-- failures
SELECT "t"."vid__v", "t"."license_number__v" FROM "license" AS t JOIN (SELECT UPPER(TRIM("license_number__v")) AS g0, "licensing_body__v" AS g1 FROM "license" WHERE NOT "license_number__v" IS NULL AND NOT "licensing_body__v" IS NULL GROUP BY UPPER(TRIM("license_number__v")), "licensing_body__v" HAVING COUNT(DISTINCT "entity_vid__v") > 1) AS d ON UPPER(TRIM("t"."license_number__v")) = "d"."g0" AND "t"."licensing_body__v" = "d"."g1" WHERE NOT "t"."license_number__v" IS NULL AND NOT "t"."licensing_body__v" IS NULL;

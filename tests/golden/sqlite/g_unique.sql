-- count
SELECT SUM("n") FROM (SELECT COUNT(*) AS n FROM "hcp" WHERE NOT "npi_num__v" IS NULL GROUP BY "npi_num__v" HAVING COUNT(*) > 1) AS d;
-- failures
WITH d AS MATERIALIZED (SELECT "npi_num__v" AS g0 FROM "hcp" WHERE NOT "npi_num__v" IS NULL GROUP BY "npi_num__v" HAVING COUNT(*) > 1) SELECT "t"."vid__v", "t"."npi_num__v" FROM "hcp" AS t CROSS JOIN d ON "t"."npi_num__v" = "d"."g0" WHERE EXISTS(SELECT 1 FROM d) AND NOT "t"."npi_num__v" IS NULL;

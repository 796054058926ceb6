-- failures
SELECT "t"."vid__v", "t"."npi_num__v" FROM "hcp" AS t WHERE NOT "t"."npi_num__v" IS NULL AND EXISTS(SELECT 1 FROM (SELECT "npi" AS v FROM "npi_deactivation") AS r WHERE "r"."v" = "t"."npi_num__v");

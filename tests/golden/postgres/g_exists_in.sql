-- failures
SELECT "t"."vid__v", "t"."entity_vid__v" FROM "address" AS t WHERE NOT "t"."entity_vid__v" IS NULL AND NOT EXISTS(SELECT 1 FROM (SELECT "vid__v" AS v FROM "hcp" UNION ALL SELECT "vid__v" AS v FROM "hco") AS r WHERE "r"."v" = "t"."entity_vid__v");

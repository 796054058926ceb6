-- failures
SELECT "t"."vid__v", "t"."entity_vid__v" FROM "address" AS t WHERE NOT "t"."entity_vid__v" IS NULL AND (NOT EXISTS(SELECT 1 FROM "hcp" AS r WHERE "r"."vid__v" = "t"."entity_vid__v") AND NOT EXISTS(SELECT 1 FROM "hco" AS r WHERE "r"."vid__v" = "t"."entity_vid__v"));

-- scan
SELECT COUNT(*) AS m0, COUNT("modified_date__v") AS m1 FROM "hcp";
-- failures
SELECT "vid__v", "modified_date__v" AS v0, CASE WHEN NOT "modified_date__v" IS NULL AND NOT ("modified_date__v" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND COALESCE(DATE("modified_date__v", '+0 days') = "modified_date__v", FALSE)) THEN 1 ELSE 0 END AS f0 FROM "hcp" WHERE NOT "modified_date__v" IS NULL AND NOT ("modified_date__v" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND COALESCE(DATE("modified_date__v", '+0 days') = "modified_date__v", FALSE));

-- scan
SELECT COUNT(*) AS m0, MAX(CASE WHEN NOT "modified_date__v" IS NULL AND ("modified_date__v" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND COALESCE(DATE("modified_date__v", '+0 days') = "modified_date__v", FALSE)) THEN "modified_date__v" END) AS m1 FROM "hcp";

-- scan
SELECT COUNT(*) AS m0, SUM(CASE WHEN "gender__v" IS NULL OR (NOT "gender__v" IS NULL) THEN 1 ELSE 0 END) AS m1 FROM "hcp";
-- failures
SELECT "vid__v", "gender__v" AS v0, CASE WHEN ("gender__v" IS NULL OR (NOT "gender__v" IS NULL)) AND ("gender__v" IS NULL OR (NOT (CASE WHEN LENGTH("gender__v") <> LENGTH(CAST("gender__v" AS BLOB)) THEN VDQ_UPPER("gender__v") ELSE UPPER("gender__v") END IN ('F', 'M')))) THEN 1 ELSE 0 END AS f0 FROM "hcp" WHERE ("gender__v" IS NULL OR (NOT "gender__v" IS NULL)) AND ("gender__v" IS NULL OR (NOT (CASE WHEN LENGTH("gender__v") <> LENGTH(CAST("gender__v" AS BLOB)) THEN VDQ_UPPER("gender__v") ELSE UPPER("gender__v") END IN ('F', 'M'))));

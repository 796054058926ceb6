-- scan
SELECT COUNT(*) AS m0, SUM(CASE WHEN `hcp_status__v` = 'A' THEN 1 ELSE 0 END) AS m1 FROM `hcp`;

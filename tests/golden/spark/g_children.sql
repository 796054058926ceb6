-- failures
SELECT `t`.`vid__v`, COALESCE(`g`.`n`, 0) FROM `hcp` AS t LEFT JOIN (SELECT `entity_vid__v` AS k, COUNT(*) AS n FROM `address` WHERE `address_ordinal__v` = '1' AND NOT `entity_vid__v` IS NULL GROUP BY `entity_vid__v`) AS g ON `g`.`k` = `t`.`vid__v` WHERE TRUE AND (COALESCE(`g`.`n`, 0) < 1 OR COALESCE(`g`.`n`, 0) > 1);

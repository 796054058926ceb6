-- failures
SELECT `t`.`vid__v`, `t`.`entity_vid__v` FROM `address` AS t WHERE NOT `t`.`entity_vid__v` IS NULL AND (NOT `t`.`entity_vid__v` IN (SELECT `r`.`vid__v` FROM `hcp` AS r WHERE NOT `r`.`vid__v` IS NULL) AND NOT `t`.`entity_vid__v` IN (SELECT `r`.`vid__v` FROM `hco` AS r WHERE NOT `r`.`vid__v` IS NULL));

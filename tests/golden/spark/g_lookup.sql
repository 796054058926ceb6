-- counts
SELECT COUNT(*), SUM(CASE WHEN `r`.`hco_status__v` = 'I' THEN 1 ELSE 0 END) FROM `parenthco` AS t JOIN `hco` AS r ON `r`.`vid__v` = `t`.`parent_hco_vid__v` WHERE NOT `t`.`parent_hco_vid__v` IS NULL;
-- failures
SELECT `t`.`vid__v`, `t`.`parent_hco_vid__v` FROM `parenthco` AS t JOIN `hco` AS r ON `r`.`vid__v` = `t`.`parent_hco_vid__v` WHERE NOT `t`.`parent_hco_vid__v` IS NULL AND `r`.`hco_status__v` = 'I';

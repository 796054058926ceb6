-- failures
SELECT `t`.`vid__v`, `t`.`npi_num__v` FROM `hcp` AS t WHERE NOT `t`.`npi_num__v` IS NULL AND `t`.`npi_num__v` IN (SELECT `r`.`npi` FROM `npi_deactivation` AS r WHERE NOT `r`.`npi` IS NULL);

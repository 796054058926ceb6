-- count
SELECT SUM(`n`) FROM (SELECT COUNT(*) AS n FROM `hcp` WHERE NOT `npi_num__v` IS NULL GROUP BY `npi_num__v` HAVING COUNT(*) > 1) AS d;
-- failures
SELECT `t`.`vid__v`, `t`.`npi_num__v` FROM `hcp` AS t JOIN (SELECT `npi_num__v` AS g0 FROM `hcp` WHERE NOT `npi_num__v` IS NULL GROUP BY `npi_num__v` HAVING COUNT(*) > 1) AS d ON `t`.`npi_num__v` = `d`.`g0` WHERE NOT `t`.`npi_num__v` IS NULL;

PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE vdq_run (
    run_id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    rules_version TEXT NOT NULL,
    veeva_dq_version TEXT NOT NULL,
    as_of TEXT NOT NULL,
    selector TEXT NOT NULL,
    engine TEXT NOT NULL,
    rules_run INTEGER NOT NULL DEFAULT 0,
    rules_failed INTEGER NOT NULL DEFAULT 0,
    issues INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    new_issues INTEGER,
    open_issues INTEGER,
    resolved_issues INTEGER,
    source TEXT
);
INSERT INTO vdq_run VALUES(1,'2026-12-04T17:00:14.915+00:00','2026-12-04T17:00:14.931+00:00','complete','core 1.0 (f2ac66dd4a69); pack 0 (fb6c356516ce)','0.1.0','2026-01-01','all','sqlite',66,4,66,NULL,66,0,0,'');
INSERT INTO vdq_run VALUES(2,'2026-12-04T17:00:17.271+00:00','2026-12-04T17:00:17.304+00:00','complete','core 1.0 (f2ac66dd4a69); pack 0 (fb6c356516ce)','0.1.0','2026-01-01','all','sqlite',66,6,80,NULL,17,63,3,'');
INSERT INTO vdq_run VALUES(3,'2026-12-04T17:00:18.661+00:00','2026-12-04T17:00:18.668+00:00','complete','core 1.0 (f2ac66dd4a69); pack 0 (fb6c356516ce)','0.1.0','2026-01-01','npi','sqlite',9,2,10,NULL,0,10,0,'');
CREATE TABLE vdq_rule_result (
    run_id INTEGER NOT NULL REFERENCES vdq_run(run_id),
    rule_id TEXT NOT NULL,
    object TEXT NOT NULL,
    dimension TEXT NOT NULL,
    severity TEXT NOT NULL,
    description TEXT NOT NULL,
    checked INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    pass_rate REAL,
    passed INTEGER NOT NULL,
    baseline_run_id INTEGER,
    new_issues INTEGER,
    open_issues INTEGER,
    resolved_issues INTEGER,
    PRIMARY KEY (run_id, rule_id)
);
INSERT INTO vdq_rule_result VALUES(1,'hcp_last_name_required','hcp','completeness','error','Every HCP has a last name.',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_first_name_required','hcp','completeness','error','Every HCP has a first name.',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_npi_format','hcp','validity','error','An HCP NPI is ten digits.',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_npi_check_digit','hcp','validity','error','An HCP NPI starts with 1 or 2 and has a correct CMS (Luhn, prefix 80840) check digit.',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_npi_unique','hcp','uniqueness','error','No two HCPs share an NPI.',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_npi_not_on_hco','hcp','consistency','error','An HCP NPI is not also an HCO''s NPI (type 1 and type 2 NPIs never overlap).',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_npi_deactivated','hcp','consistency','warning','An active HCP does not carry an NPI that NPPES lists as deactivated.',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_status_picklist','hcp','validity','error','HCP status is a code of the status picklist.',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_record_state_picklist','hcp','validity','error','Record state is a Veeva record-state code.',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_gender_picklist','hcp','validity','warning','Gender is a code of the gender picklist.',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_type_picklist','hcp','validity','warning','HCP type is a code of the HCP type picklist.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_prefix_picklist','hcp','validity','info','Name prefix is a code of the prefix picklist.',39,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_suffix_picklist','hcp','validity','info','Name suffix is a code of the suffix picklist.',1,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_medical_degree_picklist','hcp','validity','warning','Medical degree is a code of the medical degree picklist.',54,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_specialty_nucc','hcp','validity','error','Specialty is a code of the NUCC Health Care Provider Taxonomy (v25.1).',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_email_format','hcp','validity','warning','Email is a single address of the form name@domain.tld.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_modified_date_valid','hcp','validity','warning','Last modified date is a real calendar date written YYYY-MM-DD.',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_modified_date_not_future','hcp','timeliness','warning','Last modified date is not after the as-of date.',61,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hcp_stale_record','hcp','timeliness','info','An active HCP was updated within five years of the as-of date.',61,49,0.19672131147540983242,0,NULL,49,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hco_name_required','hco','completeness','error','Every HCO has a corporate name.',15,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hco_npi_format','hco','validity','error','An HCO NPI is ten digits.',15,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hco_npi_check_digit','hco','validity','error','An HCO NPI starts with 1 or 2 and has a correct CMS (Luhn, prefix 80840) check digit.',15,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hco_npi_unique','hco','uniqueness','error','No two HCOs share an NPI.',15,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hco_npi_deactivated','hco','consistency','warning','An active HCO does not carry an NPI that NPPES lists as deactivated.',15,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hco_status_picklist','hco','validity','error','HCO status is a code of the status picklist.',15,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hco_record_state_picklist','hco','validity','error','Record state is a Veeva record-state code.',15,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hco_type_picklist','hco','validity','warning','HCO type is a code of the HCO type picklist.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'hco_modified_date_valid','hco','validity','warning','Last modified date is a real calendar date written YYYY-MM-DD.',15,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_owner_exists','address','integrity','error','Every address belongs to an HCP or HCO that exists.',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_line_1_required','address','completeness','error','Every address has a first address line.',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_locality_required','address','completeness','error','Every address has a city.',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_country_required','address','completeness','error','Every address has a country.',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_country_iso','address','validity','error','Country is an ISO 3166-1 alpha-2 code.',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_us_state_required','address','completeness','error','A US address has a state.',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_us_state_valid','address','validity','error','A US address''s state is a USPS state or territory code in US-XX form.',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_area_matches_country','address','consistency','error','The state''s country (the prefix of US-MA) is the address''s country.',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_us_zip_required','address','completeness','error','A US address has a ZIP code.',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_us_zip_format','address','validity','error','A US ZIP code is 5 digits or ZIP+4 (99999-9999).',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_us_phone_format','address','validity','warning','A US phone number is a 10-digit NANP number (area code and exchange not starting 0 or 1).',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_us_fax_format','address','validity','info','A US fax number is a 10-digit NANP number.',67,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_status_picklist','address','validity','error','Address status is a code of the status picklist.',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_record_state_picklist','address','validity','error','Record state is a Veeva record-state code.',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_primary_unique','address','uniqueness','warning','An HCP or HCO has at most one primary address (rank 1).',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'address_duplicate','address','uniqueness','warning','An HCP or HCO does not have the same street address twice (case and spaces ignored).',76,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'license_owner_exists','license','integrity','error','Every license belongs to an HCP or HCO that exists.',107,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'license_number_required','license','completeness','error','Every license has a license number.',107,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'license_type_picklist','license','validity','error','License type is a code of the license type picklist.',107,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'license_status_picklist','license','validity','error','License status is a code of the status picklist.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'license_state_body_valid','license','validity','error','A state license is issued by a US state or territory (US-XX).',107,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'license_dea_format','license','validity','error','A DEA number is a registrant-type letter, a letter or 9, and seven digits.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'license_dea_check_digit','license','validity','error','A DEA number''s seventh digit is its check digit ((d1+d3+d5) + 2(d2+d4+d6), last digit).',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'license_drug_schedule','license','validity','warning','DEA drug schedules are 2, 2N, 3, 3N, 4 or 5, separated by commas.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'license_expiration_date_valid','license','validity','warning','Expiration date is a real calendar date written YYYY-MM-DD.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'license_expired_active','license','consistency','error','A license marked active has not expired as of the as-of date.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'license_number_shared','license','uniqueness','warning','A license number from one body is held by one HCP or HCO only.',107,0,1.0,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'parenthco_child_exists','parenthco','integrity','error','Every affiliation''s child is an HCP or HCO that exists.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'parenthco_parent_exists','parenthco','integrity','error','Every affiliation''s parent is an HCO that exists.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'parenthco_not_self','parenthco','consistency','error','An HCO is not its own parent.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'parenthco_active_to_inactive_hco','parenthco','consistency','warning','An active affiliation does not point to an inactive HCO.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'parenthco_status_picklist','parenthco','validity','error','Affiliation status is a code of the status picklist.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'parenthco_relationship_type_picklist','parenthco','validity','warning','Relationship type is a code of the relationship type picklist.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'parenthco_primary_flag','parenthco','validity','warning','The primary-relationship flag is Y or N.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'parenthco_one_primary','parenthco','uniqueness','warning','An HCP or HCO has at most one active primary parent HCO.',0,0,NULL,1,NULL,0,0,0);
INSERT INTO vdq_rule_result VALUES(1,'fx_rows','hcp','completeness','warning','At least 1000 HCPs are loaded.',1,1,0.0,0,NULL,1,0,0);
INSERT INTO vdq_rule_result VALUES(1,'fx_template','hcp','completeness','info','Middle names are recorded.',61,10,0.83606557377049184331,0,NULL,10,0,0);
INSERT INTO vdq_rule_result VALUES(1,'fx_no_column','hcp','validity','warning','Last names are not ''SMITH''.',61,6,0.90163934426229508378,0,NULL,6,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_last_name_required','hcp','completeness','error','Every HCP has a last name.',61,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_first_name_required','hcp','completeness','error','Every HCP has a first name.',61,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_npi_format','hcp','validity','error','An HCP NPI is ten digits.',61,5,0.91803278688524592165,0,1,5,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_npi_check_digit','hcp','validity','error','An HCP NPI starts with 1 or 2 and has a correct CMS (Luhn, prefix 80840) check digit.',56,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_npi_unique','hcp','uniqueness','error','No two HCPs share an NPI.',61,5,0.91803278688524592165,0,1,5,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_npi_not_on_hco','hcp','consistency','error','An HCP NPI is not also an HCO''s NPI (type 1 and type 2 NPIs never overlap).',61,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_npi_deactivated','hcp','consistency','warning','An active HCP does not carry an NPI that NPPES lists as deactivated.',61,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_status_picklist','hcp','validity','error','HCP status is a code of the status picklist.',61,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_record_state_picklist','hcp','validity','error','Record state is a Veeva record-state code.',61,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_gender_picklist','hcp','validity','warning','Gender is a code of the gender picklist.',61,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_type_picklist','hcp','validity','warning','HCP type is a code of the HCP type picklist.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_prefix_picklist','hcp','validity','info','Name prefix is a code of the prefix picklist.',39,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_suffix_picklist','hcp','validity','info','Name suffix is a code of the suffix picklist.',1,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_medical_degree_picklist','hcp','validity','warning','Medical degree is a code of the medical degree picklist.',54,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_specialty_nucc','hcp','validity','error','Specialty is a code of the NUCC Health Care Provider Taxonomy (v25.1).',61,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_email_format','hcp','validity','warning','Email is a single address of the form name@domain.tld.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_modified_date_valid','hcp','validity','warning','Last modified date is a real calendar date written YYYY-MM-DD.',61,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_modified_date_not_future','hcp','timeliness','warning','Last modified date is not after the as-of date.',61,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hcp_stale_record','hcp','timeliness','info','An active HCP was updated within five years of the as-of date.',61,49,0.19672131147540983242,0,1,0,49,0);
INSERT INTO vdq_rule_result VALUES(2,'hco_name_required','hco','completeness','error','Every HCO has a corporate name.',15,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hco_npi_format','hco','validity','error','An HCO NPI is ten digits.',15,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hco_npi_check_digit','hco','validity','error','An HCO NPI starts with 1 or 2 and has a correct CMS (Luhn, prefix 80840) check digit.',15,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hco_npi_unique','hco','uniqueness','error','No two HCOs share an NPI.',15,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hco_npi_deactivated','hco','consistency','warning','An active HCO does not carry an NPI that NPPES lists as deactivated.',15,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hco_status_picklist','hco','validity','error','HCO status is a code of the status picklist.',15,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hco_record_state_picklist','hco','validity','error','Record state is a Veeva record-state code.',15,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hco_type_picklist','hco','validity','warning','HCO type is a code of the HCO type picklist.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'hco_modified_date_valid','hco','validity','warning','Last modified date is a real calendar date written YYYY-MM-DD.',15,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_owner_exists','address','integrity','error','Every address belongs to an HCP or HCO that exists.',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_line_1_required','address','completeness','error','Every address has a first address line.',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_locality_required','address','completeness','error','Every address has a city.',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_country_required','address','completeness','error','Every address has a country.',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_country_iso','address','validity','error','Country is an ISO 3166-1 alpha-2 code.',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_us_state_required','address','completeness','error','A US address has a state.',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_us_state_valid','address','validity','error','A US address''s state is a USPS state or territory code in US-XX form.',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_area_matches_country','address','consistency','error','The state''s country (the prefix of US-MA) is the address''s country.',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_us_zip_required','address','completeness','error','A US address has a ZIP code.',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_us_zip_format','address','validity','error','A US ZIP code is 5 digits or ZIP+4 (99999-9999).',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_us_phone_format','address','validity','warning','A US phone number is a 10-digit NANP number (area code and exchange not starting 0 or 1).',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_us_fax_format','address','validity','info','A US fax number is a 10-digit NANP number.',67,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_status_picklist','address','validity','error','Address status is a code of the status picklist.',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_record_state_picklist','address','validity','error','Record state is a Veeva record-state code.',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_primary_unique','address','uniqueness','warning','An HCP or HCO has at most one primary address (rank 1).',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'address_duplicate','address','uniqueness','warning','An HCP or HCO does not have the same street address twice (case and spaces ignored).',76,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'license_owner_exists','license','integrity','error','Every license belongs to an HCP or HCO that exists.',107,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'license_number_required','license','completeness','error','Every license has a license number.',107,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'license_type_picklist','license','validity','error','License type is a code of the license type picklist.',107,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'license_status_picklist','license','validity','error','License status is a code of the status picklist.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'license_state_body_valid','license','validity','error','A state license is issued by a US state or territory (US-XX).',107,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'license_dea_format','license','validity','error','A DEA number is a registrant-type letter, a letter or 9, and seven digits.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'license_dea_check_digit','license','validity','error','A DEA number''s seventh digit is its check digit ((d1+d3+d5) + 2(d2+d4+d6), last digit).',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'license_drug_schedule','license','validity','warning','DEA drug schedules are 2, 2N, 3, 3N, 4 or 5, separated by commas.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'license_expiration_date_valid','license','validity','warning','Expiration date is a real calendar date written YYYY-MM-DD.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'license_expired_active','license','consistency','error','A license marked active has not expired as of the as-of date.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'license_number_shared','license','uniqueness','warning','A license number from one body is held by one HCP or HCO only.',107,0,1.0,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'parenthco_child_exists','parenthco','integrity','error','Every affiliation''s child is an HCP or HCO that exists.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'parenthco_parent_exists','parenthco','integrity','error','Every affiliation''s parent is an HCO that exists.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'parenthco_not_self','parenthco','consistency','error','An HCO is not its own parent.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'parenthco_active_to_inactive_hco','parenthco','consistency','warning','An active affiliation does not point to an inactive HCO.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'parenthco_status_picklist','parenthco','validity','error','Affiliation status is a code of the status picklist.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'parenthco_relationship_type_picklist','parenthco','validity','warning','Relationship type is a code of the relationship type picklist.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'parenthco_primary_flag','parenthco','validity','warning','The primary-relationship flag is Y or N.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'parenthco_one_primary','parenthco','uniqueness','warning','An HCP or HCO has at most one active primary parent HCO.',0,0,NULL,1,1,0,0,0);
INSERT INTO vdq_rule_result VALUES(2,'fx_rows','hcp','completeness','warning','At least 1000 HCPs are loaded.',1,1,0.0,0,1,0,1,0);
INSERT INTO vdq_rule_result VALUES(2,'fx_template','hcp','completeness','info','Middle names are recorded.',61,7,0.88524590163934424591,0,1,0,7,3);
INSERT INTO vdq_rule_result VALUES(2,'fx_no_column','hcp','validity','warning','Last names are not ''SMITH''.',61,13,0.7868852459016393297,0,1,7,6,0);
INSERT INTO vdq_rule_result VALUES(3,'hcp_npi_format','hcp','validity','error','An HCP NPI is ten digits.',61,5,0.91803278688524592165,0,2,0,5,0);
INSERT INTO vdq_rule_result VALUES(3,'hcp_npi_check_digit','hcp','validity','error','An HCP NPI starts with 1 or 2 and has a correct CMS (Luhn, prefix 80840) check digit.',56,0,1.0,1,2,0,0,0);
INSERT INTO vdq_rule_result VALUES(3,'hcp_npi_unique','hcp','uniqueness','error','No two HCPs share an NPI.',61,5,0.91803278688524592165,0,2,0,5,0);
INSERT INTO vdq_rule_result VALUES(3,'hcp_npi_not_on_hco','hcp','consistency','error','An HCP NPI is not also an HCO''s NPI (type 1 and type 2 NPIs never overlap).',61,0,1.0,1,2,0,0,0);
INSERT INTO vdq_rule_result VALUES(3,'hcp_npi_deactivated','hcp','consistency','warning','An active HCP does not carry an NPI that NPPES lists as deactivated.',61,0,1.0,1,2,0,0,0);
INSERT INTO vdq_rule_result VALUES(3,'hco_npi_format','hco','validity','error','An HCO NPI is ten digits.',15,0,1.0,1,2,0,0,0);
INSERT INTO vdq_rule_result VALUES(3,'hco_npi_check_digit','hco','validity','error','An HCO NPI starts with 1 or 2 and has a correct CMS (Luhn, prefix 80840) check digit.',15,0,1.0,1,2,0,0,0);
INSERT INTO vdq_rule_result VALUES(3,'hco_npi_unique','hco','uniqueness','error','No two HCOs share an NPI.',15,0,1.0,1,2,0,0,0);
INSERT INTO vdq_rule_result VALUES(3,'hco_npi_deactivated','hco','consistency','warning','An active HCO does not carry an NPI that NPPES lists as deactivated.',15,0,1.0,1,2,0,0,0);
CREATE TABLE vdq_issue (
    run_id INTEGER NOT NULL REFERENCES vdq_run(run_id),
    rule_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    dimension TEXT NOT NULL,
    object TEXT NOT NULL,
    record_id TEXT,
    "column" TEXT,
    value TEXT,
    message TEXT NOT NULL,
    issue_key TEXT,
    status TEXT
);
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1679576722','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','2e70ac451326f7c1','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1588667638','modified_date__v','2014-05-29','Active HCP last updated 2014-05-29, more than five years ago.','30eeb61ff1923f0e','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1215930367','modified_date__v','2014-11-25','Active HCP last updated 2014-11-25, more than five years ago.','72e7e3fc77aaaa99','new');
INSERT INTO vdq_issue VALUES(1,'fx_template','info','completeness','hcp','1215930367','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','3f50fd673a8b68f6','new');
INSERT INTO vdq_issue VALUES(1,'fx_no_column','warning','validity','hcp','1932102084',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','6cd596a2e3e96954','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1841293990','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','d58eff33f65bdd16','new');
INSERT INTO vdq_issue VALUES(1,'fx_template','info','completeness','hcp','1841293990','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','fa09c73f05e8e2b7','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1750384806','modified_date__v','2017-03-10','Active HCP last updated 2017-03-10, more than five years ago.','e089cffae44bfb17','new');
INSERT INTO vdq_issue VALUES(1,'fx_template','info','completeness','hcp','1750384806','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','c7e74c6a2019d7b8','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1669475711','modified_date__v','2020-03-01','Active HCP last updated 2020-03-01, more than five years ago.','4ec48c3a7229375d','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1578566626','modified_date__v','2015-02-12','Active HCP last updated 2015-02-12, more than five years ago.','879f024b66637fde','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1205839354','modified_date__v','2015-05-06','Active HCP last updated 2015-05-06, more than five years ago.','3deafc06bc172eb9','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1114920261','modified_date__v','2016-08-20','Active HCP last updated 2016-08-20, more than five years ago.','62f1ff1b0a2e5862','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1932102985','modified_date__v','2019-12-24','Active HCP last updated 2019-12-24, more than five years ago.','e29f08284a2b8896','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1841293891','modified_date__v','2016-01-21','Active HCP last updated 2016-01-21, more than five years ago.','ddc20c2a5862e7a7','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1750384707','modified_date__v','2012-03-05','Active HCP last updated 2012-03-05, more than five years ago.','cfb8a6469922a643','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1205839255','modified_date__v','2011-04-04','Active HCP last updated 2011-04-04, more than five years ago.','1578934665062793','new');
INSERT INTO vdq_issue VALUES(1,'fx_template','info','completeness','hcp','1114920162','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','65b043634b412c0a','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1922001973','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','2297c653fbeee4a8','new');
INSERT INTO vdq_issue VALUES(1,'fx_no_column','warning','validity','hcp','1922001973',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','918630c84154c61c','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1831192889','modified_date__v','2007-07-09','Active HCP last updated 2007-07-09, more than five years ago.','07a8191a92a5f7f0','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1659374601','modified_date__v','2011-10-20','Active HCP last updated 2011-10-20, more than five years ago.','8c4bd60ab4b0f1e1','new');
INSERT INTO vdq_issue VALUES(1,'fx_template','info','completeness','hcp','1568465516','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','d51208a1d3bc8b06','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1477556421','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','440e62d2457440b6','new');
INSERT INTO vdq_issue VALUES(1,'fx_template','info','completeness','hcp','1255334207','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','3407212f6c2050a0','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1164425112','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','06b8db1348f6a747','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1073516027','modified_date__v','2017-04-05','Active HCP last updated 2017-04-05, more than five years ago.','feed4153478c9f71','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1619970662','modified_date__v','2020-11-19','Active HCP last updated 2020-11-19, more than five years ago.','42264b2020c05b04','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1245233295','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','5e3a585d09efec02','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1871596825','modified_date__v','2007-09-28','Active HCP last updated 2007-09-28, more than five years ago.','f6889ad090008826','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1780687731','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','068fc6f23281ad86','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1508869553','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','b11193c0615d2171','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1417950460','modified_date__v','2014-05-02','Active HCP last updated 2014-05-02, more than five years ago.','71f24aa8cc3139db','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1225031271','modified_date__v','2009-12-01','Active HCP last updated 2009-12-01, more than five years ago.','e9be90e8dc219909','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1134122187','modified_date__v','2008-05-09','Active HCP last updated 2008-05-09, more than five years ago.','d98eba6db2c6a6d5','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1952304909','modified_date__v','2015-05-11','Active HCP last updated 2015-05-11, more than five years ago.','3aa7226248cd1597','new');
INSERT INTO vdq_issue VALUES(1,'fx_template','info','completeness','hcp','1952304909','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','25ef5c3ebfb37ae0','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1861495814','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','13f20a5ff81d8597','new');
INSERT INTO vdq_issue VALUES(1,'fx_no_column','warning','validity','hcp','1861495814',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','b3c5471cf75e1db3','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1689677635','modified_date__v','2016-05-27','Active HCP last updated 2016-05-27, more than five years ago.','2711b8fed1dfb6f5','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1598768541','modified_date__v','2008-08-27','Active HCP last updated 2008-08-27, more than five years ago.','85b9bd6a0dac3b1b','new');
INSERT INTO vdq_issue VALUES(1,'fx_no_column','warning','validity','hcp','1598768541',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','9b9fcb8e847f8823','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1407859457','modified_date__v','2017-04-04','Active HCP last updated 2017-04-04, more than five years ago.','edc02bb4cad31c0d','new');
INSERT INTO vdq_issue VALUES(1,'fx_template','info','completeness','hcp','1316940364','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','2755f1753e49c7a9','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1124021175','modified_date__v','2007-11-13','Active HCP last updated 2007-11-13, more than five years ago.','fca07232733f2445','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1033112081','modified_date__v','2014-10-09','Active HCP last updated 2014-10-09, more than five years ago.','45f67ea68583982a','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1942203997','modified_date__v','2016-10-06','Active HCP last updated 2016-10-06, more than five years ago.','592ddc8e9eec5680','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1649273681','modified_date__v','2007-07-09','Active HCP last updated 2007-07-09, more than five years ago.','10a1f1f698b2f3f1','new');
INSERT INTO vdq_issue VALUES(1,'fx_template','info','completeness','hcp','1649273681','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','40c4532029d3189f','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1558364596','modified_date__v','2011-12-11','Active HCP last updated 2011-12-11, more than five years ago.','b753884c5c871dc5','new');
INSERT INTO vdq_issue VALUES(1,'fx_template','info','completeness','hcp','1558364596','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','3b41aff1f83ff7d4','new');
INSERT INTO vdq_issue VALUES(1,'fx_no_column','warning','validity','hcp','1558364596',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','119003440836f4ab','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1467455402','modified_date__v','2011-10-05','Active HCP last updated 2011-10-05, more than five years ago.','2cd23cf175fa8f0e','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1376546317','modified_date__v','2016-05-01','Active HCP last updated 2016-05-01, more than five years ago.','e83c2f50ce7cff83','new');
INSERT INTO vdq_issue VALUES(1,'fx_no_column','warning','validity','hcp','1376546317',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','07f7aee3632e86d9','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1285637223','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','b0cb67365f63e013','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1194728139','modified_date__v','2020-07-31','Active HCP last updated 2020-07-31, more than five years ago.','762e7a6cc207419e','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1003819046','modified_date__v','2017-05-10','Active HCP last updated 2017-05-10, more than five years ago.','3c2889f839071e27','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1912900952','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','b73bca2bbaee3d3a','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1306849336','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','8e9a1c8dc49bd2a4','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1215930243','modified_date__v','2020-03-25','Active HCP last updated 2020-03-25, more than five years ago.','16e76fb591df3250','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1841293875','modified_date__v','2011-09-26','Active HCP last updated 2011-09-26, more than five years ago.','d6293f1ee6f05671','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1750384780','modified_date__v','2014-02-12','Active HCP last updated 2014-02-12, more than five years ago.','205137c3df5c9649','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1669475695','modified_date__v','2009-01-15','Active HCP last updated 2009-01-15, more than five years ago.','a57fa455c7a72971','new');
INSERT INTO vdq_issue VALUES(1,'hcp_stale_record','info','timeliness','hcp','1487657417','modified_date__v','2017-03-31','Active HCP last updated 2017-03-31, more than five years ago.','549b124d94efcba2','new');
INSERT INTO vdq_issue VALUES(1,'fx_rows','warning','completeness','hcp',NULL,NULL,'61','hcp has 61 rows; the rule allows at least 1,000.','1bff37c00788a9ff','new');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1679576722','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','2e70ac451326f7c1','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1588667638','modified_date__v','2014-05-29','Active HCP last updated 2014-05-29, more than five years ago.','30eeb61ff1923f0e','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1215930367','modified_date__v','2014-11-25','Active HCP last updated 2014-11-25, more than five years ago.','72e7e3fc77aaaa99','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1932102084',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','6cd596a2e3e96954','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1841293990','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','d58eff33f65bdd16','open');
INSERT INTO vdq_issue VALUES(2,'fx_template','info','completeness','hcp','1841293990','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','fa09c73f05e8e2b7','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1750384806','modified_date__v','2017-03-10','Active HCP last updated 2017-03-10, more than five years ago.','e089cffae44bfb17','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1669475711','modified_date__v','2020-03-01','Active HCP last updated 2020-03-01, more than five years ago.','4ec48c3a7229375d','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1669475711',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','aa752e193c7c9c6e','new');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1578566626','modified_date__v','2015-02-12','Active HCP last updated 2015-02-12, more than five years ago.','879f024b66637fde','open');
INSERT INTO vdq_issue VALUES(2,'hcp_npi_format','error','validity','hcp','1205839354','npi_num__v','123','NPI ''123'' is not ten digits.','1b220ac791f889f7','new');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1205839354','modified_date__v','2015-05-06','Active HCP last updated 2015-05-06, more than five years ago.','3deafc06bc172eb9','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1114920261','modified_date__v','2016-08-20','Active HCP last updated 2016-08-20, more than five years ago.','62f1ff1b0a2e5862','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1932102985','modified_date__v','2019-12-24','Active HCP last updated 2019-12-24, more than five years ago.','e29f08284a2b8896','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1841293891','modified_date__v','2016-01-21','Active HCP last updated 2016-01-21, more than five years ago.','ddc20c2a5862e7a7','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1841293891',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','c2d09a32f41b7e19','new');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1750384707','modified_date__v','2012-03-05','Active HCP last updated 2012-03-05, more than five years ago.','cfb8a6469922a643','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1205839255','modified_date__v','2011-04-04','Active HCP last updated 2011-04-04, more than five years ago.','1578934665062793','open');
INSERT INTO vdq_issue VALUES(2,'fx_template','info','completeness','hcp','1114920162','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','65b043634b412c0a','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1922001973','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','2297c653fbeee4a8','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1922001973',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','918630c84154c61c','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1831192889','modified_date__v','2007-07-09','Active HCP last updated 2007-07-09, more than five years ago.','07a8191a92a5f7f0','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1831192889',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','ff92452e2daf3853','new');
INSERT INTO vdq_issue VALUES(2,'hcp_npi_format','error','validity','hcp','1659374601','npi_num__v','123','NPI ''123'' is not ten digits.','4892072d22405929','new');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1659374601','modified_date__v','2011-10-20','Active HCP last updated 2011-10-20, more than five years ago.','8c4bd60ab4b0f1e1','open');
INSERT INTO vdq_issue VALUES(2,'fx_template','info','completeness','hcp','1568465516','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','d51208a1d3bc8b06','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1477556421','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','440e62d2457440b6','open');
INSERT INTO vdq_issue VALUES(2,'fx_template','info','completeness','hcp','1255334207','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','3407212f6c2050a0','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1164425112','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','06b8db1348f6a747','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1073516027','modified_date__v','2017-04-05','Active HCP last updated 2017-04-05, more than five years ago.','feed4153478c9f71','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1619970662','modified_date__v','2020-11-19','Active HCP last updated 2020-11-19, more than five years ago.','42264b2020c05b04','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1619970662',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','1108f15007791f02','new');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1245233295','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','5e3a585d09efec02','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1871596825','modified_date__v','2007-09-28','Active HCP last updated 2007-09-28, more than five years ago.','f6889ad090008826','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1780687731','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','068fc6f23281ad86','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1508869553','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','b11193c0615d2171','open');
INSERT INTO vdq_issue VALUES(2,'hcp_npi_format','error','validity','hcp','1417950460','npi_num__v','123','NPI ''123'' is not ten digits.','c396c4d33d70dfa0','new');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1417950460','modified_date__v','2014-05-02','Active HCP last updated 2014-05-02, more than five years ago.','71f24aa8cc3139db','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1225031271','modified_date__v','2009-12-01','Active HCP last updated 2009-12-01, more than five years ago.','e9be90e8dc219909','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1134122187','modified_date__v','2008-05-09','Active HCP last updated 2008-05-09, more than five years ago.','d98eba6db2c6a6d5','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1134122187',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','4b88a7f12e48dfc5','new');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1952304909','modified_date__v','2015-05-11','Active HCP last updated 2015-05-11, more than five years ago.','3aa7226248cd1597','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1861495814','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','13f20a5ff81d8597','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1861495814',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','b3c5471cf75e1db3','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1689677635','modified_date__v','2016-05-27','Active HCP last updated 2016-05-27, more than five years ago.','2711b8fed1dfb6f5','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1598768541','modified_date__v','2008-08-27','Active HCP last updated 2008-08-27, more than five years ago.','85b9bd6a0dac3b1b','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1598768541',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','9b9fcb8e847f8823','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1407859457','modified_date__v','2017-04-04','Active HCP last updated 2017-04-04, more than five years ago.','edc02bb4cad31c0d','open');
INSERT INTO vdq_issue VALUES(2,'fx_template','info','completeness','hcp','1316940364','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','2755f1753e49c7a9','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1124021175','modified_date__v','2007-11-13','Active HCP last updated 2007-11-13, more than five years ago.','fca07232733f2445','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1124021175',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','37aff386d6d432ae','new');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1033112081','modified_date__v','2014-10-09','Active HCP last updated 2014-10-09, more than five years ago.','45f67ea68583982a','open');
INSERT INTO vdq_issue VALUES(2,'hcp_npi_format','error','validity','hcp','1942203997','npi_num__v','123','NPI ''123'' is not ten digits.','cbe81b50b4a826ca','new');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1942203997','modified_date__v','2016-10-06','Active HCP last updated 2016-10-06, more than five years ago.','592ddc8e9eec5680','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1649273681','modified_date__v','2007-07-09','Active HCP last updated 2007-07-09, more than five years ago.','10a1f1f698b2f3f1','open');
INSERT INTO vdq_issue VALUES(2,'fx_template','info','completeness','hcp','1649273681','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','40c4532029d3189f','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1558364596','modified_date__v','2011-12-11','Active HCP last updated 2011-12-11, more than five years ago.','b753884c5c871dc5','open');
INSERT INTO vdq_issue VALUES(2,'fx_template','info','completeness','hcp','1558364596','middle_name__v',NULL,'middle_name__v is '''' () for this HCP','3b41aff1f83ff7d4','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1558364596',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','119003440836f4ab','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1467455402','modified_date__v','2011-10-05','Active HCP last updated 2011-10-05, more than five years ago.','2cd23cf175fa8f0e','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1376546317','modified_date__v','2016-05-01','Active HCP last updated 2016-05-01, more than five years ago.','e83c2f50ce7cff83','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1376546317',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','07f7aee3632e86d9','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1285637223','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','b0cb67365f63e013','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1194728139','modified_date__v','2020-07-31','Active HCP last updated 2020-07-31, more than five years ago.','762e7a6cc207419e','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1003819046','modified_date__v','2017-05-10','Active HCP last updated 2017-05-10, more than five years ago.','3c2889f839071e27','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1912900952','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','b73bca2bbaee3d3a','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1306849336','modified_date__v','2007-07-08','Active HCP last updated 2007-07-08, more than five years ago.','8e9a1c8dc49bd2a4','open');
INSERT INTO vdq_issue VALUES(2,'hcp_npi_format','error','validity','hcp','1215930243','npi_num__v','123','NPI ''123'' is not ten digits.','0aeb08a3ff260039','new');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1215930243','modified_date__v','2020-03-25','Active HCP last updated 2020-03-25, more than five years ago.','16e76fb591df3250','open');
INSERT INTO vdq_issue VALUES(2,'fx_no_column','warning','validity','hcp','1932102969',NULL,NULL,'Fails fx_no_column (value missing): Last names are not ''SMITH''.','7b500ec380c739db','new');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1841293875','modified_date__v','2011-09-26','Active HCP last updated 2011-09-26, more than five years ago.','d6293f1ee6f05671','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1750384780','modified_date__v','2014-02-12','Active HCP last updated 2014-02-12, more than five years ago.','205137c3df5c9649','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1669475695','modified_date__v','2009-01-15','Active HCP last updated 2009-01-15, more than five years ago.','a57fa455c7a72971','open');
INSERT INTO vdq_issue VALUES(2,'hcp_stale_record','info','timeliness','hcp','1487657417','modified_date__v','2017-03-31','Active HCP last updated 2017-03-31, more than five years ago.','549b124d94efcba2','open');
INSERT INTO vdq_issue VALUES(2,'hcp_npi_unique','error','uniqueness','hcp','1205839354','npi_num__v','123','NPI ''123'' is shared with another HCP.','7748ef649459521c','new');
INSERT INTO vdq_issue VALUES(2,'hcp_npi_unique','error','uniqueness','hcp','1659374601','npi_num__v','123','NPI ''123'' is shared with another HCP.','ab32760fc174809a','new');
INSERT INTO vdq_issue VALUES(2,'hcp_npi_unique','error','uniqueness','hcp','1417950460','npi_num__v','123','NPI ''123'' is shared with another HCP.','52e64560baffe98e','new');
INSERT INTO vdq_issue VALUES(2,'hcp_npi_unique','error','uniqueness','hcp','1942203997','npi_num__v','123','NPI ''123'' is shared with another HCP.','0a8b9ea58526620d','new');
INSERT INTO vdq_issue VALUES(2,'hcp_npi_unique','error','uniqueness','hcp','1215930243','npi_num__v','123','NPI ''123'' is shared with another HCP.','86d8a40595e1cdb3','new');
INSERT INTO vdq_issue VALUES(2,'fx_rows','warning','completeness','hcp',NULL,NULL,'61','hcp has 61 rows; the rule allows at least 1,000.','1bff37c00788a9ff','open');
INSERT INTO vdq_issue VALUES(3,'hcp_npi_unique','error','uniqueness','hcp','1205839354','npi_num__v','123','NPI ''123'' is shared with another HCP.','7748ef649459521c','open');
INSERT INTO vdq_issue VALUES(3,'hcp_npi_unique','error','uniqueness','hcp','1659374601','npi_num__v','123','NPI ''123'' is shared with another HCP.','ab32760fc174809a','open');
INSERT INTO vdq_issue VALUES(3,'hcp_npi_unique','error','uniqueness','hcp','1417950460','npi_num__v','123','NPI ''123'' is shared with another HCP.','52e64560baffe98e','open');
INSERT INTO vdq_issue VALUES(3,'hcp_npi_unique','error','uniqueness','hcp','1942203997','npi_num__v','123','NPI ''123'' is shared with another HCP.','0a8b9ea58526620d','open');
INSERT INTO vdq_issue VALUES(3,'hcp_npi_unique','error','uniqueness','hcp','1215930243','npi_num__v','123','NPI ''123'' is shared with another HCP.','86d8a40595e1cdb3','open');
INSERT INTO vdq_issue VALUES(3,'hcp_npi_format','error','validity','hcp','1205839354','npi_num__v','123','NPI ''123'' is not ten digits.','1b220ac791f889f7','open');
INSERT INTO vdq_issue VALUES(3,'hcp_npi_format','error','validity','hcp','1659374601','npi_num__v','123','NPI ''123'' is not ten digits.','4892072d22405929','open');
INSERT INTO vdq_issue VALUES(3,'hcp_npi_format','error','validity','hcp','1417950460','npi_num__v','123','NPI ''123'' is not ten digits.','c396c4d33d70dfa0','open');
INSERT INTO vdq_issue VALUES(3,'hcp_npi_format','error','validity','hcp','1942203997','npi_num__v','123','NPI ''123'' is not ten digits.','cbe81b50b4a826ca','open');
INSERT INTO vdq_issue VALUES(3,'hcp_npi_format','error','validity','hcp','1215930243','npi_num__v','123','NPI ''123'' is not ten digits.','0aeb08a3ff260039','open');
CREATE TABLE vdq_schema_version (
    component TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO vdq_schema_version VALUES('results',3);
CREATE TABLE vdq_issue_key (
        run_id INTEGER NOT NULL,
        issue_key TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        first_rowid INTEGER NOT NULL,
        issues INTEGER NOT NULL,
        status TEXT,
        PRIMARY KEY (run_id, issue_key)
    ) WITHOUT ROWID;
INSERT INTO vdq_issue_key VALUES(1,'068fc6f23281ad86','hcp_stale_record',31,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'06b8db1348f6a747','hcp_stale_record',26,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'07a8191a92a5f7f0','hcp_stale_record',21,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'07f7aee3632e86d9','fx_no_column',55,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'10a1f1f698b2f3f1','hcp_stale_record',48,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'119003440836f4ab','fx_no_column',52,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'13f20a5ff81d8597','hcp_stale_record',38,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'1578934665062793','hcp_stale_record',17,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'16e76fb591df3250','hcp_stale_record',61,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'1bff37c00788a9ff','fx_rows',66,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'205137c3df5c9649','hcp_stale_record',63,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'2297c653fbeee4a8','hcp_stale_record',19,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'25ef5c3ebfb37ae0','fx_template',37,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'2711b8fed1dfb6f5','hcp_stale_record',40,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'2755f1753e49c7a9','fx_template',44,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'2cd23cf175fa8f0e','hcp_stale_record',53,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'2e70ac451326f7c1','hcp_stale_record',1,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'30eeb61ff1923f0e','hcp_stale_record',2,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'3407212f6c2050a0','fx_template',25,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'3aa7226248cd1597','hcp_stale_record',36,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'3b41aff1f83ff7d4','fx_template',51,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'3c2889f839071e27','hcp_stale_record',58,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'3deafc06bc172eb9','hcp_stale_record',12,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'3f50fd673a8b68f6','fx_template',4,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'40c4532029d3189f','fx_template',49,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'42264b2020c05b04','hcp_stale_record',28,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'440e62d2457440b6','hcp_stale_record',24,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'45f67ea68583982a','hcp_stale_record',46,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'4ec48c3a7229375d','hcp_stale_record',10,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'549b124d94efcba2','hcp_stale_record',65,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'592ddc8e9eec5680','hcp_stale_record',47,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'5e3a585d09efec02','hcp_stale_record',29,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'62f1ff1b0a2e5862','hcp_stale_record',13,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'65b043634b412c0a','fx_template',18,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'6cd596a2e3e96954','fx_no_column',5,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'71f24aa8cc3139db','hcp_stale_record',33,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'72e7e3fc77aaaa99','hcp_stale_record',3,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'762e7a6cc207419e','hcp_stale_record',57,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'85b9bd6a0dac3b1b','hcp_stale_record',41,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'879f024b66637fde','hcp_stale_record',11,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'8c4bd60ab4b0f1e1','hcp_stale_record',22,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'8e9a1c8dc49bd2a4','hcp_stale_record',60,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'918630c84154c61c','fx_no_column',20,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'9b9fcb8e847f8823','fx_no_column',42,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'a57fa455c7a72971','hcp_stale_record',64,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'b0cb67365f63e013','hcp_stale_record',56,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'b11193c0615d2171','hcp_stale_record',32,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'b3c5471cf75e1db3','fx_no_column',39,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'b73bca2bbaee3d3a','hcp_stale_record',59,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'b753884c5c871dc5','hcp_stale_record',50,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'c7e74c6a2019d7b8','fx_template',9,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'cfb8a6469922a643','hcp_stale_record',16,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'d51208a1d3bc8b06','fx_template',23,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'d58eff33f65bdd16','hcp_stale_record',6,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'d6293f1ee6f05671','hcp_stale_record',62,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'d98eba6db2c6a6d5','hcp_stale_record',35,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'ddc20c2a5862e7a7','hcp_stale_record',15,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'e089cffae44bfb17','hcp_stale_record',8,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'e29f08284a2b8896','hcp_stale_record',14,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'e83c2f50ce7cff83','hcp_stale_record',54,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'e9be90e8dc219909','hcp_stale_record',34,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'edc02bb4cad31c0d','hcp_stale_record',43,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'f6889ad090008826','hcp_stale_record',30,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'fa09c73f05e8e2b7','fx_template',7,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'fca07232733f2445','hcp_stale_record',45,1,'new');
INSERT INTO vdq_issue_key VALUES(1,'feed4153478c9f71','hcp_stale_record',27,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'068fc6f23281ad86','hcp_stale_record',101,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'06b8db1348f6a747','hcp_stale_record',95,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'07a8191a92a5f7f0','hcp_stale_record',88,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'07f7aee3632e86d9','fx_no_column',128,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'0a8b9ea58526620d','hcp_npi_unique',144,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'0aeb08a3ff260039','hcp_npi_format',134,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'10a1f1f698b2f3f1','hcp_stale_record',121,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'1108f15007791f02','fx_no_column',98,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'119003440836f4ab','fx_no_column',125,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'13f20a5ff81d8597','hcp_stale_record',109,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'1578934665062793','hcp_stale_record',84,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'16e76fb591df3250','hcp_stale_record',135,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'1b220ac791f889f7','hcp_npi_format',77,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'1bff37c00788a9ff','fx_rows',146,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'205137c3df5c9649','hcp_stale_record',138,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'2297c653fbeee4a8','hcp_stale_record',86,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'2711b8fed1dfb6f5','hcp_stale_record',111,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'2755f1753e49c7a9','fx_template',115,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'2cd23cf175fa8f0e','hcp_stale_record',126,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'2e70ac451326f7c1','hcp_stale_record',67,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'30eeb61ff1923f0e','hcp_stale_record',68,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'3407212f6c2050a0','fx_template',94,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'37aff386d6d432ae','fx_no_column',117,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'3aa7226248cd1597','hcp_stale_record',108,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'3b41aff1f83ff7d4','fx_template',124,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'3c2889f839071e27','hcp_stale_record',131,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'3deafc06bc172eb9','hcp_stale_record',78,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'40c4532029d3189f','fx_template',122,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'42264b2020c05b04','hcp_stale_record',97,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'440e62d2457440b6','hcp_stale_record',93,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'45f67ea68583982a','hcp_stale_record',118,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'4892072d22405929','hcp_npi_format',90,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'4b88a7f12e48dfc5','fx_no_column',107,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'4ec48c3a7229375d','hcp_stale_record',74,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'52e64560baffe98e','hcp_npi_unique',143,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'549b124d94efcba2','hcp_stale_record',140,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'592ddc8e9eec5680','hcp_stale_record',120,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'5e3a585d09efec02','hcp_stale_record',99,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'62f1ff1b0a2e5862','hcp_stale_record',79,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'65b043634b412c0a','fx_template',85,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'6cd596a2e3e96954','fx_no_column',70,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'71f24aa8cc3139db','hcp_stale_record',104,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'72e7e3fc77aaaa99','hcp_stale_record',69,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'762e7a6cc207419e','hcp_stale_record',130,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'7748ef649459521c','hcp_npi_unique',141,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'7b500ec380c739db','fx_no_column',136,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'85b9bd6a0dac3b1b','hcp_stale_record',112,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'86d8a40595e1cdb3','hcp_npi_unique',145,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'879f024b66637fde','hcp_stale_record',76,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'8c4bd60ab4b0f1e1','hcp_stale_record',91,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'8e9a1c8dc49bd2a4','hcp_stale_record',133,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'918630c84154c61c','fx_no_column',87,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'9b9fcb8e847f8823','fx_no_column',113,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'a57fa455c7a72971','hcp_stale_record',139,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'aa752e193c7c9c6e','fx_no_column',75,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'ab32760fc174809a','hcp_npi_unique',142,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'b0cb67365f63e013','hcp_stale_record',129,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'b11193c0615d2171','hcp_stale_record',102,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'b3c5471cf75e1db3','fx_no_column',110,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'b73bca2bbaee3d3a','hcp_stale_record',132,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'b753884c5c871dc5','hcp_stale_record',123,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'c2d09a32f41b7e19','fx_no_column',82,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'c396c4d33d70dfa0','hcp_npi_format',103,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'cbe81b50b4a826ca','hcp_npi_format',119,1,'new');
INSERT INTO vdq_issue_key VALUES(2,'cfb8a6469922a643','hcp_stale_record',83,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'d51208a1d3bc8b06','fx_template',92,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'d58eff33f65bdd16','hcp_stale_record',71,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'d6293f1ee6f05671','hcp_stale_record',137,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'d98eba6db2c6a6d5','hcp_stale_record',106,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'ddc20c2a5862e7a7','hcp_stale_record',81,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'e089cffae44bfb17','hcp_stale_record',73,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'e29f08284a2b8896','hcp_stale_record',80,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'e83c2f50ce7cff83','hcp_stale_record',127,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'e9be90e8dc219909','hcp_stale_record',105,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'edc02bb4cad31c0d','hcp_stale_record',114,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'f6889ad090008826','hcp_stale_record',100,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'fa09c73f05e8e2b7','fx_template',72,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'fca07232733f2445','hcp_stale_record',116,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'feed4153478c9f71','hcp_stale_record',96,1,'open');
INSERT INTO vdq_issue_key VALUES(2,'ff92452e2daf3853','fx_no_column',89,1,'new');
INSERT INTO vdq_issue_key VALUES(3,'0a8b9ea58526620d','hcp_npi_unique',150,1,'open');
INSERT INTO vdq_issue_key VALUES(3,'0aeb08a3ff260039','hcp_npi_format',156,1,'open');
INSERT INTO vdq_issue_key VALUES(3,'1b220ac791f889f7','hcp_npi_format',152,1,'open');
INSERT INTO vdq_issue_key VALUES(3,'4892072d22405929','hcp_npi_format',153,1,'open');
INSERT INTO vdq_issue_key VALUES(3,'52e64560baffe98e','hcp_npi_unique',149,1,'open');
INSERT INTO vdq_issue_key VALUES(3,'7748ef649459521c','hcp_npi_unique',147,1,'open');
INSERT INTO vdq_issue_key VALUES(3,'86d8a40595e1cdb3','hcp_npi_unique',151,1,'open');
INSERT INTO vdq_issue_key VALUES(3,'ab32760fc174809a','hcp_npi_unique',148,1,'open');
INSERT INTO vdq_issue_key VALUES(3,'c396c4d33d70dfa0','hcp_npi_format',154,1,'open');
INSERT INTO vdq_issue_key VALUES(3,'cbe81b50b4a826ca','hcp_npi_format',155,1,'open');
CREATE TABLE vdq_issue_resolved (
        run_id INTEGER NOT NULL REFERENCES vdq_run(run_id),
        issue_key TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        severity TEXT NOT NULL,
        dimension TEXT NOT NULL,
        object TEXT NOT NULL,
        record_id TEXT,
        "column" TEXT,
        value TEXT,
        message TEXT NOT NULL,
        previous_run_id INTEGER NOT NULL REFERENCES vdq_run(run_id),
        PRIMARY KEY (run_id, issue_key)
    );
INSERT INTO vdq_issue_resolved VALUES(2,'3f50fd673a8b68f6','fx_template','info','completeness','hcp','1215930367','middle_name__v',NULL,'middle_name__v is '''' () for this HCP',1);
INSERT INTO vdq_issue_resolved VALUES(2,'c7e74c6a2019d7b8','fx_template','info','completeness','hcp','1750384806','middle_name__v',NULL,'middle_name__v is '''' () for this HCP',1);
INSERT INTO vdq_issue_resolved VALUES(2,'25ef5c3ebfb37ae0','fx_template','info','completeness','hcp','1952304909','middle_name__v',NULL,'middle_name__v is '''' () for this HCP',1);
CREATE TABLE vdq_issue_assignment (
        issue_key TEXT PRIMARY KEY,
        assignee TEXT NOT NULL,
        assigned_at TEXT NOT NULL
    );
INSERT INTO vdq_issue_assignment VALUES('1b220ac791f889f7','alice','2026-12-04T17:00:29+00:00');
CREATE TABLE vdq_issue_note (
        note_id INTEGER PRIMARY KEY,
        issue_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        author TEXT,
        text TEXT NOT NULL
    );
INSERT INTO vdq_issue_note VALUES(1,'1b220ac791f889f7','2026-12-04T17:00:36+00:00',NULL,'checked with the HCP');
CREATE TABLE vdq_metric (
    run_id INTEGER NOT NULL,
    rule_id TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, rule_id)
);
CREATE INDEX vdq_issue_run_rule ON vdq_issue (run_id, rule_id);
CREATE INDEX vdq_issue_note_key ON vdq_issue_note (issue_key, note_id);
CREATE INDEX vdq_issue_resolved_key ON vdq_issue_resolved (issue_key);
CREATE INDEX vdq_rule_result_rule ON vdq_rule_result (rule_id, run_id);
COMMIT;

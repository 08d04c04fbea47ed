-- A few rows written for opsctl's tests (not Sentrifugo data), loaded after
-- sentrifugo-schema.sql: its insert triggers fire in MariaDB, and the
-- summary tables they fill are migrated with the rest.
INSERT INTO main_roles (id, rolename, roletype, group_id, levelid, createdby, modifiedby, createddate, modifieddate, isactive) VALUES
 (2, 'Manager', 'manager', 2, 1, 1, 1, '2015-01-01 00:00:00', '2015-01-01 00:00:00', 1);
INSERT INTO main_users (id, emprole, userstatus, firstname, lastname, userfullname, emailaddress, createddate, modifieddate, isactive, employeeId) VALUES
 (2, 2, 'old', 'Ada', 'Lovelace', 'Ada Lovelace', 'ada@example.org', '2015-01-01 00:00:00', '2015-01-01 00:00:00', 1, 'EMPP0002'),
 (3, 2, 'old', 'Alan', 'Turing', 'Alan Turing', 'alan@example.org', '2015-01-01 00:00:00', '2015-01-01 00:00:00', 1, 'EMPP0003');
INSERT INTO main_businessunits (id, unitname, unitcode, address1, createdby, modifiedby, createddate, modifieddate, isactive) VALUES
 (1, 'Headquarters', 'HQ', 'Main street 1', 1, 1, '2015-01-01 00:00:00', '2015-01-01 00:00:00', 1);
INSERT INTO main_departments (id, deptname, deptcode, address1, unitid, createdby, modifiedby, createddate, modifieddate, isactive) VALUES
 (1, 'Engineering', 'ENG', 'Main street 1', 1, 1, 1, '2015-01-01 00:00:00', '2015-01-01 00:00:00', 1),
 (2, 'Sales', 'SAL', 'Main street 2', 0, 1, 1, '2015-01-01 00:00:00', '2015-01-01 00:00:00', 1);
INSERT INTO main_employeeleavetypes (id, leavetype, numberofdays, leavecode, createdby, modifiedby, createddate, modifieddate, isactive) VALUES
 (1, 'Casual', 12, 'CL', 1, 1, '2015-01-01 00:00:00', '2015-01-01 00:00:00', 1),
 (2, 'Sick', 10, 'SL', 1, 1, '2015-01-01 00:00:00', '2015-01-01 00:00:00', 1);
INSERT INTO main_employees (user_id, date_of_joining, reporting_manager, businessunit_id, department_id, createdby, modifiedby, createddate, modifieddate, isactive) VALUES
 (2, '2014-02-03', 3, 1, 1, 1, 1, '2015-01-01 00:00:00', '2015-01-01 00:00:00', 1),
 (3, '2013-05-06', 1, 0, 2, 1, 1, '2015-01-01 00:00:00', '2015-01-01 00:00:00', 1);
INSERT INTO main_leaverequest (user_id, reason, leavetypeid, leaveday, from_date, to_date, leavestatus, rep_mang_id, no_of_days, appliedleavescount, is_sat_holiday, createdby, modifiedby, createddate, modifieddate, isactive) VALUES
 (2, 'Family', 1, 1, '2015-02-02', '2015-02-03', 'Pending for approval', 3, 2, 2.0, 2, 2, 2, '2015-01-20 10:00:00', '2015-01-20 10:00:00', 1),
 (3, 'Flu', 2, 2, '2015-02-10', '2015-02-10', 'Approved', 1, 1, 0.5, 1, 3, 1, '2015-02-10 08:00:00', '2015-02-11 09:00:00', 1);
INSERT INTO main_leavemanagement (cal_startmonth, weekend_startday, weekend_endday, businessunit_id, department_id, hours_day, is_satholiday, is_halfday, is_leavetransfer, is_skipholidays, description, createdby, modifiedby, createddate, modifieddate, isactive) VALUES
 (1, 6, 0, 1, 1, 8, 2, 1, 2, 1, 'Engineering', 1, 1, '2015-01-01 00:00:00', '2015-01-01 00:00:00', 1);

package migrate_test

import (
	"fmt"
	"sync"
	"testing"
)

// Real schemas nobody here wrote (testdata/employees, testdata/opensis,
// testdata/sentrifugo;
// sources and licences in their README.md), carried by both paths (dump +
// load, live copy): every view returns the same rows, each function the
// same results, the same statements leave the same tables (triggers
// fired), migrate verify passes with exactly the objects named as not
// migrated accepted, and that list is asserted exactly.

var pubOnce sync.Map // db -> *pubLoad

type pubLoad struct {
	once sync.Once
	err  error
}

// pubDB creates db in MariaDB from the files, in order (once per run).
func pubDB(t *testing.T, db string, files ...string) {
	t.Helper()
	servers(t)
	v, _ := pubOnce.LoadOrStore(db, &pubLoad{})
	l := v.(*pubLoad)
	l.once.Do(func() {
		if _, l.err = mysqlExec("", "-e", "CREATE DATABASE "+db); l.err != nil {
			return
		}
		for _, f := range files {
			if _, l.err = mysqlExec(f, db); l.err != nil {
				return
			}
		}
	})
	if l.err != nil {
		t.Fatal(l.err)
	}
}

func TestPublicSchemaEmployees(t *testing.T) {
	pubDB(t, "employees", "testdata/employees/employees-schema.sql", "testdata/employees/employees-data.sql")
	var calls []string
	for _, e := range []int{10001, 10002, 10050, 10176, 110022, 110039, 111939, 99999} {
		calls = append(calls, fmt.Sprintf("emp_name(%d)", e))
	}
	calls = append(calls, "emp_name(NULL)", "employees_usage()")
	runObjects(t, objCase{
		db: "employees",
		untranslated: []string{
			"function current_manager", // SET @max_date: a user variable (session state)
			"function emp_dept_id",     // the same
			"function emp_dept_name",   // calls emp_dept_id
			"procedure employees_help", // returns a result set
			"procedure show_departments",
			"view v_full_departments", // calls current_manager
			"view v_full_employees",   // calls emp_dept_name
		},
		calls: calls,
		changes: []string{
			"INSERT INTO employees VALUES (20001, '1970-01-01', 'Ada', 'Lovelace', 'F', '2001-01-01')",
			"INSERT INTO dept_emp VALUES (20001, 'd005', '2001-01-01', '9999-01-01')",
			"UPDATE dept_emp SET to_date = '2002-01-01' WHERE emp_no = 10002",
			// ON DELETE CASCADE into dept_emp, titles, salaries, dept_manager
			"DELETE FROM employees WHERE emp_no IN (10003, 110022)",
		},
		tables: map[string][]string{
			"employees":    {"emp_no", "birth_date", "first_name", "last_name", "gender", "hire_date"},
			"dept_emp":     {"emp_no", "dept_no", "from_date", "to_date"},
			"dept_manager": {"emp_no", "dept_no", "from_date", "to_date"},
			"titles":       {"emp_no", "title", "from_date", "to_date"},
			"salaries":     {"emp_no", "salary", "from_date", "to_date"},
			// the views again, after the changes
			"current_dept_emp":     {"emp_no", "dept_no", "from_date", "to_date"},
			"dept_emp_latest_date": {"emp_no", "from_date", "to_date"},
		},
		verify: true,
	})
}

func TestPublicSchemaOpenSIS(t *testing.T) {
	pubDB(t, "opensis", "testdata/opensis/opensis-schema.sql", "testdata/opensis/opensis-data.sql", "testdata/opensis/opensis-routines.sql")
	var calls []string
	for _, mp := range []string{"NULL", "1", "3", "6", "9", "2", "42"} {
		for _, d := range []string{"'2024-08-14'", "'2024-08-15'", "'2024-10-16'", "'2025-01-02'", "'2025-03-22'", "'2025-06-10'", "NULL"} {
			calls = append(calls, "isdateinmarkingperiodworkingdates("+mp+", "+d+")")
		}
	}
	// a function that UPDATEs: the same students become disabled
	calls = append(calls, "student_disable(1)", "student_disable(3)", "student_disable(4)", "student_disable(8)")
	runObjects(t, objCase{
		db:       "opensis",
		dumpArgs: []string{"--events"},
		untranslated: []string{
			"event es_handler_missing_attendance",   // events have no PostgreSQL equivalent
			"event es_handler_teacher_reassignment", // the same
			"function calc_cum_gpa_mp",              // a temporary table
			"function calc_gpa_mp",                  // text = integer: MySQL compares as numbers
			"function credit",                       // IF(..., 'Y', marking_period_id): text or integer
			"function fn_marking_period_seq",        // LAST_INSERT_ID()
			"function re_calc_gpa_mp",               // text = integer
			"function set_class_rank_mp",            // SELECT DISTINCT student_id ... GROUP BY gpa: any row's value
			"procedure attendance_calc",             // INSERT ... ON DUPLICATE KEY UPDATE
			"procedure attendance_calc_by_date",     // text = integer
			"procedure calc_missing_attendance",     // text = integer
			"procedure exec_teacher_reassignment",   // a temporary table
			"procedure teacher_reassignment",        // a multiple-table UPDATE
			"trigger td_cal_missing_attendance",     // a multiple-table DELETE
			"trigger td_course_period_var",          // CALL ATTENDANCE_CALC (not migrated)
			"trigger td_schedule",                   // the same
			"trigger td_student_report_card_grades", // calls CALC_GPA_MP (not migrated)
			"trigger ti_cal_missing_attendance",     // CALL ATTENDANCE_CALC_BY_DATE (not migrated)
			"trigger ti_course_period_var",          // CALL ATTENDANCE_CALC
			"trigger ti_schdule",                    // the same
			"trigger ti_student_report_card_grades", // calls CALC_GPA_MP
			"trigger ti_user_file_upload",           // UUID(): another UUID version
			"trigger tu_course_period_var",          // CALL ATTENDANCE_CALC
			"trigger tu_course_periods",             // the same
			"trigger tu_login_authentication",       // LIKE under a case-insensitive collation
			"trigger tu_schedule",                   // CALL ATTENDANCE_CALC
			"trigger tu_student_report_card_grades", // calls CALC_GPA_MP
			"view transcript_grades",                // integer = text join
		},
		calls: calls,
		changes: []string{
			// tu_periods: the class times follow the period's
			"UPDATE school_periods SET start_time = '08:05:00', end_time = '08:55:00' WHERE period_id = 1",
			// tu_school_years, tu_school_semesters, tu_school_quarters: the
			// course periods follow their marking period's dates
			"UPDATE school_years SET start_date = '2024-08-16', end_date = '2025-06-11' WHERE marking_period_id = 1",
			"UPDATE school_semesters SET end_date = '2024-12-19' WHERE marking_period_id = 3",
			"UPDATE school_quarters SET start_date = '2024-08-19' WHERE marking_period_id = 6",
			"UPDATE school_quarters SET title = 'Q4' WHERE marking_period_id = 9",
			// procedures: drop the finished classes, refill the dropped current ones
			"CALL SEAT_COUNT()",
			"CALL SEAT_FILL()",
			// td_course_periods: its class times go with it
			"DELETE FROM course_periods WHERE course_period_id = 3",
		},
		tables: map[string][]string{
			"course_period_var": {"id", "course_period_id", "period_id", "days", "start_time", "end_time"},
			"course_periods":    {"course_period_id", "begin_date", "end_date", "filled_seats", "marking_period_id", "title"},
			"schedule":          {"id", "student_id", "course_period_id", "dropped", "end_date"},
			"students":          {"student_id", "last_name", "is_disable"},
			// the views again, after the changes
			"marking_periods": {"marking_period_id", "mp_type", "title", "start_date", "end_date", "parent_id", "grandparent_id"},
			"course_details":  {"course_period_id", "course_title", "begin_date", "end_date", "credits"},
			"enroll_grade":    {"id", "student_id", "short_name", "title"},
		},
		verify: true,
	})
}

// Sentrifugo HRMS 1.1.7's install dump (a SQLyog dump, no views): 36
// triggers that keep summary tables up to date from lookups (SELECT ...
// INTO, CONCAT, IF, LEFT JOIN, IF/ELSE blocks, UTC_TIMESTAMP()). The same
// inserts and updates leave the same summaries; the columns stamped with
// UTC_TIMESTAMP() are compared as set or not (the clocks differ).
func TestPublicSchemaSentrifugo(t *testing.T) {
	pubDB(t, "sentrifugo", "testdata/sentrifugo/sentrifugo-schema.sql", "testdata/sentrifugo/sentrifugo-seed.sql")
	runObjects(t, objCase{
		db:      "sentrifugo",
		noViews: true,
		untranslated: []string{
			"trigger main_bgchecks_aft_update",                       // a comparison of integer with text
			"trigger main_bgchecks_summary",                          // the same
			"trigger main_employees_aft_ins",                         // a date stored INTO a varchar variable
			"trigger main_employees_aft_upd",                         // the same
			"trigger main_employmentstatus_main_requisition_summary", // a multiple-table UPDATE
			"trigger main_identitycodes_aft_upd",                     // LOCATE()
		},
		// the statements are written for both databases: TRUE/FALSE for
		// the tinyint(1) columns that hold only 0 and 1 (boolean in
		// PostgreSQL), numbers for those that hold 2 (smallint)
		changes: []string{
			// main_leaverequest_aft_ins / _aft_upd: the summary row, its lookups
			"INSERT INTO main_leaverequest (user_id, reason, leavetypeid, leaveday, from_date, to_date, leavestatus, rep_mang_id, no_of_days, appliedleavescount, is_sat_holiday, createdby, modifiedby, createddate, modifieddate, isactive) VALUES (2, 'Trip', 2, 1, '2015-03-02', '2015-03-04', 'Pending for approval', 3, 3, 3.0, 2, 2, 2, '2015-02-25 10:00:00', '2015-02-25 10:00:00', TRUE)",
			"UPDATE main_leaverequest SET leavestatus = 'Approved', modifiedby = 3, modifieddate = '2015-01-21 10:00:00' WHERE id = 1",
			// main_employeeleavetypes_aft_upd
			"UPDATE main_employeeleavetypes SET leavetype = 'Casual leave' WHERE id = 1",
			// main_departments_main_requisition_summary: names, business unit
			"UPDATE main_departments SET deptname = 'R&D', deptcode = 'RND' WHERE id = 1",
			"UPDATE main_departments SET unitid = 1 WHERE id = 2",
			// main_users_aft_upd: the manager's new name everywhere
			"UPDATE main_users SET userfullname = 'Alan M. Turing' WHERE id = 3",
			// main_businessunits_main_requisition_summary
			"UPDATE main_businessunits SET unitcode = 'HQ1', unitname = 'Head office' WHERE id = 1",
			// main_leavemanagement_aft_ins / _aft_upd, main_weekdays_aftr_upd
			"INSERT INTO main_leavemanagement (cal_startmonth, weekend_startday, weekend_endday, businessunit_id, department_id, hours_day, is_satholiday, is_halfday, is_leavetransfer, is_skipholidays, description, createdby, modifiedby, createddate, modifieddate, isactive) VALUES (4, 5, 6, 1, 2, 7, 1, TRUE, 1, FALSE, 'Sales', 1, 1, '2015-03-01 00:00:00', '2015-03-01 00:00:00', TRUE)",
			"UPDATE main_leavemanagement SET hours_day = 9, is_halfday = FALSE, modifieddate = '2015-03-05 00:00:00' WHERE id = 1",
			"UPDATE main_weekdays SET description = 'Saturday (off)' WHERE day_name = 6",
		},
		tables: map[string][]string{
			"main_leaverequest_summary":    {"id", "leave_req_id", "user_id", "user_name", "department_id", "department_name", "bunit_id", "buss_unit_name", "reason", "leavetypeid", "leavetype_name", "leaveday", "from_date", "to_date", "leavestatus", "rep_mang_id", "rep_manager_name", "no_of_days", "appliedleavescount", "is_sat_holiday", "createdby", "modifiedby", "createddate", "modifieddate IS NULL", "isactive"},
			"main_leavemanagement_summary": {"id", "leavemgmt_id", "cal_startmonth", "cal_startmonthname", "weekend_startday", "weekend_startdayname", "weekend_endday", "weekend_enddayname", "businessunit_id", "businessunit_name", "department_id", "department_name", "hours_day", "is_satholiday", "is_halfday", "is_leavetransfer", "is_skipholidays", "description", "createdby", "modifiedby", "createddate", "modifieddate IS NULL", "isactive"},
			"main_employees_summary":       {"id", "user_id", "reporting_manager", "reporting_manager_name", "businessunit_id", "businessunit_name", "department_id", "department_name", "userfullname", "employeeId", "createdby", "modifiedby", "isactive"},
		},
		verify: true,
	})
}

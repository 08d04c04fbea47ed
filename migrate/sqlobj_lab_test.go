package migrate_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/opsctl/opsctl/migrate"
)

// The views, triggers, functions and procedures of a MariaDB database,
// carried by the three paths (dump + load, live copy, convert | psql),
// must behave the same in PostgreSQL: every view returns the same rows
// value by value, each function the same result for a set of arguments, and the same
// INSERT/UPDATE/DELETE/CALL leave the same tables behind.

var objOnce sync.Once
var objErr error

func objDBs(t *testing.T) {
	t.Helper()
	servers(t)
	objOnce.Do(func() {
		if _, objErr = mysqlExec("", "-e", "CREATE DATABASE sqlobj"); objErr != nil {
			return
		}
		if _, objErr = mysqlExec("testdata/sqlobj.sql", "sqlobj"); objErr != nil {
			return
		}
		if _, objErr = mysqlExec("testdata/sakila/sakila-schema.sql"); objErr != nil {
			return
		}
		_, objErr = mysqlExec("testdata/sakila/sakila-data.sql")
	})
	if objErr != nil {
		t.Fatal(objErr)
	}
}

// objCase describes what to check on one database.
type objCase struct {
	db           string
	untranslated []string            // kind name, sorted
	unordered    map[string]string   // view.column -> separator: GROUP_CONCAT without ORDER BY
	calls        []string            // SELECT f(...) expressions, the same text on both sides
	changes      []string            // statements valid on both sides, run in order
	procs        []procCall          // CALLs with OUT parameters
	failing      []string            // statements both sides refuse (SIGNAL)
	tables       map[string][]string // table -> columns to compare after the changes
	dumpArgs     []string            // more mariadb-dump options (--events)
	verify       bool                // migrate verify passes on both, the untranslated accepted
	noViews      bool                // the database has none (only triggers)
}

type procCall struct {
	my    []string // MySQL statements; the last one SELECTs the OUT values
	pg    string   // the PostgreSQL CALL (returns the OUT values)
	label string
}

// side runs queries and returns canonical text rows.
type side interface {
	rows(q string) ([][]string, error)
	exec(q string) error
}

type mySide struct{ c *sql.Conn }

func (m mySide) rows(q string) ([][]string, error) {
	rs, err := m.c.QueryContext(context.Background(), q)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var out [][]string
	for rs.Next() {
		v := make([]sql.NullString, len(cols))
		p := make([]any, len(cols))
		for i := range v {
			p[i] = &v[i]
		}
		if err := rs.Scan(p...); err != nil {
			return nil, err
		}
		row := make([]string, len(cols))
		for i := range v {
			row[i] = "NULL"
			if v[i].Valid {
				row[i] = v[i].String
			}
		}
		out = append(out, row)
	}
	return out, rs.Err()
}

func (m mySide) exec(q string) error {
	_, err := m.c.ExecContext(context.Background(), q)
	return err
}

type pgSide struct{ c *pgx.Conn }

func (p pgSide) rows(q string) ([][]string, error) {
	rs, err := p.c.Query(context.Background(), q, pgx.QueryResultFormats{pgx.TextFormatCode})
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out [][]string
	for rs.Next() {
		raw := rs.RawValues()
		row := make([]string, len(raw))
		for i, b := range raw {
			switch {
			case b == nil:
				row[i] = "NULL"
			default:
				s := string(b)
				switch rs.FieldDescriptions()[i].DataTypeOID {
				case 16: // boolean: MySQL shows 1 and 0
					s = map[string]string{"t": "1", "f": "0"}[s]
				case 1184: // timestamptz in a UTC session
					s = strings.TrimSuffix(s, "+00")
				}
				row[i] = s
			}
		}
		out = append(out, row)
	}
	return out, rs.Err()
}

func (p pgSide) exec(q string) error {
	_, err := p.c.Exec(context.Background(), q)
	return err
}

func sortedRows(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, " | "))
	}
	sort.Strings(out)
	return out
}

func diffRows(t *testing.T, what string, my, pg [][]string) {
	t.Helper()
	a, b := sortedRows(my), sortedRows(pg)
	if len(a) != len(b) {
		t.Errorf("%s: MySQL %d rows, PostgreSQL %d rows", what, len(a), len(b))
	}
	n := 0
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			t.Errorf("%s: row differs:\n  mysql: %s\n  pg:    %s", what, a[i], b[i])
			if n++; n > 3 {
				return
			}
		}
	}
}

// runObjects migrates c.db both ways and compares everything.
func runObjects(t *testing.T, c objCase) {
	objDBs(t)
	ctx := context.Background()
	// both paths first, then the changes on all three databases
	p := dump(t, append(append([]string{"--routines", "--triggers"}, c.dumpArgs...), c.db)...)
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dumpDB, liveDB, convDB := newPGDB(t), newPGDB(t), newPGDB(t)
	// as the CLI does: the scan picks types that hold every value
	// (tinyint(1) holding 2 -> smallint), as the live copy's scan does
	fit, err := migrate.Prescan(ctx, f, migrate.Options{})
	if err != nil {
		t.Fatalf("prescan: %v", err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	rep, err := migrate.Load(ctx, f, migrate.LoadOptions{Options: migrate.Options{Fit: fit}, URL: pgs.URL(dumpDB), Jobs: 3})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	crep, err := liveCopy(t, c.db, liveDB, migrate.CopyOptions{Jobs: 3})
	if err != nil {
		t.Fatalf("copy: %v", err)
	}
	// the third path: convert | psql
	if _, err := f.Seek(0, 0); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(t.TempDir(), "out.psql")
	w, err := os.Create(script)
	if err != nil {
		t.Fatal(err)
	}
	vrep, err := migrate.Convert(ctx, f, w, migrate.Options{Fit: fit})
	w.Close()
	if err != nil {
		t.Fatalf("convert: %v", err)
	}
	if o, err := pgs.Psql(convDB, "-v", "ON_ERROR_STOP=1", "-f", script); err != nil {
		t.Fatalf("psql: %v\n%s", err, o)
	} else if strings.Contains(string(o), "WARNING:  opsctl:") {
		t.Errorf("convert | psql: PostgreSQL refused objects:\n%s", o)
	}
	my, err := sql.Open("mysql", myd.DSN(c.db))
	if err != nil {
		t.Fatal(err)
	}
	defer my.Close()
	mc, err := my.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer mc.Close()
	ms := mySide{mc}
	sides := map[string]side{}
	for name, db := range map[string]string{"load": dumpDB, "copy": liveDB, "convert": convDB} {
		pc, err := pgx.Connect(ctx, pgs.URL(db))
		if err != nil {
			t.Fatal(err)
		}
		defer pc.Close(ctx)
		if _, err := pc.Exec(ctx, "SET TimeZone = 'UTC'"); err != nil {
			t.Fatal(err)
		}
		sides[name] = pgSide{pc}
	}
	for name, r := range map[string]*migrate.Report{"load": rep, "copy": crep, "convert": vrep} {
		var got []string
		for _, u := range r.Untranslated {
			got = append(got, u.Kind+" "+u.Name)
			if u.Line == 0 && !strings.Contains(u.Reason, "PostgreSQL refused") {
				t.Errorf("%s: %s has no line", name, u)
			}
			if u.MySQLText == "" {
				t.Errorf("%s: %s has no MySQL text", name, u)
			}
			t.Logf("%s: %s", name, u)
		}
		sort.Strings(got)
		if strings.Join(got, ", ") != strings.Join(c.untranslated, ", ") {
			t.Errorf("%s: untranslated = %q, want %q", name, got, c.untranslated)
		}
	}
	if c.verify {
		var accept []string
		for _, u := range c.untranslated {
			accept = append(accept, strings.Replace(u, " ", ":", 1))
		}
		for name, db := range map[string]string{"load": dumpDB, "copy": liveDB, "convert": convDB} {
			res, err := runVerifyDB(t, c.db, db, migrate.VerifyOptions{AcceptMissing: accept})
			if err != nil {
				for _, r := range res {
					if !r.OK() || len(r.Gaps) > 0 {
						t.Logf("%s: verify %s: my=%d pg=%d err=%v %+v %v", name, r.Table, r.MySQLRows, r.PGRows, r.Err, r.Mismatches, r.Gaps)
					}
				}
				t.Errorf("%s: migrate verify: %v", name, err)
			}
		}
	}
	views, err := ms.rows("SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '" + c.db + "' ORDER BY 1")
	if err != nil {
		t.Fatal(err)
	}
	if len(views) == 0 && !c.noViews {
		t.Fatal("no views")
	}
	normalize := func(view string, cols []string, rows [][]string) {
		for ci, col := range cols {
			sep, ok := c.unordered[view+"."+col]
			if !ok {
				continue
			}
			for _, r := range rows {
				parts := strings.Split(r[ci], sep)
				sort.Strings(parts)
				r[ci] = strings.Join(parts, sep)
			}
		}
	}
	compared := 0
	for _, v := range views {
		name := v[0]
		cols, err := ms.rows("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + c.db + "' AND TABLE_NAME = '" + name + "' ORDER BY ORDINAL_POSITION")
		if err != nil {
			t.Fatal(err)
		}
		var cn []string
		for _, c := range cols {
			cn = append(cn, c[0])
		}
		want, err := ms.rows("SELECT * FROM `" + name + "`")
		if err != nil {
			t.Fatalf("mysql view %s: %v", name, err)
		}
		normalize(name, cn, want)
		for sname, s := range sides {
			got, err := s.rows(`SELECT * FROM "` + strings.ToLower(name) + `"`)
			if err != nil {
				if !contains(c.untranslated, "view "+name) {
					t.Errorf("%s: view %s: %v", sname, name, err)
				}
				continue
			}
			normalize(name, cn, got)
			diffRows(t, sname+": view "+name, want, got)
			compared++
		}
	}
	for _, q := range c.calls {
		want, err := ms.rows("SELECT " + q)
		if err != nil {
			want = [][]string{{"ERROR"}}
		}
		for sname, s := range sides {
			got, err := s.rows("SELECT " + q)
			if err != nil {
				got = [][]string{{"ERROR"}}
			}
			diffRows(t, sname+": "+q, want, got)
		}
	}
	for _, q := range c.changes {
		if err := ms.exec(q); err != nil {
			t.Fatalf("mysql: %s: %v", q, err)
		}
		for sname, s := range sides {
			if err := s.exec(q); err != nil {
				t.Errorf("%s: %s: %v", sname, q, err)
			}
		}
	}
	for _, pc := range c.procs {
		var want [][]string
		for _, q := range pc.my {
			if want, err = ms.rows(q); err != nil {
				t.Fatalf("mysql: %s: %v", q, err)
			}
		}
		for sname, s := range sides {
			got, err := s.rows(pc.pg)
			if err != nil {
				t.Errorf("%s: %s: %v", sname, pc.pg, err)
				continue
			}
			diffRows(t, sname+": "+pc.label, want, got)
		}
	}
	for _, q := range c.failing {
		err := ms.exec(q)
		var me *mysql.MySQLError
		if !errors.As(err, &me) {
			t.Fatalf("mysql: %s: want a refusal, got %v", q, err)
		}
		for sname, s := range sides {
			// SIGNAL -> RAISE: the same SQLSTATE and message text
			err := s.exec(q)
			var pe *pgconn.PgError
			if !errors.As(err, &pe) || pe.Code != string(me.SQLState[:]) || pe.Message != me.Message {
				t.Errorf("%s: %s: got %v, want SQLSTATE %s %q (as MySQL)", sname, q, err, me.SQLState[:], me.Message)
			}
		}
	}
	for tbl, cols := range c.tables {
		q := "SELECT " + strings.Join(cols, ", ") + " FROM " + tbl
		want, err := ms.rows(q)
		if err != nil {
			t.Fatal(err)
		}
		for sname, s := range sides {
			got, err := s.rows(q)
			if err != nil {
				t.Errorf("%s: %s: %v", sname, q, err)
				continue
			}
			diffRows(t, sname+": table "+tbl+" after the changes", want, got)
		}
	}
	t.Logf("%s: %d views (%d compared per path), %d not migrated; %d calls, %d changes, %d procedure calls, %d refused statements, %d tables compared after them, on the three paths (load, copy, convert | psql)",
		c.db, len(views), compared/3, len(c.untranslated), len(c.calls), len(c.changes), len(c.procs), len(c.failing), len(c.tables))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func TestSQLObjectsCorpus(t *testing.T) {
	var calls []string
	for _, a := range []string{"3000, 5", "2500.50, 3", "1800, 1", "1200, NULL", "0, 4"} {
		calls = append(calls, "bonus("+a+")")
	}
	for _, n := range []string{"0", "1", "5", "12", "-3"} {
		calls = append(calls, "fact("+n+")", "digits("+n+")", "odd_sum("+n+")", "grade_name("+n+")")
	}
	calls = append(calls, "digits(123456)", "grade_name(NULL)", "dept_payroll(1)", "dept_payroll(2)", "dept_payroll(9)")
	// a function that calls a writing one sees what it wrote
	calls = append(calls, "bump_read('audit')", "bump_read('audit')", "bump_read('nobody')")
	// NATURAL JOIN (a view's is rewritten by MariaDB; a routine's is not)
	for _, e := range []string{"1", "2", "5", "6", "7", "99"} {
		calls = append(calls, "dept_budget_of("+e+")")
	}
	runObjects(t, objCase{
		db:    "sqlobj",
		calls: calls,
		changes: []string{
			"INSERT INTO emp (dept_id, name, salary, hired) VALUES (4, 'zed', 100.00, '2024-01-01')",
			"INSERT INTO emp (dept_id, name, salary, hired, grade) VALUES (4, 'yan', 200.00, '2024-01-02', 3)",
			"UPDATE emp SET salary = salary + 1 WHERE dept_id = 3",
			"UPDATE emp SET name = 'Eve' WHERE id = 5",
			"DELETE FROM emp WHERE id = 6",
		},
		procs: []procCall{
			{label: "raise_dept(2, 10)", my: []string{"SET @t = 100.00", "CALL raise_dept(2, 10, @c, @t)", "SELECT @c, @t"}, pg: "CALL raise_dept(2, 10, NULL, 100.00)"},
			{label: "find_emp('BOB')", my: []string{"CALL find_emp('BOB', @i, @d)", "SELECT @i, @d"}, pg: "CALL find_emp('BOB', NULL, NULL)"},
			{label: "find_emp('nobody')", my: []string{"CALL find_emp('nobody', @i, @d)", "SELECT @i, @d"}, pg: "CALL find_emp('nobody', NULL, NULL)"},
		},
		failing: []string{"INSERT INTO emp (dept_id, name, salary, hired) VALUES (1, 'neg', -1.00, '2024-01-01')"},
		tables: map[string][]string{
			"emp":      {"id", "dept_id", "name", "salary", "hired", "active", "grade"},
			"audit":    {"id", "what", "emp_id"},
			"counters": {"name", "n"},
		},
		verify: true,
	})
}

func TestSQLObjectsSakila(t *testing.T) {
	var calls []string
	for i := 1; i <= 40; i++ {
		calls = append(calls, fmt.Sprintf("get_customer_balance(%d, '2005-06-20 00:00:00')", i))
	}
	for i := 1; i <= 80; i += 3 {
		calls = append(calls, fmt.Sprintf("inventory_held_by_customer(%d)", i), fmt.Sprintf("inventory_in_stock(%d)", i))
	}
	runObjects(t, objCase{
		db:           "sakila",
		untranslated: []string{"procedure film_in_stock", "procedure film_not_in_stock", "procedure rewards_report"},
		unordered:    map[string]string{"film_list.actors": ", ", "nicer_but_slower_film_list.actors": ", "},
		calls:        calls,
		changes: []string{
			"INSERT INTO film (title, description, language_id) VALUES ('OPSCTL TEST', 'A film about migrations', 1)",
			"UPDATE film SET title = 'ACADEMY DINOSAUR II' WHERE film_id = 1",
			"UPDATE film SET description = 'same title, new text' WHERE film_id = 2",
			"UPDATE film SET rental_rate = 1.99 WHERE film_id = 3",
			"DELETE FROM film WHERE title = 'OPSCTL TEST'",
			"INSERT INTO customer (store_id, first_name, last_name, email, address_id) VALUES (1, 'ANN', 'LEE', 'ann@example.org', 5)",
			"INSERT INTO rental (rental_date, inventory_id, customer_id, staff_id) VALUES ('2006-01-01 00:00:00', 10, 5, 1)",
			"INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date) VALUES (5, 1, 1, 2.99, '2006-01-01 00:00:00')",
		},
		tables: map[string][]string{
			"film_text": {"film_id", "title", "description"},
			"customer":  {"customer_id", "store_id", "first_name", "last_name", "email", "address_id", "active", "create_date IS NOT NULL"},
			"rental":    {"rental_id", "inventory_id", "customer_id", "staff_id", "rental_date > '2020-01-01'"},
			"payment":   {"payment_id", "customer_id", "staff_id", "rental_id", "amount", "payment_date > '2020-01-01'"},
		},
		// film_list.actors: a GROUP_CONCAT without ORDER BY, compared by
		// verify as a set of items
		verify: true,
	})
}

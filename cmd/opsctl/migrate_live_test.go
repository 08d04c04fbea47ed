package main

import (
	"database/sql"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
)

func TestMigrateCopyVerifyCLI(t *testing.T) {
	my, pg := sharedMariaDB(t), sharedPG(t) // databases app on both
	db, err := sql.Open("mysql", my.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE DATABASE app; CREATE TABLE app.users (id int PRIMARY KEY AUTO_INCREMENT, name varchar(50) CHARACTER SET latin1, born date, admin tinyint(1));
INSERT INTO app.users VALUES (1, 'Zoë €', '1990-01-02', 1), (2, 'bob', '0000-00-00', 0), (3, NULL, NULL, NULL);
CREATE TABLE app.log_x (a int)`); err != nil {
		t.Fatal(err)
	}
	if err := pg.CreateDB("app"); err != nil {
		t.Fatal(err)
	}
	// password from the environment, never printed
	t.Setenv("MYSQL_PWD", lab.RootPassword)
	from := strings.Replace(my.URL("app"), "root:"+lab.RootPassword+"@", "root@", 1)
	out, errOut, code := runCLI(t, "", "migrate", "copy", "--dry-run", "--from", from, "--to", pg.URL("app"))
	if code != 0 || !strings.Contains(out, "dry-run") || !strings.Contains(out, "public.log_x") {
		t.Fatalf("copy --dry-run: exit %d\n%s\n%s", code, out, errOut)
	}
	if o, _ := pg.Psql("app", "-Atc", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"); strings.TrimSpace(string(o)) != "0" {
		t.Fatalf("dry run wrote tables: %s", o)
	}
	out, errOut, code = runCLI(t, "", "migrate", "copy", "--from", from, "--to", pg.URL("app"), "--exclude-tables", "log_*")
	if code != 0 {
		t.Fatalf("copy: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "public.users") || strings.Contains(out, "log_x") || !strings.Contains(out, "born: 1 zero date -> NULL") {
		t.Errorf("copy report:\n%s", out)
	}
	if strings.Contains(out+errOut, lab.RootPassword) {
		t.Error("password printed")
	}
	out, errOut, code = runCLI(t, "", "migrate", "verify", "--from", from, "--to", pg.URL("app"), "--tables", "users")
	if code != 0 || !strings.Contains(out, "OK") {
		t.Fatalf("verify: exit %d\n%s\n%s", code, out, errOut)
	}
	if o, err := pg.Psql("app", "-c", "UPDATE users SET name = 'Zoe €' WHERE id = 1"); err != nil {
		t.Fatalf("%v %s", err, o)
	}
	out, errOut, code = runCLI(t, "", "-o", "json", "migrate", "verify", "--from", from, "--to", pg.URL("app"), "--tables", "users")
	if code != ExitError {
		t.Fatalf("verify after a change: exit %d, want %d\n%s\n%s", code, ExitError, out, errOut)
	}
	// one verify.table line per table, then the verify.summary line
	var tables []struct {
		Table   string
		Status  string
		Samples []struct{ Key, Column string }
	}
	for _, ln := range jsonLines(out, "verify.table") {
		var tb struct {
			Table   string
			Status  string
			Samples []struct{ Key, Column string }
		}
		if err := json.Unmarshal([]byte(ln), &tb); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		tables = append(tables, tb)
	}
	if len(tables) != 1 || tables[0].Table == "" || tables[0].Status != "MISMATCH" || len(tables[0].Samples) != 1 || tables[0].Samples[0].Key != "1" || tables[0].Samples[0].Column != "name" ||
		len(jsonLines(out, "verify.summary")) != 1 || !strings.Contains(jsonLines(out, "verify.summary")[0], `"mismatched":1`) {
		t.Errorf("verify json: %s", out)
	}
	// the rows put back, the schema changed: verify lists the gap, exit 1
	if o, err := pg.Psql("app", "-c", "UPDATE users SET name = 'Zoë €' WHERE id = 1; ALTER TABLE users ALTER born SET DEFAULT '2000-01-01'; ALTER TABLE users ALTER name TYPE varchar(60)"); err != nil {
		t.Fatalf("%v %s", err, o)
	}
	out, errOut, code = runCLI(t, "", "migrate", "verify", "--from", from, "--to", pg.URL("app"), "--tables", "users")
	if code != ExitError || !strings.Contains(out, "schema: 2 gap(s)") || !regexp.MustCompile(`default +public.users.born +none +'2000-01-01'::date`).MatchString(out) || !regexp.MustCompile(`type +public.users.name +varchar\(50\) \(from varchar\(50\)\) +character varying\(60\)`).MatchString(out) {
		t.Errorf("verify with schema gaps: exit %d\n%s\n%s", code, out, errOut)
	}
	out, _, code = runCLI(t, "", "-o", "json", "migrate", "verify", "--from", from, "--to", pg.URL("app"), "--tables", "users")
	var gdoc struct {
		Gaps []struct{ Kind, Object, MySQL, PG string } `json:"gaps"`
	}
	schemaLine := strings.Join(jsonLines(out, "verify.schema"), "")
	if err := json.Unmarshal([]byte(schemaLine), &gdoc); err != nil || code != ExitError || len(gdoc.Gaps) != 2 || gdoc.Gaps[1].Kind != "type" || gdoc.Gaps[1].Object != "public.users.name" || gdoc.Gaps[1].PG != "character varying(60)" {
		t.Errorf("verify json with schema gaps: exit %d %v\n%s", code, err, out)
	}
	if _, _, code = runCLI(t, "", "migrate", "verify", "--skip-schema", "--from", from, "--to", pg.URL("app"), "--tables", "users"); code != 0 {
		t.Errorf("verify --skip-schema: exit %d", code)
	}
}

// A live copy of a database with an event: exit 4, and its
// migrate.not_migrated line has the line in the event's body but no
// dump_line (there is no dump; it used to say "dump_line":0).
func TestMigrateCopyNotMigratedJSON(t *testing.T) {
	my, pg := sharedMariaDB(t), sharedPG(t) // databases evjson on both
	db, err := sql.Open("mysql", my.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE evjson; CREATE TABLE evjson.t (id int PRIMARY KEY); CREATE EVENT evjson.ev_purge ON SCHEDULE EVERY 1 DAY DO DELETE FROM evjson.t"); err != nil {
		t.Fatal(err)
	}
	if err := pg.CreateDB("evjson"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MYSQL_PWD", lab.RootPassword)
	from := strings.Replace(my.URL("evjson"), "root:"+lab.RootPassword+"@", "root@", 1)
	out, errOut, code := runCLI(t, "", "-o", "json", "migrate", "copy", "--from", from, "--to", pg.URL("evjson"))
	if code != 4 {
		t.Fatalf("copy of a database with an event: exit %d, want 4\n%s\n%s", code, out, errOut)
	}
	lines := jsonLines(out, "migrate.not_migrated")
	if len(lines) != 1 {
		t.Fatalf("not_migrated lines: %q\n%s", lines, out)
	}
	var ev map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &ev); err != nil {
		t.Fatal(err)
	}
	if ev["name"] != "ev_purge" || ev["kind"] != "event" || ev["line"] == nil {
		t.Errorf("not_migrated line: %s", lines[0])
	}
	if _, ok := ev["dump_line"]; ok {
		t.Errorf("a live copy's not_migrated line has a dump_line: %s", lines[0])
	}
}

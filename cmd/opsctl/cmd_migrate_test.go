package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
)

const cliDump = "CREATE TABLE `a` (`id` int NOT NULL, `ok` tinyint(1), PRIMARY KEY (`id`));\n" +
	"INSERT INTO `a` VALUES (1,1),(2,0);\n" +
	"CREATE TABLE `b` (`id` int NOT NULL, `flag` tinyint(1), PRIMARY KEY (`id`));\n" +
	"INSERT INTO `b` VALUES (1,1),(2,7);\n"

// migrate load against a real PostgreSQL: exit 3 when one table fails (the
// other is loaded), refusal on re-run, exit 0 with --drop and the --cast.
func TestMigrateLoadCLI(t *testing.T) {
	lab.SkipShort(t)
	l := lab.NewT(t)
	pg := lab.StartPostgresT(t, l)
	if err := pg.CreateDB("cli"); err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(t.TempDir(), "d.sql")
	os.WriteFile(dump, []byte(cliDump), 0o644)
	url := pg.URL("cli")

	out, errOut, code := runCLI(t, "", "migrate", "load", dump, "--to", url)
	if code != ExitPartial || !strings.Contains(out, "public.a") || !strings.Contains(out, "failed") || !strings.Contains(out+errOut, "--cast 'b.flag=smallint'") {
		t.Fatalf("partial load: code %d\n%s\n%s", code, out, errOut)
	}
	_, errOut, code = runCLI(t, "", "migrate", "load", dump, "--to", url)
	if code == 0 || !strings.Contains(errOut, "already exists") {
		t.Fatalf("re-run without --drop: code %d %s", code, errOut)
	}
	out, errOut, code = runCLI(t, "", "migrate", "load", dump, "--to", url, "--drop", "--cast", "b.flag=smallint")
	if code != 0 {
		t.Fatalf("load with --drop and cast: code %d\n%s\n%s", code, out, errOut)
	}
	if got, _ := pg.Psql("cli", "-Atc", "select sum(flag) from b"); strings.TrimSpace(string(got)) != "8" {
		t.Fatalf("b.flag sum: %s", got)
	}
	out, _, code = runCLI(t, "", "-o", "json", "migrate", "load", dump, "--to", url, "--drop", "--cast", "tinyint(1)=smallint")
	if code != 0 || !strings.Contains(out, `"event":"table"`) || !strings.Contains(out, `"status":"ok"`) {
		t.Fatalf("json: code %d %s", code, out)
	}
	// --single-transaction: b's bad value rolls a back too; exit 1, not 3
	if err := pg.CreateDB("cli1"); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runCLI(t, "", "migrate", "load", dump, "--to", pg.URL("cli1"), "--single-transaction")
	if code != ExitError || !strings.Contains(out+errOut, "--cast 'b.flag=smallint'") || !strings.Contains(out+errOut, "rolled back") {
		t.Fatalf("single transaction: code %d\n%s\n%s", code, out, errOut)
	}
	if got, _ := pg.Psql("cli1", "-Atc", "select count(*) from pg_tables where schemaname = 'public'"); strings.TrimSpace(string(got)) != "0" {
		t.Fatalf("tables left behind: %s", got)
	}
}

// The inventory's migrate: casts change `migrate schema`; a --cast for the
// same column wins over the config; a bad cast in the config is a usage
// error with file:line.
func TestMigrateConfigCasts(t *testing.T) {
	dir := t.TempDir()
	dump := filepath.Join(dir, "d.sql")
	os.WriteFile(dump, []byte(cliDump), 0o644)
	cfg := filepath.Join(dir, "opsctl.yaml")
	os.WriteFile(cfg, []byte("migrate:\n  casts: [\"tinyint(1)=smallint\", \"b.flag=bigint\"]\n"), 0o644)

	col := func(out, name string) string {
		for _, ln := range strings.Split(out, "\n") {
			if f := strings.Fields(ln); len(f) > 0 && strings.Contains(ln, name) {
				return ln
			}
		}
		return ""
	}
	out, errOut, code := runCLI(t, "", "migrate", "schema", dump)
	if code != 0 || !strings.Contains(col(out, " ok "), "boolean") {
		t.Fatalf("no config: code %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = runCLI(t, "", "-c", cfg, "migrate", "schema", dump)
	if code != 0 || !strings.Contains(col(out, " ok "), "smallint") || !strings.Contains(col(out, " flag "), "bigint") {
		t.Fatalf("config casts: code %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = runCLI(t, "", "-c", cfg, "migrate", "schema", dump, "--cast", "b.flag=integer")
	if code != 0 || !strings.Contains(col(out, " flag "), "integer") || !strings.Contains(col(out, " ok "), "smallint") {
		t.Fatalf("flag over config: code %d\n%s\n%s", code, out, errOut)
	}
	os.WriteFile(cfg, []byte("migrate:\n  casts:\n    - a.ok=varchar2\n"), 0o644)
	_, errOut, code = runCLI(t, "", "-c", cfg, "migrate", "schema", dump)
	if code != ExitUsage || !strings.Contains(errOut, "opsctl.yaml:3:") || !strings.Contains(errOut, "varchar2") {
		t.Fatalf("bad config cast: code %d %s", code, errOut)
	}
}

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
}

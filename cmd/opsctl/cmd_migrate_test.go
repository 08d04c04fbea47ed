package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

const cliDump = "CREATE TABLE `a` (`id` int NOT NULL, `ok` tinyint(1), PRIMARY KEY (`id`));\n" +
	"INSERT INTO `a` VALUES (1,1),(2,0);\n" +
	"CREATE TABLE `b` (`id` int NOT NULL, `flag` tinyint(1), PRIMARY KEY (`id`));\n" +
	"INSERT INTO `b` VALUES (1,1),(2,7);\n"

// migrate load against a real PostgreSQL: exit 3 when one table fails (the
// other is loaded), refusal on re-run, exit 0 with --drop and the --cast.
func TestMigrateLoadCLI(t *testing.T) {
	t.Parallel() // see parallel_test.go
	// databases cli, cli1
	pg := sharedPG(t)
	if err := pg.CreateDB("cli"); err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(t.TempDir(), "d.sql")
	os.WriteFile(dump, []byte(cliDump), 0o644)
	url := pg.URL("cli")

	// --strict-types: the default picks smallint for flag 7 (the value's
	// fit); the strict types keep the bad value to fail its table alone
	out, errOut, code := runCLI(t, "", "migrate", "load", dump, "--to", url, "--strict-types")
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
	if code != 0 || !strings.Contains(out, `"event":"migrate.table"`) || !strings.Contains(out, `"status":"ok"`) {
		t.Fatalf("json: code %d %s", code, out)
	}
	// --single-transaction: b's bad value rolls a back too; exit 1, not 3
	if err := pg.CreateDB("cli1"); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runCLI(t, "", "migrate", "load", dump, "--to", pg.URL("cli1"), "--single-transaction", "--strict-types")
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

// bigDump is a mysqldump (header and trailer) of a (10 rows), big (rows
// rows) and c (10 rows).
func bigDump(t *testing.T, rows int) string {
	var b strings.Builder
	b.WriteString("-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB\n")
	b.WriteString("CREATE TABLE `a` (`id` int NOT NULL, PRIMARY KEY (`id`));\nINSERT INTO `a` VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10);\n")
	b.WriteString("CREATE TABLE `big` (`id` int NOT NULL, `v` varchar(100), PRIMARY KEY (`id`), KEY `v` (`v`));\n")
	pad := strings.Repeat("x", 90)
	for i := 1; i <= rows; i++ {
		if i%1000 == 1 {
			b.WriteString("INSERT INTO `big` VALUES ")
		} else {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "(%d,'%s%d')", i, pad, i)
		if i%1000 == 0 || i == rows {
			b.WriteString(";\n")
		}
	}
	b.WriteString("CREATE TABLE `c` (`id` int NOT NULL, PRIMARY KEY (`id`));\nINSERT INTO `c` VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10);\n")
	b.WriteString("-- Dump completed on 2026-12-02 10:00:00\n")
	p := filepath.Join(t.TempDir(), "big.sql")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// The first Ctrl-C during migrate load finishes the table whose rows are
// being copied and starts no other (exit 130); before, it cancelled that
// COPY with a socket error and the table was not loaded.
func TestMigrateLoadCtrlCFinishesTableInFlight(t *testing.T) {
	pg := sharedPG(t) // database cc
	if err := pg.CreateDB("cc"); err != nil {
		t.Fatal(err)
	}
	dump := bigDump(t, 200000)
	sig := make(chan os.Signal, 4) // the test sees the SIGINT too: it must not kill it
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sent := make(chan bool, 1)
	go func() {
		c, err := pgx.Connect(ctx, pg.URL("cc"))
		if err != nil {
			sent <- false
			return
		}
		defer c.Close(context.Background())
		for ctx.Err() == nil {
			var n int
			c.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY %big%'").Scan(&n)
			if n > 0 {
				syscall.Kill(os.Getpid(), syscall.SIGINT)
				sent <- true
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
		sent <- false
	}()
	out, errOut, code := runCLI(t, "", "migrate", "load", dump, "--to", pg.URL("cc"), "--no-spool", "--jobs", "2")
	cancel()
	if !<-sent {
		t.Fatal("no COPY into big seen")
	}
	if code != ExitInterrupted {
		t.Fatalf("exit %d, want %d\n%s\n%s", code, ExitInterrupted, out, errOut)
	}
	got, _ := pg.Psql("cc", "-Atc", "SELECT (SELECT count(*) FROM a) || ' ' || (SELECT count(*) FROM big) || ' ' || (SELECT count(*) FROM pg_indexes WHERE tablename = 'big') || ' ' || (to_regclass('c') IS NULL)")
	if strings.TrimSpace(string(got)) != "10 200000 2 true" {
		t.Fatalf("after Ctrl-C: a, big rows, big's indexes, c absent = %q, want 10 200000 2 true\n%s\n%s", got, out, errOut)
	}
	if !strings.Contains(out, "public.big") || strings.Contains(out, "failed") {
		t.Errorf("report:\n%s\n%s", out, errOut)
	}
}

// load, convert and copy exit 4 when every table arrived but some views,
// triggers, routines or events did not: their --help says so (it once
// promised exit 0 "when every table loaded") and names --stubs.
func TestMigrateHelpSaysIncomplete(t *testing.T) {
	for _, c := range []string{"load", "convert", "copy"} {
		out, _, code := runCLI(t, "", "migrate", c, "--help")
		if code != 0 {
			t.Fatalf("%s --help: exit %d", c, code)
		}
		out = strings.Join(strings.Fields(out), " ")
		for _, want := range []string{"4 when every table", "exit code is 4 (database incomplete)", "--stubs DIR", "docs/migrate-objects.md"} {
			if !strings.Contains(out, want) {
				t.Errorf("migrate %s --help lacks %q", c, want)
			}
		}
	}
}

// On a terminal the read bar moves while the dump is read (it sat at 0
// until the end: its update was skipped while reading instead of after).
func TestMigrateReadBarMoves(t *testing.T) {
	dump := bigDump(t, 300000) // some 30 MB: read for several of the bar's 100 ms redraws
	term, code := onTerminal(t, "migrate", "convert", dump, "-f", filepath.Join(t.TempDir(), "out.psql"))
	if code != 0 || !regexp.MustCompile(`read +[1-9][0-9]?%`).MatchString(term) {
		t.Fatalf("exit %d; no read bar between 1%% and 99%% in\n%q", code, term)
	}
}

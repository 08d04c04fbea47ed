package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/opsctl/opsctl/internal/lab"
)

// fitLab returns the package's shared MariaDB and PostgreSQL
// (labshared_test.go) with testdata/fit-corpus.sql loaded into MariaDB
// database fit (once), and a mariadb-dump of it (read-only: a test that
// changes it writes a copy).
func fitLab(t *testing.T) (*lab.MariaDB, *lab.Postgres, string) {
	t.Helper()
	lab.Require(t, "mariadb", "mariadb-dump")
	my, pg := sharedMariaDB(t), sharedPG(t)
	fit.Lock()
	defer fit.Unlock()
	if fit.dump == "" && fit.err == nil {
		fit.dump, fit.err = loadFitCorpus(my, shared.lab.Path("fit.sql"))
	}
	if fit.err != nil {
		t.Fatal(fit.err)
	}
	return my, pg, fit.dump
}

var fit struct {
	sync.Mutex
	dump string
	err  error
}

// loadFitCorpus creates database fit, loads the corpus and dumps it to p.
func loadFitCorpus(my *lab.MariaDB, p string) (string, error) {
	c := exec.Command("mariadb", append(my.Args(), "--default-character-set=utf8mb4", "-e", "CREATE DATABASE fit")...)
	if out, err := c.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%v %s", err, out)
	}
	f, err := os.Open("testdata/fit-corpus.sql")
	if err != nil {
		return "", err
	}
	defer f.Close()
	c = exec.Command("mariadb", append(my.Args(), "--default-character-set=utf8mb4", "fit")...)
	c.Stdin = f
	if out, err := c.CombinedOutput(); err != nil {
		return "", fmt.Errorf("load corpus: %v %s", err, out)
	}
	c = exec.Command("mariadb-dump", append(my.Args(), "--default-character-set=utf8mb4", "fit")...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		return "", fmt.Errorf("mariadb-dump: %v %s", err, stderr.String())
	}
	return p, os.WriteFile(p, out, 0o644)
}

// pgq runs one query in database db and returns its output (unaligned).
func pgq(t *testing.T, pg *lab.Postgres, db, q string) string {
	t.Helper()
	out, err := pg.Psql(db, "-Atc", q)
	if err != nil {
		t.Fatalf("psql %s: %v\n%s", q, err, out)
	}
	return strings.TrimSpace(string(out))
}

// checkFitTarget: every table, key and sequence of the fit corpus is in
// PostgreSQL database db with the types that fit, and migrate verify
// finds every value equal.
func checkFitTarget(t *testing.T, pg *lab.Postgres, db, from string) {
	t.Helper()
	types := pgq(t, pg, db, `SELECT string_agg(table_name || '.' || column_name || ' ' || data_type, ', ' ORDER BY table_name, column_name) FROM information_schema.columns WHERE table_schema = 'public' AND table_name IN ('durations', 'flags', 'docs') AND column_name IN ('tm', 'tm3', 'ok', 'f', 'fu', 'b', 'plain', 'j', 'k')`)
	want := "docs.j json, docs.k jsonb, durations.ok time without time zone, durations.tm interval, durations.tm3 interval, flags.b smallint, flags.f smallint, flags.fu smallint, flags.plain boolean"
	if types != want {
		t.Errorf("types:\n got %s\nwant %s", types, want)
	}
	if n := pgq(t, pg, db, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace"); n != "3" {
		t.Errorf("foreign keys: %s, want 3", n)
	}
	if n := pgq(t, pg, db, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'orders'"); n != "3" {
		t.Errorf("indexes of orders: %s, want 3 (pkey, tax_status, fk)", n)
	}
	if v := pgq(t, pg, db, "SELECT nextval('invoice_no')"); v != "6000" {
		t.Errorf("sequence invoice_no: nextval %s, want 6000 (MariaDB's next value)", v)
	}
	if v := pgq(t, pg, db, "SELECT string_agg(id || ':' || price, ',' ORDER BY id) FROM prices"); v != "1:10.99,2:20.00" {
		t.Errorf("prices (system-versioned): %s", v)
	}
	if v := pgq(t, pg, db, "SELECT tm::text FROM durations WHERE id = 1"); v != "-838:59:59" {
		t.Errorf("durations.tm: %s", v)
	}
	out, errOut, code := runCLI(t, "", "migrate", "verify", "--from", from, "--to", pg.URL(db))
	if code != 0 {
		t.Errorf("verify %s: exit %d\n%s\n%s", db, code, out, errOut)
	}
}

// A default load, copy and convert | psql of a MariaDB database holding
// values the default types cannot (TIME -838:59:59, tinyint(1) 2/-1/127,
// JSON with \u0000), a system-versioned table, a sequence and index names
// that are also table names: each exits 0 and verify finds every value
// equal. --strict-types keeps today's failure.
func TestMigrateTypesFitTheData(t *testing.T) {
	my, pg, dumpPath := fitLab(t)
	t.Setenv("MYSQL_PWD", lab.RootPassword)
	from := strings.Replace(my.URL("fit"), "root:"+lab.RootPassword+"@", "root@", 1)
	for _, db := range []string{"viaload", "viacopy", "viaconvert", "viastdin", "strict"} {
		if err := pg.CreateDB(db); err != nil {
			t.Fatal(err)
		}
	}

	out, errOut, code := runCLI(t, "", "migrate", "load", dumpPath, "--to", pg.URL("viaload"))
	if code != 0 {
		t.Fatalf("load: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, s := range []string{
		"type fitted to the data: public.durations: column tm: time -> interval: 2 value(s) outside time's 00:00:00..24:00:00 (e.g. -838:59:59)",
		"public.flags: column f: boolean -> smallint: 3 value(s) other than 0 and 1 (e.g. 2)",
		"public.docs: column j: jsonb -> json: 1 document(s) holding \\u0000",
		"head: 1 computed from a changed value",
		"system-versioned in MariaDB",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("load report lacks %q:\n%s", s, out)
		}
	}
	checkFitTarget(t, pg, "viaload", from)

	out, errOut, code = runCLI(t, "", "migrate", "copy", "--from", from, "--to", pg.URL("viacopy"))
	if code != 0 {
		t.Fatalf("copy: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "type fitted to the data: public.durations: column tm: time -> interval") || !strings.Contains(out, "head: 1 computed from a changed value") {
		t.Errorf("copy report:\n%s", out)
	}
	checkFitTarget(t, pg, "viacopy", from)

	script := filepath.Join(t.TempDir(), "fit.psql")
	out, errOut, code = runCLI(t, "", "migrate", "convert", dumpPath, "-f", script)
	if code != 0 {
		t.Fatalf("convert: exit %d\n%s\n%s", code, out, errOut)
	}
	if o, err := pg.Psql("viaconvert", "-v", "ON_ERROR_STOP=1", "-f", script); err != nil {
		t.Fatalf("psql: %v\n%s", err, o)
	}
	checkFitTarget(t, pg, "viaconvert", from)

	// stdin: spooled for the second read
	b, err := os.ReadFile(dumpPath)
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runCLI(t, string(b), "migrate", "convert", "-")
	if code != 0 {
		t.Fatalf("convert -: exit %d\n%s", code, errOut)
	}
	script2 := filepath.Join(t.TempDir(), "stdin.psql")
	if err := os.WriteFile(script2, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	if o, err := pg.Psql("viastdin", "-v", "ON_ERROR_STOP=1", "-f", script2); err != nil {
		t.Fatalf("psql: %v\n%s", err, o)
	}
	checkFitTarget(t, pg, "viastdin", from)

	out, errOut, code = runCLI(t, "", "migrate", "load", dumpPath, "--to", pg.URL("strict"), "--strict-types")
	if code != ExitPartial || !strings.Contains(out+errOut, "is outside PostgreSQL time's 00:00:00..24:00:00; fix: --cast 'durations.tm=interval'") ||
		!strings.Contains(errOut, "docs: FAILED: table docs, column j: 1 document(s) hold \\u0000, which jsonb refuses; fix: --cast 'docs.j=json'") || strings.Contains(out+errOut, "SQLSTATE") {
		t.Errorf("load --strict-types: exit %d, want %d with the --cast\n%s\n%s", code, ExitPartial, out, errOut)
	}

	out, errOut, code = runCLI(t, "", "migrate", "schema", dumpPath)
	if code != 0 || !strings.Contains(out, "fits the data: time -> interval") {
		t.Errorf("schema: exit %d\n%s\n%s", code, out, errOut)
	}
}

// pgTables lists the tables of database db's public schema.
func pgTables(t *testing.T, pg *lab.Postgres, db string) string {
	return pgq(t, pg, db, "SELECT coalesce(string_agg(tablename, ',' ORDER BY tablename), '') FROM pg_tables WHERE schemaname = 'public'")
}

// A .gz (stored blocks, one byte of a value changed) and a .zst (one byte
// of its checksum changed) decode without an error until their trailer:
// the load must leave nothing visible and say the dump is corrupt.
func TestMigrateLoadCorruptCompressedLeavesNothing(t *testing.T) {
	_, pg, dumpPath := fitLab(t)
	b, err := os.ReadFile(dumpPath)
	if err != nil {
		t.Fatal(err)
	}
	// a 6 MB table first: read, parsed and loaded well before the trailer
	var pad bytes.Buffer
	pad.WriteString("CREATE TABLE `aaa_big` (`id` int NOT NULL, `s` text, PRIMARY KEY (`id`));\nINSERT INTO `aaa_big` VALUES ")
	for i := 1; i <= 6000; i++ {
		if i > 1 {
			pad.WriteByte(',')
		}
		fmt.Fprintf(&pad, "(%d,'%s')", i, strings.Repeat("x", 1000))
	}
	pad.WriteString(";\n")
	b = bytes.Replace(b, []byte("DROP TABLE IF EXISTS `audit`;"), append(pad.Bytes(), "DROP TABLE IF EXISTS `audit`;"...), 1)
	dir := t.TempDir()
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.NoCompression)
	zw.Write(b)
	zw.Close()
	gzb := gz.Bytes()
	i := bytes.Index(gzb, []byte("'exempt'"))
	if i < 0 {
		t.Fatal("value not found in the stored gzip blocks")
	}
	gzb[i+1] = 'E' // 'Exempt': only the CRC tells
	var zs bytes.Buffer
	enc, _ := zstd.NewWriter(&zs, zstd.WithEncoderCRC(true))
	enc.Write(b)
	enc.Close()
	zsb := zs.Bytes()
	zsb[len(zsb)-1] ^= 0xff // the content checksum: only it tells
	for name, data := range map[string][]byte{"dump.sql.gz": gzb, "dump.sql.zst": zsb} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			db := strings.ReplaceAll(name, ".", "_")
			if err := pg.CreateDB(db); err != nil {
				t.Fatal(err)
			}
			out, errOut, code := runCLI(t, "", "migrate", "load", p, "--to", pg.URL(db))
			if code != ExitError || !strings.Contains(errOut, "the dump is corrupt: ") {
				t.Errorf("load: exit %d, want %d and 'the dump is corrupt'\n%s\n%s", code, ExitError, out, errOut)
			}
			if tabs := pgTables(t, pg, db); tabs != "" {
				t.Errorf("tables visible after a corrupt dump: %s", tabs)
			}
			out, errOut, code = runCLI(t, "", "migrate", "convert", p, "-f", filepath.Join(dir, name+".psql"))
			if code != ExitError || !strings.Contains(errOut, "the dump is corrupt: ") {
				t.Errorf("convert: exit %d\n%s\n%s", code, out, errOut)
			}
			if _, err := os.Stat(filepath.Join(dir, name+".psql")); err == nil {
				t.Error("convert wrote a script from a corrupt dump")
			}
		})
	}
}

// Text that is not valid UTF-8 fits no PostgreSQL text type: its table
// fails before a row is written, naming table, column, row and the fix
// (never PostgreSQL's bare SQLSTATE 22021); the other tables load.
func TestMigrateLoadInvalidUTF8NamesColumnAndRow(t *testing.T) {
	_, pg, dumpPath := fitLab(t)
	b, err := os.ReadFile(dumpPath)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("'created'"), []byte("'cr\xffeated'"), 1)
	p := filepath.Join(t.TempDir(), "bad.sql")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := pg.CreateDB("utf"); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, "", "migrate", "load", p, "--to", pg.URL("utf"))
	want := `table audit, column what, row 1 (dump line `
	if code != ExitPartial || !strings.Contains(errOut, want) || !strings.Contains(errOut, `"cr\xffeated" is not valid UTF-8 (byte 0xff at 2)`) ||
		!strings.Contains(errOut, "fix: --cast 'audit.what=bytea'") || strings.Contains(out+errOut, "SQLSTATE") {
		t.Errorf("load: exit %d\n%s\n%s", code, out, errOut)
	}
	if tabs := pgTables(t, pg, "utf"); strings.Contains(tabs, "audit") || !strings.Contains(tabs, "durations") {
		t.Errorf("tables: %s", tabs)
	}
	// the fix it names works
	if err := pg.CreateDB("utf2"); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := runCLI(t, "", "migrate", "load", p, "--to", pg.URL("utf2"), "--cast", "audit.what=bytea"); code != 0 {
		t.Errorf("load with the fix: exit %d\n%s\n%s", code, out, errOut)
	}
}

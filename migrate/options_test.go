package migrate_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/migrate"
	"github.com/opsctl/opsctl/outcome"
)

// The options validate themselves: an *outcome.OptionError names the
// option (the CLI says it as its flag, "--zero-date: must be...").
func TestOptionsValidate(t *testing.T) {
	ok := migrate.Options{Schema: "public", ZeroDate: "null", OnNUL: "strip", PostGIS: "auto"}
	bad := func(f func(o *migrate.Options)) migrate.Options { o := ok; f(&o); return o }
	for _, tc := range []struct {
		v    interface{ Validate() error }
		want string
	}{
		{&ok, ""},
		{ptr(bad(func(o *migrate.Options) { o.ZeroDate = "never" })), `zero-date: must be null or -infinity, not "never"`},
		{ptr(bad(func(o *migrate.Options) { o.OnNUL = "" })), "on-nul: must be strip or error"},
		{ptr(bad(func(o *migrate.Options) { o.Schema = "" })), "schema: must not be empty"},
		{ptr(bad(func(o *migrate.Options) { o.PostGIS = "maybe" })), `postgis: "maybe"`},
		{ptr(bad(func(o *migrate.Options) { o.SchemaOnly, o.DataOnly = true, true })), "schema-only: excludes data-only"},
		{&migrate.LoadOptions{Options: ok, Jobs: 4}, ""},
		{&migrate.LoadOptions{Options: ok, Jobs: 0}, "jobs: must be 1..64"},
		{&migrate.LoadOptions{Options: bad(func(o *migrate.Options) { o.OnNUL = "x" }), Jobs: 4}, "on-nul: "},
		{&migrate.CopyOptions{Options: ok, Jobs: 4, ChunkRows: 1000}, ""},
		{&migrate.CopyOptions{Options: ok, Jobs: 65, ChunkRows: 1000}, "jobs: must be 1..64"},
		{&migrate.CopyOptions{Options: ok, Jobs: 4, ChunkRows: 999}, "chunk-rows: must be at least 1000"},
		{&migrate.CopyOptions{Options: ok, Jobs: 4, ChunkRows: 1000, Resume: true, Drop: true}, "drop: excludes resume"},
		{&migrate.VerifyOptions{Options: ok, Jobs: 4, ChunkRows: 100, MaxSamples: 1}, ""},
		{&migrate.VerifyOptions{Options: ok, Jobs: 4, ChunkRows: 99, MaxSamples: 1}, "chunk-rows: must be at least 100"},
		{&migrate.VerifyOptions{Options: ok, Jobs: 4, ChunkRows: 100}, "samples: must be at least 1"},
	} {
		err := tc.v.Validate()
		var oe *outcome.OptionError
		if (tc.want == "") != (err == nil) || err != nil && (!strings.HasPrefix(err.Error(), tc.want) || !errors.As(err, &oe)) {
			t.Errorf("%+v: %v, want %q", tc.v, err, tc.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func decodeJSON(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// The results' JSON is the -o json lines' fields (docs/json.md).
func TestResultsJSON(t *testing.T) {
	tr := decodeJSON(t, &migrate.TableReport{Schema: "shop", Table: "orders", MyTable: "shop.orders", Rows: 3, Bytes: 93, Seconds: 0.0125,
		Changed: map[string]map[string]int64{"placed": {"zero date -> NULL": 1}}, Status: "failed", Err: errors.New("boom")})
	if tr["duration_ms"] != 12.5 || tr["error"] != "boom" || tr["mysql_table"] != "shop.orders" || tr["status"] != "failed" ||
		tr["warnings"] != nil || tr["types_fitted"] != nil || len(tr) != 11 {
		t.Errorf("migrate.table: %v", tr)
	}
	u := decodeJSON(t, migrate.Untranslated{Kind: "event", Schema: "shop", Name: "ev", Reason: "no events", MySQLText: "CREATE EVENT ev ..."})
	if u["object"] != "event shop.ev (no events)" || u["line"] != 0.0 || u["mysql_text"] != nil || u["dump_line"] != nil || len(u) != 6 {
		t.Errorf("migrate.not_migrated: %v", u)
	}
	vr := decodeJSON(t, &migrate.VerifyResult{Table: "shop.orders", PGTable: "shop.orders", Method: "pk-ranges", MySQLRows: 3, PGRows: 2,
		MismatchCount: 1, Mismatches: []migrate.Mismatch{{Key: "3", Column: "(row)", MySQL: "x", PG: "missing"}}, Seconds: 1})
	if vr["status"] != "MISMATCH" || vr["duration_ms"] != 1000.0 || vr["mismatches"] != 1.0 || vr["explained"] != nil || vr["error"] != nil ||
		fmt.Sprint(vr["samples"]) != "[map[column:(row) key:3 mysql:x pg:missing]]" || len(vr) != 10 {
		t.Errorf("verify.table: %v", vr)
	}
	sr := decodeJSON(t, &migrate.VerifyResult{Table: migrate.SchemaTable})
	if sr["status"] != "OK" || len(sr["gaps"].([]any)) != 0 || len(sr) != 3 {
		t.Errorf("verify.schema: %v", sr)
	}
	s := migrate.SummarizeVerify([]*migrate.VerifyResult{{Table: "a"}, {Table: "b", MismatchCount: 1}, {Table: "c", Err: errors.New("x")},
		{Table: migrate.SchemaTable, Gaps: []migrate.SchemaGap{{Kind: "view"}, {Kind: "event", Accepted: true}}}})
	if s != (migrate.VerifySummary{Tables: 3, Mismatched: 1, Failed: 1, SchemaGaps: 2}) {
		t.Errorf("summary: %+v", s)
	}
}

// Finish: nil when every object arrived; else the stubs written and an
// *IncompleteError (exit 4) that says where they are, or how to get them.
func TestFinish(t *testing.T) {
	if err := migrate.Finish(&migrate.Report{}, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	rep := &migrate.Report{Untranslated: []migrate.Untranslated{{Kind: "trigger", Schema: "shop", Name: "trg", Reason: "r", MySQLText: "CREATE TRIGGER trg"}}}
	err := migrate.Finish(rep, "")
	if outcome.Of(err) != outcome.Incomplete || !strings.HasSuffix(err.Error(), "(trigger shop.trg) (--stubs DIR writes each one's MySQL text to finish by hand)") {
		t.Errorf("without stubs: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "stubs")
	err = migrate.Finish(rep, dir)
	var inc *migrate.IncompleteError
	if !errors.As(err, &inc) || len(inc.Stubs) != 1 || !strings.HasSuffix(err.Error(), "(trigger shop.trg): 1 stub(s) in "+dir) {
		t.Fatalf("with stubs: %v", err)
	}
	if _, err := os.Stat(inc.Stubs[0]); err != nil {
		t.Error(err)
	}
}

// ConvertFile writes the script whole or not at all.
func TestConvertFile(t *testing.T) {
	opts := migrate.Options{Schema: "public", ZeroDate: "null", OnNUL: "strip", StrictTypes: true}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.psql")
	if _, err := migrate.ConvertFile(context.Background(), strings.NewReader("CREATE TABLE `a` (`id` int NOT NULL, PRIMARY KEY (`id`));\nINSERT INTO `a` VALUES (1);\n"), good, opts); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(good); err != nil || !strings.Contains(string(b), `COPY "public"."a"`) {
		t.Fatalf("script: %v\n%s", err, b)
	}
	bad := filepath.Join(dir, "bad.psql")
	_, err := migrate.ConvertFile(context.Background(), strings.NewReader("CREATE TABLE `b` (`f` tinyint(1));\nINSERT INTO `b` VALUES (7);\n"), bad, opts)
	if err == nil {
		t.Fatal("a value boolean cannot hold: want an error")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("after a failed conversion the directory holds %d files, want only good.psql", len(ents))
	}
}

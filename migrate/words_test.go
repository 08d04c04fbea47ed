package migrate_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/migrate"
)

func ev(verb, table string, rows int64, err error) migrate.Event {
	return migrate.Event{Event: event.Event{Name: "migrate." + verb, Table: table, Err: err}, Rows: rows}
}

// The results and events say themselves in the words the CLI prints, so
// a Go program logs the same lines.
func TestResultsInWords(t *testing.T) {
	ld := ev(migrate.EvLoaded, "shop.orders", 120, nil)
	ld.Took = 1200 * time.Millisecond
	fail := ev(migrate.EvTableDone, "shop.b", 0, errors.New("bad value"))
	for got, want := range map[string]string{
		ld.String():   "shop.orders: 120 rows loaded in 1.2 s",
		fail.String(): "shop.b: FAILED: bad value",
		ev(migrate.EvTableDone, "shop.a", 2, nil).String() + " parsed": "shop.a: 2 rows parsed",
		ev(migrate.EvWarning, "", 0, errors.New("no RELOAD")).String(): "warning: no RELOAD",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	rep := &migrate.Report{
		Tables:       []*migrate.TableReport{{Schema: "public", Table: "b", Fitted: []string{"column tm: time -> interval"}, Warnings: []string{"w1"}, Err: errors.New("boom")}},
		NotMigrated:  []string{"event public.ev (line 1: no events)", "view public.v"},
		Untranslated: []migrate.Untranslated{{Kind: "event", Schema: "public", Name: "ev", Reason: "no events", Line: 1}},
		Warnings:     []string{"views dropped"},
	}
	want := "type fitted to the data: public.b: column tm: time -> interval\nwarning: public.b: w1\nerror: public.b: boom\n" +
		"not migrated: event public.ev (line 1: no events)\nnot migrated: view public.v\nwarning: views dropped"
	if got := strings.Join(rep.Notes(), "\n"); got != want {
		t.Errorf("notes:\n%s\nwant\n%s", got, want)
	}
	if u := rep.Undetailed(); len(u) != 1 || u[0] != "view public.v" {
		t.Errorf("undetailed: %q", u)
	}
	m := migrate.Mismatch{Key: "1", Column: "name", MySQL: strings.Repeat("x", 61), PG: "y"}
	if m.String() != `key 1  column name  mysql="`+strings.Repeat("x", 60)+`…"  pg="y"` {
		t.Errorf("mismatch: %q", m)
	}
	tables, schema := migrate.SplitVerify([]*migrate.VerifyResult{{Table: "a"}, {Table: migrate.SchemaTable}})
	if len(tables) != 1 || tables[0].Table != "a" || schema == nil {
		t.Errorf("split: %v %v", tables, schema)
	}
	gap := migrate.SchemaGap{Kind: "event", Object: "public.ev", MySQL: "event", PG: "missing", Accepted: true}
	if gap.PGText() != "missing (accepted)" || gap.String() != "event public.ev: mysql event, postgres missing (accepted)" {
		t.Errorf("gap: %q %q", gap.PGText(), gap)
	}
	for r, want := range map[*migrate.VerifyResult]string{
		{Table: "shop.a", MySQLRows: 3, PGRows: 3, MismatchCount: 1}: "shop.a: 1 difference(s), rows mysql=3 pg=3",
		{Table: "shop.a", MySQLRows: 3, PGRows: 3}:                   "shop.a: OK",
		{Table: migrate.SchemaTable, MismatchCount: 2}:               "schema: 2 gap(s)",
		{Table: migrate.SchemaTable, Err: errors.New("x")}:           "schema: ERROR: x",
	} {
		if r.String() != want {
			t.Errorf("got %q, want %q", r, want)
		}
	}
}

// LoadProgress counts a load's phases once the dump is read.
func TestLoadProgress(t *testing.T) {
	var p migrate.LoadProgress
	for _, e := range []migrate.Event{ev(migrate.EvTableStart, "a", 0, nil), ev(migrate.EvTableStart, "b", 0, nil), ev(migrate.EvIndexes, "a", 2, nil)} {
		if p.On(e) {
			t.Fatal("read before read_done")
		}
	}
	if !p.On(ev(migrate.EvReadDone, "", 0, nil)) || !p.Read() {
		t.Fatal("not read after read_done")
	}
	p.On(ev(migrate.EvLoaded, "a", 10, nil))
	p.On(ev(migrate.EvIndexBuilt, "a", 0, nil))
	if done, total := p.Steps(); done != 2 || total != 5 || p.String() != "load: 1/2 tables, 10 rows, indexes 1/2" {
		t.Errorf("%d/%d %q", done, total, p.String())
	}
	p.On(ev(migrate.EvPostData, "", 0, nil))
	if p.String() != "load: 1 tables, 10 rows, 1 indexes done; foreign keys, views, triggers" {
		t.Errorf("%q", p.String())
	}
}

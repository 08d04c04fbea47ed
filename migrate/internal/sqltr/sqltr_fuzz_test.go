package sqltr

import (
	"os"
	"strings"
	"testing"
)

// FuzzTranslateView: any SELECT text ends in a translation or an
// Untranslated, never a panic or a hang. Seeds: the corpus's and Sakila's
// views (migrate/testdata) plus testdata/fuzz/FuzzTranslateView.
//
//	go test ./migrate/internal/sqltr -run XXX -fuzz FuzzTranslateView -fuzztime 60s -fuzzminimizetime 2s
func FuzzTranslateView(f *testing.F) {
	for _, s := range seedViews() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		res := trObjects(t, trTables, view("v", body))
		if len(res.Untranslated)+len(res.Stmts) == 0 {
			t.Fatal("the view vanished")
		}
	})
}

// FuzzParseRoutine: the compound-statement parser and the PL/pgSQL
// generator on any CREATE FUNCTION / PROCEDURE / TRIGGER text.
//
//	go test ./migrate/internal/sqltr -run XXX -fuzz FuzzParseRoutine -fuzztime 60s -fuzzminimizetime 2s
func FuzzParseRoutine(f *testing.F) {
	for _, s := range seedRoutines() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, stmt string) {
		parseRoutine(stmt, false)
		kind := "PROCEDURE"
		if u := strings.ToUpper(stmt); strings.Contains(u, "TRIGGER") {
			kind = "TRIGGER"
		} else if strings.Contains(u, "FUNCTION") {
			kind = "FUNCTION"
		}
		res := trObjects(t, trTables, &Object{Kind: kind, Name: "r", Text: stmt})
		if len(res.Untranslated)+len(res.Stmts) == 0 {
			t.Fatal("the routine vanished")
		}
	})
}

// seedFiles: the committed corpora, ours and the public ones.
var seedFiles = []string{"../../testdata/sqlobj.sql", "../../testdata/sakila/sakila-schema.sql", "../../testdata/employees/employees-schema.sql", "../../testdata/opensis/opensis-schema.sql", "../../testdata/opensis/opensis-routines.sql", "../../testdata/sentrifugo/sentrifugo-schema.sql"}

// seedViews: the view bodies of the committed corpora (the SELECT after
// "AS" of each CREATE VIEW).
func seedViews() []string {
	out := []string{"select `t`.`id` AS `id`,count(0) AS `n` from `t` group by `t`.`id`", "SELECT a, GROUP_CONCAT(DISTINCT s ORDER BY d DESC SEPARATOR '|') FROM t WHERE ts + INTERVAL 1 DAY > NOW() GROUP BY a LIMIT 1, 2"}
	for _, p := range seedFiles {
		b, _ := os.ReadFile(p)
		for _, st := range strings.Split(string(b), ";") {
			if i := strings.Index(st, "CREATE VIEW"); i >= 0 {
				if j := strings.Index(strings.ToUpper(st[i:]), "AS"); j >= 0 {
					out = append(out, strings.TrimSpace(st[i+j+2:]))
				}
			}
		}
	}
	return out
}

// seedRoutines: the routines and triggers of the committed corpora.
func seedRoutines() []string {
	var out []string
	for _, p := range seedFiles {
		b, _ := os.ReadFile(p)
		for _, delim := range []string{";;", "//", "$$"} {
			for _, st := range strings.Split(string(b), delim) {
				if i := strings.Index(st, "CREATE "); i >= 0 && (strings.Contains(st, "FUNCTION") || strings.Contains(st, "PROCEDURE") || strings.Contains(st, "TRIGGER")) && !strings.Contains(st, "CREATE TABLE") {
					out = append(out, strings.TrimSpace(st[i:]))
				}
			}
		}
	}
	return out
}

package migrate

import (
	"errors"
	"testing"
)

func TestTableReportChangedText(t *testing.T) {
	tr := &TableReport{Changed: map[string]map[string]int64{"b": {"NUL stripped": 2}, "a": {"zero date -> NULL": 3, "-infinity": 1}}}
	if got := tr.ChangedText(); got != "a: 1 -infinity; a: 3 zero date -> NULL; b: 2 NUL stripped" {
		t.Fatalf("%q", got)
	}
	if got := (&TableReport{}).ChangedText(); got != "-" {
		t.Fatalf("nothing changed: %q", got)
	}
}

func TestVerifyResultStatus(t *testing.T) {
	for want, r := range map[string]*VerifyResult{"OK": {MySQLRows: 2, PGRows: 2}, "MISMATCH": {MySQLRows: 2, PGRows: 1},
		"ERROR": {Err: errors.New("x")}} {
		if got := r.Status(); got != want {
			t.Errorf("%+v: %s, want %s", r, got, want)
		}
	}
}

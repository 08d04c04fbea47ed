package dump

import (
	"errors"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/outcome"
)

// A sequence PostgreSQL refuses is an object not migrated, named, with its
// statement: the database is incomplete (exit 4), not a line of text
// beside an exit 0.
func TestSequenceFailedIsIncomplete(t *testing.T) {
	d := &Parser{Seqs: []*sequence{{schema: "shop", name: "order_no", start: 1, incr: 1, Next: 1001, NextSet: true}}}
	rep := &Report{}
	stmts := d.SeqSQL(rep)
	if len(stmts) != 2 || !strings.HasPrefix(stmts[1], "SELECT setval(") {
		t.Fatalf("statements %q", stmts)
	}
	rep.SequenceFailed(stmts[1], errors.New("permission denied for sequence order_no"))
	err := rep.Incomplete()
	if outcome.Of(err) != outcome.Incomplete {
		t.Fatalf("class %v (%v), want incomplete", outcome.Of(err), err)
	}
	u := rep.Untranslated[0]
	if u.Kind != "sequence" || u.Schema != "shop" || u.Name != "order_no" || !strings.Contains(u.Reason, "permission denied") || u.MySQLText != stmts[1]+";" {
		t.Fatalf("recorded %+v", u)
	}
	if len(rep.NotMigrated) != 1 || !strings.Contains(rep.NotMigrated[0], "order_no") {
		t.Fatalf("not migrated %q", rep.NotMigrated)
	}
}

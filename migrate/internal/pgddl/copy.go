package pgddl

import (
	"fmt"
	"strings"

	"github.com/opsctl/opsctl/migrate/internal/model"
)

// CopyHeader is the COPY for cols, without generated columns (PostgreSQL
// computes them; their dumped values are dropped by the row parser).
func CopyHeader(t *model.Table, cols []*model.Column) string {
	names := make([]string, 0, len(cols))
	for _, c := range cols {
		if c.GeneratedPG == "" {
			names = append(names, model.QuoteIdent(c.Name))
		}
	}
	return fmt.Sprintf("COPY %s (%s) FROM stdin", t.QName(), strings.Join(names, ", "))
}

package migrate

import (
	"github.com/opsctl/opsctl/migrate/internal/verify"
)

// JSONBText exposes verify.JSONBText to the external tests (checked against a
// real PostgreSQL).
func JSONBText(s string) (string, bool) {
	b, ok := verify.JSONBText(nil, []byte(s))
	return string(b), ok
}

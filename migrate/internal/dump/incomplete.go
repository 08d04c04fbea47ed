package dump

import (
	"fmt"
	"strings"

	"github.com/opsctl/opsctl/migrate/internal/model"
)

// IncompleteError says every table arrived but some objects did not: the
// database is incomplete. Commands exit 4 on it.
type IncompleteError struct {
	Objects []model.Untranslated
	// StubsDir holds a stub of each object (migrate.Finish), Stubs their
	// files; "" when none was asked for.
	StubsDir string
	Stubs    []string
}

// Incomplete marks the error for outcome.Of (class Incomplete: exit 4).
func (e *IncompleteError) Incomplete() bool { return true }

func (e *IncompleteError) Error() string {
	names := make([]string, 0, len(e.Objects))
	for _, u := range e.Objects {
		names = append(names, u.Kind+" "+u.Ref())
	}
	where := " (--stubs DIR writes each one's MySQL text to finish by hand)"
	if e.StubsDir != "" {
		where = fmt.Sprintf(": %d stub(s) in %s", len(e.Stubs), e.StubsDir)
	}
	return fmt.Sprintf("database incomplete: %d object(s) not migrated (%s)%s", len(e.Objects), strings.Join(names, ", "), where)
}

// Incomplete returns an *IncompleteError when the report lists objects
// that were not migrated, nil otherwise.
func (r *Report) Incomplete() error {
	if r == nil || len(r.Untranslated) == 0 {
		return nil
	}
	return &IncompleteError{Objects: r.Untranslated}
}

// recordUntranslated records an object that is not migrated.
func recordUntranslated(r *Report, u model.Untranslated) {
	r.Untranslated = append(r.Untranslated, u)
	r.NotMigrated = append(r.NotMigrated, u.String())
}

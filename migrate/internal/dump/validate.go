package dump

import (
	"errors"
	"fmt"

	"github.com/opsctl/opsctl/migrate/internal/model"
)

// Validate checks the choices as a caller names them (the CLI's flags,
// whose names the messages use): ZeroDate, OnNUL and Schema named, PostGIS
// auto, on or off, SchemaOnly and DataOnly not both.
func (o *Options) Validate() error {
	switch {
	case model.ValidPostGIS(o.PostGIS) != nil:
		return model.ValidPostGIS(o.PostGIS)
	case o.ZeroDate != "null" && o.ZeroDate != "-infinity":
		return fmt.Errorf("--zero-date must be null or -infinity, not %q", o.ZeroDate)
	case o.OnNUL != "strip" && o.OnNUL != "error":
		return fmt.Errorf("--on-nul must be strip or error, not %q", o.OnNUL)
	case o.Schema == "":
		return errors.New("--schema must not be empty")
	case o.SchemaOnly && o.DataOnly:
		return errors.New("--schema-only and --data-only exclude each other")
	}
	return nil
}

// ValidJobs checks a number of tables worked on at once (1..64).
func ValidJobs(jobs int) error {
	if jobs < 1 || jobs > 64 {
		return errors.New("--jobs must be 1..64")
	}
	return nil
}

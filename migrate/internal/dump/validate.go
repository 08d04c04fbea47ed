package dump

import (
	"github.com/opsctl/opsctl/migrate/internal/model"
	"github.com/opsctl/opsctl/outcome"
)

// Validate checks the choices as a caller names them (the CLI's flags):
// ZeroDate, OnNUL and Schema named, PostGIS auto, on or off, SchemaOnly
// and DataOnly not both. A refusal is an *outcome.OptionError.
func (o *Options) Validate() error {
	switch {
	case model.ValidPostGIS(o.PostGIS) != nil:
		return model.ValidPostGIS(o.PostGIS)
	case o.ZeroDate != "null" && o.ZeroDate != "-infinity":
		return outcome.BadOption("zero-date", "must be null or -infinity, not %q", o.ZeroDate)
	case o.OnNUL != "strip" && o.OnNUL != "error":
		return outcome.BadOption("on-nul", "must be strip or error, not %q", o.OnNUL)
	case o.Schema == "":
		return outcome.BadOption("schema", "must not be empty")
	case o.SchemaOnly && o.DataOnly:
		return outcome.BadOption("schema-only", "excludes data-only")
	}
	return nil
}

// ValidJobs checks a number of tables worked on at once (1..64).
func ValidJobs(jobs int) error {
	if jobs < 1 || jobs > 64 {
		return outcome.BadOption("jobs", "must be 1..64")
	}
	return nil
}

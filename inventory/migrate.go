package inventory

import "github.com/opsctl/opsctl/migrate/cast"

// Migrate holds the defaults of `opsctl migrate convert|load|schema|copy|verify`:
//
//	migrate:
//	  casts: ["shop.orders.flags=smallint", "tinyint(1)=smallint"]
//	  zero_date: null        # or -infinity
//	  on_nul: strip          # or error
//
// Flags win: --cast values are tried before these casts for the same key
// (a column cast still beats a type cast, whichever side it comes from),
// and an explicit --zero-date / --on-nul replaces the value here.
type Migrate struct {
	Casts    []string `yaml:"casts"`
	ZeroDate string   `yaml:"zero_date"` // "" (YAML null) or "null": NULL; "-infinity"
	OnNUL    string   `yaml:"on_nul"`    // "" or "strip"; "error"
}

// ParsedCasts returns the casts, parsed (validated at load).
func (m Migrate) ParsedCasts() []cast.Cast {
	var out []cast.Cast
	for _, s := range m.Casts {
		if c, err := cast.Parse(s); err == nil {
			out = append(out, c)
		}
	}
	return out
}

func (c *Config) validateMigrate() error {
	m := &c.Migrate
	for i, s := range m.Casts {
		// the same parser as --cast
		if _, err := cast.Parse(s); err != nil {
			return c.Errorf([]any{"migrate", "casts", i}, "migrate.casts: %v", err)
		}
	}
	switch m.ZeroDate {
	case "", "null", "-infinity":
	default:
		return c.Errorf([]any{"migrate", "zero_date"}, "migrate.zero_date: want null or -infinity, not %q", m.ZeroDate)
	}
	switch m.OnNUL {
	case "", "strip", "error":
	default:
		return c.Errorf([]any{"migrate", "on_nul"}, "migrate.on_nul: want strip or error, not %q", m.OnNUL)
	}
	return nil
}

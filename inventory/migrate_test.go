package inventory

import (
	"strings"
	"testing"
)

func TestMigrateSection(t *testing.T) {
	cfg, err := LoadReader(strings.NewReader("migrate:\n  casts: [\"shop.orders.flags=smallint\", \"tinyint(1)=smallint\"]\n  zero_date: -infinity\n  on_nul: error\n"), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cs := cfg.Migrate.ParsedCasts()
	if len(cs) != 2 || cs[0].Key != "shop.orders.flags" || cs[1].Type != "smallint" || cfg.Migrate.ZeroDate != "-infinity" || cfg.Migrate.OnNUL != "error" {
		t.Fatalf("%+v %+v", cfg.Migrate, cs)
	}
	// YAML null is the default (NULL)
	if _, err := LoadReader(strings.NewReader("migrate:\n  zero_date: null\n"), "t.yaml"); err != nil {
		t.Fatal(err)
	}
}

func TestMigrateValidation(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"migrate:\n  casts:\n    - shop.t.c=smallint\n    - tinyint(1)=varchar2\n", `t.yaml:4: migrate.casts: cast "tinyint(1)=varchar2": unsupported PostgreSQL type "varchar2"`},
		{"migrate:\n  casts: [\"nope\"]\n", `t.yaml:2: migrate.casts: cast "nope": want`},
		{"migrate:\n  zero_date: zero\n", `t.yaml:2: migrate.zero_date: want null or -infinity, not "zero"`},
		{"\nmigrate:\n  on_nul: keep\n", `t.yaml:3: migrate.on_nul: want strip or error, not "keep"`},
		{"migrate:\n  cast: []\n", "cast"},
	} {
		_, err := LoadReader(strings.NewReader(tc.yaml), "t.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

package cast

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct{ in, key, typ, err string }{
		{in: "shop.Orders.flags = SmallInt", key: "shop.orders.flags", typ: "smallint"},
		{in: "tinyint(1)=smallint", key: "tinyint(1)", typ: "smallint"},
		{in: "t.c=numeric(20,0)", key: "t.c", typ: "numeric(20,0)"},
		{in: "t.c=timestamp with time zone", key: "t.c", typ: "timestamp with time zone"},
		{in: "t.c", err: "want 'db.table.column=pgtype'"},
		{in: "=text", err: "want 'db.table.column=pgtype'"},
		{in: "t.c=money", err: `unsupported PostgreSQL type "money"`},
	} {
		c, err := Parse(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Parse(%q) = %v, want error containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || c.Key != tc.key || c.Type != tc.typ {
			t.Errorf("Parse(%q) = %+v, %v; want %s=%s", tc.in, c, err, tc.key, tc.typ)
		}
	}
}

func TestKindOf(t *testing.T) {
	for in, want := range map[string]Kind{"boolean": Bool, "numeric(65,30)": Number, "VARCHAR(10)": Text, "bytea": Bytes,
		"timestamptz": Datetime, "interval": Interval, "jsonb": JSON, "bit(8)": Bits, "date": Date, "time": Time} {
		if k, ok := KindOf(in); !ok || k != want {
			t.Errorf("KindOf(%q) = %v, %v; want %v", in, k, ok, want)
		}
	}
	if _, ok := KindOf("point"); ok {
		t.Error("KindOf(point) should be unsupported")
	}
}

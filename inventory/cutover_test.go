package inventory

import (
	"strings"
	"testing"
	"time"
)

const cutoverHosts = "hosts:\n  - {name: app1, groups: [app]}\n  - {name: app2, groups: [app]}\n  - {name: pg1}\n"

func TestCutoverSection(t *testing.T) {
	t.Setenv("PG_URL", "postgres://app@pg1/shop")
	cfg, err := LoadReader(strings.NewReader(cutoverHosts+`cutover:
  from: mysql://app@db1/shop
  to: ${PG_URL}
  pg_host: pg1
  repoint:
    hosts: app
    command: "systemctl reload app"
  smoke:
    - url: http://shop.example/health
`), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	x := cfg.Cutover
	if x.To != "postgres://app@pg1/shop" || x.Schema != "public" || x.Jobs != 4 || x.Quiesce.Method != "auto" ||
		x.Quiesce.Stable != 5*time.Second || x.Quiesce.Timeout != 2*time.Minute || x.Repoint.Timeout != time.Minute ||
		x.Smoke[0].ExpectStatus != 200 || x.Method != "copy" || x.Smoke[0].Method != "GET" || x.Smoke[0].Timeout != 30*time.Second {
		t.Fatalf("%+v", x)
	}
	// No section: nothing required.
	if cfg, err := LoadReader(strings.NewReader(cutoverHosts), "t.yaml"); err != nil || cfg.Cutover.Configured() {
		t.Fatal(err)
	}
}

func TestCutoverValidation(t *testing.T) {
	base := "cutover:\n  from: mysql://a@db/shop\n  to: postgres://a@pg/shop\n"
	for _, tc := range []struct{ yaml, want string }{
		{"cutover:\n  from: postgres://x/y\n  to: postgres://a@pg/shop\n", "t.yaml:6: cutover.from: want mysql://"},
		{"cutover:\n  from: mysql://a@db/shop\n  to: mysql://a@pg/shop\n", "t.yaml:7: cutover.to: want postgres://"},
		{base + "  quiesce: {method: magic}\n", `t.yaml:8: cutover.quiesce.method "magic"`},
		{base + "  quiesce: {stable: 10s, timeout: 5s}\n", "timeout at least stable"},
		{base + "  repoint:\n    hosts: app\n", "t.yaml:8: cutover.repoint: command is required"},
		{base + "  repoint:\n    command: x\n", "cutover.repoint.hosts: which hosts"},
		{base + "  repoint:\n    hosts: nosuch\n    command: x\n", "t.yaml:9: cutover.repoint.hosts:"},
		{base + "  pg_host: nosuch\n", `t.yaml:8: cutover.pg_host "nosuch": no such host`},
		{base + "  smoke:\n    - url: ftp://x\n", "t.yaml:9: cutover.smoke[0].url"},
		{base + "  smoke:\n    - {url: 'http://x/', method: POST}\n", "a smoke check must not write"},
		{base + "  jobs: 100\n", "cutover.jobs 100"},
		{base + "  bogus: 1\n", "bogus"},
		{base + "  method: pgloader\n", `t.yaml:8: cutover.method "pgloader": want copy`},
		{base + "  dump_command: mysqldump shop\n", "t.yaml:8: cutover.dump_command goes with method: dump"},
		{base + "  method: dump\n  precopy: true\n", "t.yaml:9: cutover.precopy goes with method: copy"},
	} {
		_, err := LoadReader(strings.NewReader(cutoverHosts+tc.yaml), "t.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

// TestMaskEnv: every value a ${VAR} expanded to is shown as ${VAR}.
func TestMaskEnv(t *testing.T) {
	t.Setenv("OPSCTL_T_PGPW", "s3cr3t-pw")
	t.Setenv("OPSCTL_T_SHORT", "1")
	c, err := LoadReader(strings.NewReader("app:\n  name: shop\ncutover:\n  from: mysql://app@db1/shop\n  to: postgres://app:${OPSCTL_T_PGPW}@pg1/shop\n  reason: move ${OPSCTL_T_SHORT}\n"), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Cutover.To != "postgres://app:s3cr3t-pw@pg1/shop" {
		t.Fatalf("not expanded: %s", c.Cutover.To)
	}
	got := c.MaskEnv("ran sed DB=postgres://app:s3cr3t-pw@pg1/shop; 1 host(s)")
	if got != "ran sed DB=postgres://app:${OPSCTL_T_PGPW}@pg1/shop; 1 host(s)" {
		t.Fatalf("masked: %s", got)
	}
}

package cutover

import (
	"strings"
	"testing"
)

func TestParseDF(t *testing.T) {
	n, err := parseDF("Filesystem     1024-blocks      Used Available Capacity Mounted on\n/dev/sda1        102400000  51200000  40960000      56% /var/lib/postgresql\n")
	if err != nil || n != 40960000*1024 {
		t.Fatalf("%d %v", n, err)
	}
	if _, err := parseDF("garbage"); err == nil {
		t.Fatal("want an error")
	}
}

func TestMaskURLPasswords(t *testing.T) {
	in := "sed -i 's|^DB=.*|DB=postgres://app:s3cr:et@pg1/shop|' /srv/env && echo mysql://root:pw@db/x http://host/a@b"
	got := MaskURLPasswords(in)
	if strings.Contains(got, "s3cr") || strings.Contains(got, ":pw@") || !strings.Contains(got, "postgres://app:***@pg1/shop") || !strings.Contains(got, "mysql://root:***@db/x") || !strings.Contains(got, "http://host/a@b") {
		t.Fatal(got)
	}
}

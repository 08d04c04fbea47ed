package varnish

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/fanout"
)

func TestLoadedVCLs(t *testing.T) {
	rs := []fanout.Result[[]VCL]{
		{Name: "c1", Value: []VCL{{Name: "v2", Status: "active"}, {Name: "old", Status: "discarded"}, {Name: "ro", Status: "available", LabelOf: "v2"}}},
		{Name: "c2", Value: []VCL{{Name: "v1", Status: "available"}, {Name: "v2", Status: "available"}}},
		{Name: "c3", Err: errors.New("down")},
	}
	var got []string
	for _, v := range LoadedVCLs(rs) {
		got = append(got, v.Name+":"+v.Status)
	}
	if want := []string{"ro:available", "v1:available", "v2:active"}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("%q", got)
	}
}

// TestVCLFile: a local file's source is sent (not an empty one), a file on
// the cache hosts is a path (absolute); a VCL name follows varnishd's rule.
func TestVCLFile(t *testing.T) {
	dir := t.TempDir()
	vcl, empty := filepath.Join(dir, "a.vcl"), filepath.Join(dir, "e.vcl")
	os.WriteFile(vcl, []byte("vcl 4.1;\n"), 0o644)
	os.WriteFile(empty, nil, 0o644)
	if s, err := VCLFile(vcl, false); err != nil || s != (VCLSource{Inline: "vcl 4.1;\n"}) {
		t.Errorf("local: %+v %v", s, err)
	}
	if s, err := VCLFile("/etc/varnish/a.vcl", true); err != nil || s != (VCLSource{Path: "/etc/varnish/a.vcl"}) {
		t.Errorf("remote: %+v %v", s, err)
	}
	for _, tc := range []struct {
		file   string
		remote bool
		err    string
	}{
		{empty, false, "is empty"},
		{filepath.Join(dir, "none.vcl"), false, "no such file"},
		{"rel.vcl", true, `remote-file: "rel.vcl" must be an absolute path`},
	} {
		if _, err := VCLFile(tc.file, tc.remote); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s remote=%v: %v, want %q", tc.file, tc.remote, err, tc.err)
		}
	}
	if CheckVCLName("v42") != nil || CheckVCLName("4x") == nil || CheckVCLName("a b") == nil {
		t.Error("CheckVCLName")
	}
}

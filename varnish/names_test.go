package varnish

import (
	"errors"
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

package deploy

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

func TestReleaseCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	dir := t.TempDir()
	c := ReleaseCacheFor(filepath.Join(dir, "opsctl.yaml"))
	if c.Path == "" || len(c.IDs()) != 0 {
		t.Fatalf("new cache %+v: %q", c, c.IDs())
	}
	c.Add("20261201-aaa", "20261202-bbb")
	c.Add("20261130-zzz", "20261201-aaa", "")
	if got := c.IDs(); !slices.Equal(got, []string{"20261202-bbb", "20261201-aaa", "20261130-zzz"}) {
		t.Fatalf("ids %q", got)
	}
	// another inventory has its own cache
	if other := ReleaseCacheFor(filepath.Join(dir, "other.yaml")); other.Path == c.Path || len(other.IDs()) != 0 {
		t.Fatalf("other inventory: %+v %q", other, other.IDs())
	}
	// no cache: nothing happens
	var none ReleaseCache
	none.Add("x")
	if none.IDs() != nil {
		t.Fatal("empty cache answered")
	}
}

func TestReleaseIDs(t *testing.T) {
	ids, ok := ReleaseIDs([]HostReleases{{Host: "a", Releases: []string{"r1", "r3"}}, {Host: "b", Releases: []string{"r2", "r1"}},
		{Host: "c", Err: errors.New("down"), Releases: []string{"r9"}}})
	if !ok || !slices.Equal(ids, []string{"r3", "r2", "r1"}) {
		t.Fatalf("%q %v", ids, ok)
	}
	if _, ok := ReleaseIDs([]HostReleases{{Host: "c", Err: errors.New("down")}}); ok {
		t.Fatal("no host answered, yet ok")
	}
}

func TestHistoryShown(t *testing.T) {
	in := []HistoryEntry{
		{Action: "deploy", OpID: "deploy-1", Hosts: []string{"a", "b"}},
		{Action: "rollback", OpID: "deploy-1", Hosts: []string{"a"}},
		{Action: "deploy", OpID: "deploy-2", Hosts: []string{"a", "b"}},
		{Action: "interrupted", OpID: "deploy-2", Hosts: []string{"b"}},
		{Action: "rollback", OpID: "rollback-3", Hosts: []string{"a", "b"}},
	}
	var got []string
	for _, e := range HistoryShown(in, 10) {
		got = append(got, e.OpID+" "+e.Action+": "+e.Result)
	}
	want := []string{"deploy-1 deploy: rolled back on 1 host(s)", "deploy-1 rollback: automatic (deploy failed)",
		"deploy-2 deploy: INTERRUPTED (left on 1 host(s))", "rollback-3 rollback: ok"}
	if !slices.Equal(got, want) {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
	if last := HistoryShown(in, 1); len(last) != 1 || last[0].OpID != "rollback-3" {
		t.Fatalf("limit 1: %+v", last)
	}
}

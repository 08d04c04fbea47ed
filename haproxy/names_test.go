package haproxy

import (
	"slices"
	"testing"
)

func TestReportNames(t *testing.T) {
	r := &StatusReport{Servers: []ServerView{{Backend: "app", Server: "web2"}, {Backend: "app", Server: "BACKEND"},
		{Backend: "api", Server: "web1"}, {Backend: "app", Server: "web1"}, {Backend: "app", Server: "web2"}, {Backend: "fe", Server: "FRONTEND"}}}
	if got := r.ServerNames(); !slices.Equal(got, []string{"api/web1", "app/web1", "app/web2"}) {
		t.Errorf("servers %q", got)
	}
	if got := r.Backends(); !slices.Equal(got, []string{"api", "app"}) {
		t.Errorf("backends %q", got)
	}
}

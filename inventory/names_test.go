package inventory

import "testing"

func TestNames(t *testing.T) {
	t.Setenv("OPSCTL_TEST_USER", "deploy")
	c, err := load(t, sample)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range c.Names(true, false, false) {
		got = append(got, n.Name+":"+n.Kind)
	}
	want := []string{"web01:host", "web02:host", "web03:host", "worker1:host", "canary:group", "db:group", "web:group", "worker:group"}
	if len(got) != len(want) {
		t.Fatalf("%q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%q, want %q", got, want)
		}
	}
	if n := c.Names(false, true, true); len(n) != 0 {
		t.Fatalf("no nodes in the sample: %v", n)
	}
}

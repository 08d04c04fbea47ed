package deploy

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// noUploadLeft fails if a host has anything of release id under releases/.
func noUploadLeft(t *testing.T, f *fakeFleet, host, id string) {
	t.Helper()
	ents, _ := os.ReadDir(f.path(host, "releases"))
	for _, e := range ents {
		if strings.Contains(e.Name(), id) {
			t.Fatalf("%s: %s left in releases/", host, e.Name())
		}
	}
}

// The lock rides with the first wave's upload (one command fewer per
// host), but a host locked by someone else still refuses the whole deploy
// before anything changes: uploads in flight are cut short and removed,
// our locks are released, the holder is reported.
func TestLockTakenWithUpload(t *testing.T) {
	f := newFakeFleet(t)
	hosts := hostsN(4)
	o := baseOpts(f, hosts, artifact(t, map[string]string{"a": "1"}), "old")
	if _, err := Deploy(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	// commands per host: lock+upload, switch, unlock+prune
	before := f.cmds["webaa"]
	o = baseOpts(f, hosts, artifact(t, map[string]string{"a": "2"}), "new")
	if _, err := Deploy(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if n := f.cmds["webaa"] - before; n != 3 {
		t.Fatalf("a deploy used %d commands on a host, want 3", n)
	}
	if _, err := os.Stat(f.path("webaa", "releases", "new", "a")); err != nil {
		t.Fatal(err)
	}
	// one host at a time, in waves: the same
	o = baseOpts(f, hosts, artifact(t, map[string]string{"a": "3"}), "newer")
	o.Concurrency, o.Canary, o.BatchSize = 1, "1", "2"
	if _, err := Deploy(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	for _, h := range hosts {
		if f.live(h.Name) != "newer" {
			t.Fatalf("%s on %s", h.Name, f.live(h.Name))
		}
		noUploadLeft(t, f, h.Name, ".tmp-")
	}
	o = baseOpts(f, hosts, artifact(t, map[string]string{"a": "2"}), "new")
	if _, err := Rollback(context.Background(), RollbackOptions{Common: o.Common, To: "new"}); err != nil {
		t.Fatal(err)
	}

	// a big artifact, so uploads are still in flight when the refusal comes
	blob := make([]byte, 8<<20)
	rand.Read(blob)
	big := artifact(t, map[string]string{"blob": string(blob)})
	holder := `{"id":"deploy-x","op":"deploy","user":"carol@ci","client":"ci","pid":7,"started":"2026-01-01T00:00:00Z"}`
	for _, tc := range []struct {
		name, canary, locked string
	}{{"held in the first wave", "", "webac"}, {"held in a later wave", "2", "webad"}} {
		t.Run(tc.name, func(t *testing.T) {
			os.MkdirAll(f.path(tc.locked, ".opsctl.lock"), 0o755)
			os.WriteFile(f.path(tc.locked, ".opsctl.lock", "info"), []byte(holder+"\n"), 0o644)
			o := baseOpts(f, hosts, big, "big")
			o.Canary = tc.canary
			res, err := Deploy(context.Background(), o)
			var le *LockedError
			if !errors.As(err, &le) || len(le.Holders) != 1 || le.Holders[tc.locked].User != "carol@ci" || len(le.Failed) != 0 {
				t.Fatalf("want a refusal naming carol@ci on %s: %v", tc.locked, err)
			}
			for _, h := range hosts {
				if f.live(h.Name) != "new" || res.Host(h.Name).Status != StatusUntouched {
					t.Fatalf("%s: live %s, %+v", h.Name, f.live(h.Name), res.Host(h.Name))
				}
				noUploadLeft(t, f, h.Name, "big")
				if _, err := os.Stat(f.path(h.Name, ".opsctl.lock")); (h.Name == tc.locked) == os.IsNotExist(err) {
					t.Fatalf("%s: lock state wrong (%v)", h.Name, err)
				}
			}
			os.RemoveAll(f.path(tc.locked, ".opsctl.lock"))
		})
	}

	// a host that cannot be reached refuses too
	f.down["webad"] = true
	if _, err := Deploy(context.Background(), baseOpts(f, hosts, big, "big")); err == nil || !strings.Contains(err.Error(), "could not reach or lock 1 host") {
		t.Fatalf("down host: %v", err)
	}
	f.down["webad"] = false
	for _, h := range hosts {
		noUploadLeft(t, f, h.Name, "big")
		if _, err := os.Stat(f.path(h.Name, ".opsctl.lock")); !os.IsNotExist(err) {
			t.Fatalf("%s: lock left", h.Name)
		}
	}

	// with after_upload hooks (the user's commands), every host is locked
	// before any upload: a locked host means no hook ran anywhere
	os.MkdirAll(f.path("webad", ".opsctl.lock"), 0o755)
	o = baseOpts(f, hosts, big, "big")
	mark := filepath.Join(f.base, "hook-ran")
	o.Hooks = Hooks{AfterUpload: []string{"touch " + mark}}
	if _, err := Deploy(context.Background(), o); !errors.As(err, new(*LockedError)) {
		t.Fatalf("hooks: %v", err)
	}
	if _, err := os.Stat(mark); !os.IsNotExist(err) {
		t.Fatal("an after_upload hook ran although a host was locked")
	}
	os.RemoveAll(f.path("webad", ".opsctl.lock"))
	if _, err := Deploy(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(mark); err != nil {
		t.Fatal("after_upload hook did not run")
	}
	for _, h := range hosts {
		if f.live(h.Name) != "big" {
			t.Fatalf("%s on %s", h.Name, f.live(h.Name))
		}
		noUploadLeft(t, f, h.Name, ".tmp-")
	}
}

// A lock command that ran on the host but whose answer was lost (the
// connection dropped, or a hard abort cut it) may have left our lock
// there: the clean-up releases it too, so the refusal leaves no lock and
// no upload anywhere; someone else's lock is never touched.
func TestLockAnswerLost(t *testing.T) {
	f := newFakeFleet(t)
	hosts := hostsN(4)
	o := baseOpts(f, hosts, artifact(t, map[string]string{"a": "1"}), "old")
	if _, err := Deploy(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	const lockCmd = `if mkdir "$d/.opsctl.lock"`
	noLockLeft := func(t *testing.T) {
		t.Helper()
		for _, h := range hosts {
			if f.live(h.Name) != "old" {
				t.Fatalf("%s on %s", h.Name, f.live(h.Name))
			}
			noUploadLeft(t, f, h.Name, "new")
			if _, err := os.Stat(f.path(h.Name, ".opsctl.lock")); !os.IsNotExist(err) {
				t.Fatalf("%s: lock left (%v)", h.Name, err)
			}
		}
	}
	for _, tc := range []struct{ name, canary, host string }{
		{"deploy, first wave (lock with the upload)", "", "webab"},
		{"deploy, later wave (lock only)", "1", "webad"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.cutReply[tc.host] = lockCmd
			o := baseOpts(f, hosts, artifact(t, map[string]string{"a": "2"}), "new")
			o.Canary = tc.canary
			_, err := Deploy(context.Background(), o)
			var le *LockedError
			if !errors.As(err, &le) || le.Failed[tc.host] == nil {
				t.Fatalf("want a refusal naming %s: %v", tc.host, err)
			}
			noLockLeft(t)
		})
	}
	t.Run("deploy with after_upload hooks (lock first)", func(t *testing.T) {
		f.cutReply["webac"] = lockCmd
		o := baseOpts(f, hosts, artifact(t, map[string]string{"a": "2"}), "new")
		o.Hooks = Hooks{AfterUpload: []string{"true"}}
		if _, err := Deploy(context.Background(), o); !errors.As(err, new(*LockedError)) {
			t.Fatalf("want a refusal: %v", err)
		}
		noLockLeft(t)
	})
	t.Run("rollback", func(t *testing.T) {
		f.cutReply["webaa"] = lockCmd
		if _, err := Rollback(context.Background(), RollbackOptions{Common: o.Common}); err == nil {
			t.Fatal("want a refusal")
		}
		noLockLeft(t)
	})
	t.Run("someone else's lock stays", func(t *testing.T) {
		holder := `{"id":"deploy-x","op":"deploy","user":"carol@ci"}`
		os.MkdirAll(f.path("webad", ".opsctl.lock"), 0o755)
		os.WriteFile(f.path("webad", ".opsctl.lock", "info"), []byte(holder+"\n"), 0o644)
		f.cutReply["webad"] = lockCmd
		if _, err := Deploy(context.Background(), baseOpts(f, hosts, artifact(t, map[string]string{"a": "2"}), "new")); err == nil {
			t.Fatal("want a refusal")
		}
		if b, err := os.ReadFile(f.path("webad", ".opsctl.lock", "info")); err != nil || !strings.Contains(string(b), "carol@ci") {
			t.Fatalf("carol's lock: %q %v", b, err)
		}
		os.RemoveAll(f.path("webad", ".opsctl.lock"))
		noLockLeft(t)
	})
}

// A release id already live on some hosts refuses the deploy once every
// host is locked, before anything changes: no host switches, no upload or
// lock is left, and the error names those hosts (it used to upload to the
// rest, fail those hosts, and then report "rolling back FAILED ... still
// on" a release this deploy never put there).
func TestDeployOfALiveReleaseIsRefused(t *testing.T) {
	f := newFakeFleet(t)
	hosts := hostsN(4)
	art := artifact(t, map[string]string{"a": "1"})
	if _, err := Deploy(context.Background(), baseOpts(f, hosts, art, "one")); err != nil {
		t.Fatal(err)
	}
	if _, err := Deploy(context.Background(), baseOpts(f, hosts[:1], artifact(t, map[string]string{"a": "2"}), "two")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		id     string
		hooks  bool
		all    bool
		onLive []string
	}{
		{"on one host, lock with the upload", "two", false, false, []string{"webaa"}},
		{"on one host, with after_upload hooks", "two", true, false, []string{"webaa"}},
		{"on every host", "one", false, true, []string{"webab", "webac", "webad"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sel := hosts
			if tc.all {
				sel = hosts[1:]
			}
			o := baseOpts(f, sel, artifact(t, map[string]string{"a": "3"}), tc.id)
			if tc.hooks {
				o.Hooks.AfterUpload = []string{"true"}
			}
			res, err := Deploy(context.Background(), o)
			var ae *AlreadyLiveError
			if !errors.As(err, &ae) || ae.All != tc.all || strings.Join(ae.Hosts, ",") != strings.Join(tc.onLive, ",") {
				t.Fatalf("want a refusal naming %v (all=%v): %v", tc.onLive, tc.all, err)
			}
			if strings.Contains(err.Error(), "rolling back") {
				t.Fatalf("the refusal speaks of a rollback: %v", err)
			}
			for _, h := range res.Hosts {
				if h.Status != StatusUntouched {
					t.Errorf("%s: status %s, want untouched", h.Host, h.Status)
				}
			}
			want := map[string]string{"webaa": "two", "webab": "one", "webac": "one", "webad": "one"}
			for _, h := range sel {
				if got := f.live(h.Name); got != want[h.Name] {
					t.Errorf("%s: live %s, want %s", h.Name, got, want[h.Name])
				}
				noUploadLeft(t, f, h.Name, ".tmp-")
				if _, err := os.Stat(f.path(h.Name, ".opsctl.lock")); err == nil {
					t.Errorf("%s: lock left", h.Name)
				}
			}
		})
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/outcome"
	"github.com/opsctl/opsctl/transport"
)

// A library struct is encoded from its own JSON tags, a map on top of it
// adds what it lacks (its error as the message) and wins on a clash; a
// 64-bit integer stays exact.
func TestEmitStructAndMap(t *testing.T) {
	type row struct {
		Node  string `json:"node"`
		Bytes int64  `json:"bytes"`
		Skip  string `json:"skip,omitempty"`
		State string `json:"state"`
		Sub   struct {
			Z int `json:"z"`
			A int `json:"a"`
		} `json:"sub"`
	}
	var out bytes.Buffer
	a := &app{io: &IOStreams{Out: &out}}
	a.emit("x.y", row{Node: "lb1", Bytes: 1<<53 + 1, State: "up"}, map[string]any{"state": "down", "error": errors.New("boom")})
	var got map[string]any
	d := json.NewDecoder(bytes.NewReader(out.Bytes()))
	d.UseNumber()
	if err := d.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got["event"] != "x.y" || got["node"] != "lb1" || got["state"] != "down" || got["error"] != "boom" {
		t.Fatalf("got %v", got)
	}
	if got["bytes"].(json.Number).String() != "9007199254740993" {
		t.Fatalf("bytes = %v", got["bytes"])
	}
	if !bytes.Contains(out.Bytes(), []byte(`"sub":{"z":0,"a":0}`)) {
		t.Fatalf("nested object not in the library's key order: %s", out.String())
	}
	if _, ok := got["skip"]; ok {
		t.Fatalf("omitempty field encoded: %v", got)
	}
}

// A library's refusal of an option is said with the flag's name, exit 2.
func TestFlagsError(t *testing.T) {
	err := flagsError(fmt.Errorf("deploy: %w", outcome.BadOption("batch-size", "%q: must be at least one host", "0")))
	if got := err.Error(); got != `--batch-size: "0": must be at least one host` {
		t.Fatalf("message %q", got)
	}
	if exitCode(err, false) != ExitUsage || flagsError(nil) != nil {
		t.Fatalf("exit %d", exitCode(err, false))
	}
	if got := flagsError(errors.New("plain")).Error(); got != "plain" {
		t.Fatalf("plain error said %q", got)
	}
}

// A host's error is said once with its host: the HOST column (text) or
// the "host" field (JSON) has it, the message does not repeat it.
func TestLockErrorSaysHostOnce(t *testing.T) {
	st := []deploy.LockState{{Host: "web1", Err: &transport.Error{Host: "web1", Op: "connect", Kind: transport.ErrConnect, Err: errors.New("refused")}}}
	for _, mode := range []string{"text", "json"} {
		var out bytes.Buffer
		a := &app{io: &IOStreams{Out: &out}, opts: globalOptions{output: mode, color: "never"}}
		a.printLocks("lock.status", st, "HOLDER", nil)
		if strings.Count(out.String(), "web1") != 1 || !strings.Contains(out.String(), "connect: refused") {
			t.Errorf("%s: %q", mode, out.String())
		}
	}
}

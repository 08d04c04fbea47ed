package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
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
	}
	var out bytes.Buffer
	a := &app{io: &IOStreams{Out: &out}}
	a.emit("x.y", row{Node: "lb1", Bytes: 1<<53 + 1, State: "up"}, map[string]any{"state": "down", "error": errors.New("boom")})
	var got map[string]any
	d := json.NewDecoder(&out)
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
	if _, ok := got["skip"]; ok {
		t.Fatalf("omitempty field encoded: %v", got)
	}
}

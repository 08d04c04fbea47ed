package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/spf13/cobra"
)

// leafCommands lists the path of every runnable opsctl command in the tree
// (cobra's own help and completion are not opsctl commands).
func leafCommands() [][]string {
	a := newApp(&IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard})
	defer a.close()
	var out [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, s := range c.Commands() {
			if s.Name() == "help" || s.Name() == "completion" {
				continue
			}
			p := append(append([]string{}, path...), s.Name())
			if s.Runnable() {
				out = append(out, p)
			}
			walk(s, p)
		}
	}
	walk(newRootCmd(a), nil)
	return out
}

// jsonLines returns the lines of a -o json output whose event is name.
func jsonLines(out, name string) []string {
	var got []string
	for _, ln := range strings.Split(out, "\n") {
		var obj struct {
			Event string `json:"event"`
		}
		if json.Unmarshal([]byte(ln), &obj) == nil && obj.Event == name {
			got = append(got, ln)
		}
	}
	return got
}

// jsonNouns are the nouns of docs/json.md: an event is "noun.verb".
var jsonNouns = map[string]bool{
	"opsctl": true, "config": true, "init": true, "inventory": true, "exec": true,
	"deploy": true, "rollback": true, "releases": true, "history": true, "lock": true, "unlock": true,
	"haproxy": true, "varnish": true, "readonly": true, "events": true,
	"migrate": true, "verify": true, "cutover": true, "docs": true,
}

var eventName = regexp.MustCompile(`^([a-z]+)\.[a-z_]+$`)

// notDurations are the duration field names the contract replaced by
// duration_ms (and *_ms for other spans).
var notDurations = map[string]bool{"duration": true, "seconds": true, "took": true, "took_ms": true, "elapsed": true, "elapsed_ms": true}

// checkJSONLines checks the contract of docs/json.md on one output: one
// JSON object per line; "event" is "noun.verb" with a noun of the list;
// "time" is RFC 3339 UTC; "error" is a string; spans of time are numbers
// of milliseconds named duration_ms (or *_ms), never seconds or other
// names; "host", "node" and "table" are strings; the opsctl.error event
// carries "exit_code", and a failing command prints one (unless its
// per-item lines said everything: silent).
func checkJSONLines(t testing.TB, args []string, stdout string, code int, silent bool) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if stdout == "" {
		if code != 0 && !silent {
			t.Errorf("%q: exit %d and no JSON line", args, code)
		}
		return
	}
	sawError := false
	for i, ln := range lines {
		var obj map[string]any
		if err := json.Unmarshal([]byte(ln), &obj); err != nil {
			t.Errorf("%q line %d is not one JSON object: %v\n%s", args, i+1, err, ln)
			continue
		}
		ev, _ := obj["event"].(string)
		ts, _ := obj["time"].(string)
		if m := eventName.FindStringSubmatch(ev); m == nil || !jsonNouns[m[1]] {
			t.Errorf("%q line %d: event %q is not noun.verb with a noun of docs/json.md: %s", args, i+1, ev, ln)
		}
		if tm, err := time.Parse(time.RFC3339Nano, ts); err != nil || tm.Location() != time.UTC {
			t.Errorf("%q line %d: \"time\" %q is not RFC 3339 UTC", args, i+1, ts)
		}
		if k := goFieldName(obj); k != "" {
			t.Errorf("%q line %d: field %q is a Go field name, not the contract's snake_case: %s", args, i+1, k, ln)
		}
		for k, v := range obj {
			switch {
			case k == "error":
				if _, ok := v.(string); !ok {
					t.Errorf("%q line %d: \"error\" is not a string: %s", args, i+1, ln)
				}
			case k == "host" || k == "node" || k == "table":
				if _, ok := v.(string); !ok {
					t.Errorf("%q line %d: %q is not a string: %s", args, i+1, k, ln)
				}
			case strings.HasSuffix(k, "_ms"):
				if _, ok := v.(float64); !ok {
					t.Errorf("%q line %d: %q is not a number: %s", args, i+1, k, ln)
				}
			case notDurations[k] || strings.HasSuffix(k, "_s") || strings.HasSuffix(k, "_ns") || strings.HasSuffix(k, "seconds"):
				t.Errorf("%q line %d: duration field %q: the contract says duration_ms (milliseconds): %s", args, i+1, k, ln)
			}
		}
		if ev == "opsctl.error" {
			sawError = true
			if _, ok := obj["error"].(string); !ok {
				t.Errorf("%q line %d: error event without \"error\": %s", args, i+1, ln)
			}
			if c, ok := obj["exit_code"].(float64); !ok || int(c) != code {
				t.Errorf("%q line %d: exit_code %v, exited %d", args, i+1, obj["exit_code"], code)
			}
			if p, ok := obj["parts"]; ok {
				checkJSONParts(t, args, i+1, p, ln)
			}
		}
	}
	if code != 0 && !sawError && !silent {
		t.Errorf("%q: exit %d without an error event:\n%s", args, code, stdout)
	}
}

// checkJSONParts checks an error line's "parts" (docs/json.md, Partial
// results): done, rolled_back and skipped are lists of names, failed a list
// of {name, error, changed}; an empty list is left out.
func checkJSONParts(t testing.TB, args []string, line int, p any, ln string) {
	t.Helper()
	parts, ok := p.(map[string]any)
	if !ok {
		t.Errorf("%q line %d: \"parts\" is not an object: %s", args, line, ln)
		return
	}
	for k, v := range parts {
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			t.Errorf("%q line %d: parts.%s is not a non-empty list: %s", args, line, k, ln)
			continue
		}
		for _, it := range list {
			switch k {
			case "done", "rolled_back", "skipped":
				if _, ok := it.(string); !ok {
					t.Errorf("%q line %d: parts.%s holds a non-name: %s", args, line, k, ln)
				}
			case "failed":
				f, ok := it.(map[string]any)
				name, _ := f["name"].(string)
				msg, _ := f["error"].(string)
				if !ok || name == "" || msg == "" {
					t.Errorf("%q line %d: parts.failed item without name and error: %s", args, line, ln)
				}
				for fk, fv := range f {
					if _, isBool := fv.(bool); fk != "name" && fk != "error" && (fk != "changed" || !isBool) {
						t.Errorf("%q line %d: parts.failed field %q not in docs/json.md: %s", args, line, fk, ln)
					}
				}
			default:
				t.Errorf("%q line %d: parts.%s not in docs/json.md: %s", args, line, k, ln)
			}
		}
	}
}

// jsonArgs reports whether a command line asks for -o json, and whether
// its stdout is JSON lines only (migrate convert without -f writes its
// SQL script there: the one documented exception).
func jsonArgs(args []string) (json, linesOnly bool) {
	convert, file := false, false
	for i, a := range args {
		switch {
		case a == "-o" || a == "--output":
			json = json || i+1 < len(args) && args[i+1] == "json"
		case a == "-ojson" || a == "--output=json" || a == "-o=json":
			json = true
		case a == "convert":
			convert = true
		case a == "-f" || a == "--file" || strings.HasPrefix(a, "--file="):
			file = true
		}
	}
	return json, !convert || file
}

// TestJSONContract: every command of the tree, -o json, prints only lines
// of the contract (docs/json.md): here without an inventory, so each one
// ends in its usage or configuration error, as one JSON line; plus
// version, an unknown command and bad global flags.
func TestJSONContract(t *testing.T) {
	t.Chdir(t.TempDir()) // a command that writes files (init) writes here
	leaves := leafCommands()
	if len(leaves) < 30 {
		t.Fatalf("only %d commands found: %v", len(leaves), leaves)
	}
	cases := [][]string{
		{"-o", "json", "version"},
		{"-o", "json", "nosuchcmd"},
		{"-o", "json", "--bogus", "version"},
		{"-o", "json", "--concurrency", "0", "version"},
		{"-o", "json", "deploy", "--no-such-flag"},
		{"-o", "json", "haproxy", "raw"}, // missing argument
	}
	for _, p := range leaves {
		cases = append(cases, append([]string{"-o", "json", "-c", "/nonexistent/opsctl.yaml"}, p...))
	}
	for _, args := range cases {
		stdout, _, code := runCLI(t, "", args...)
		checkJSONLines(t, args, stdout, code, false) // each fails: with an opsctl.error line
	}
}

// TestJSONContractOutputs: the commands that answer without a server
// (dry runs, unreachable nodes, a dump file, the inventory) print lines of
// the contract, beyond the final error: runCLI checks every -o json output
// against docs/json.md (as in every lab test), and here each must print
// the events it names.
func TestJSONContractOutputs(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/script/migrate.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	cfg := filepath.Join(dir, "o.yaml")
	inv := `hosts:
  - {name: web01, address: 10.0.0.1, groups: [web]}
  - {name: web02, address: 10.0.0.2, groups: [web]}
haproxy:
  nodes:
    - {name: lb1, admin: "unix:///nonexistent/lb1.sock", groups: [lb]}
varnish:
  nodes:
    - {name: cache1, admin: "127.0.0.1:1", secret_file: /nonexistent/secret, groups: [cache]}
`
	if err := os.WriteFile(cfg, []byte(inv), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == "shop.sql" {
			if err := os.WriteFile(filepath.Join(dir, "shop.sql"), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		args []string
		want []string // events it must print
	}{
		{[]string{"version"}, []string{"opsctl.version"}},
		{[]string{"-c", cfg, "config"}, []string{"config.show"}},
		{[]string{"-c", cfg, "inventory"}, []string{"inventory.host", "inventory.node"}},
		{[]string{"-c", cfg, "-H", "web", "exec", "--dry-run", "--", "uptime"}, []string{"exec.host"}},
		{[]string{"-c", cfg, "haproxy", "status"}, []string{"haproxy.node"}},
		{[]string{"-c", cfg, "haproxy", "disable", "app/s01", "--dry-run"}, []string{"haproxy.change"}},
		{[]string{"-c", cfg, "varnish", "ban", "--dry-run", "req.url ~ ^/img/"}, []string{"varnish.change"}},
		{[]string{"-c", cfg, "readonly", "on", "--dry-run"}, []string{"readonly.command"}},
		{[]string{"-c", cfg, "readonly", "prepare", "--dry-run"}, []string{"readonly.prepare"}},
		{[]string{"-c", cfg, "readonly", "status"}, []string{"readonly.node", "readonly.result"}},
		{[]string{"-c", cfg, "readonly", "init"}, []string{"readonly.config"}},
		{[]string{"-c", cfg, "readonly", "init", "--dir", "ro"}, []string{"readonly.wrote"}},
		{[]string{"-c", cfg, "haproxy", "raw", "show pools", "--dry-run"}, []string{"haproxy.change"}},
		{[]string{"migrate", "schema", "shop.sql"}, []string{"migrate.column"}},
		{[]string{"migrate", "convert", "shop.sql", "--cast", "shop.orders.flags=smallint", "-f", "out.psql", "--stubs", "stubs"},
			[]string{"migrate.table_done", "migrate.table", "migrate.not_migrated", "migrate.stubs", "opsctl.error"}},
	} {
		args := append([]string{"-o", "json"}, tc.args...)
		out, errOut, code := runCLI(t, "", args...)
		for _, ev := range tc.want {
			if len(jsonLines(out, ev)) == 0 {
				t.Errorf("%q: exit %d, no %s line:\n%s%s", args, code, ev, out, errOut)
			}
		}
	}
}

// goFieldName finds, at any depth, a key spelt as a Go field ("Command",
// "ExpectStatus"): a struct printed without JSON tags. Keys that are data
// (node names, a config's own keys) are lower case in the lab.
func goFieldName(v any) string {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if goField.MatchString(k) {
				return k
			}
			if f := goFieldName(e); f != "" {
				return f
			}
		}
	case []any:
		for _, e := range x {
			if f := goFieldName(e); f != "" {
				return f
			}
		}
	}
	return ""
}

var goField = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)

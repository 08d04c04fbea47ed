package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/opsctl/opsctl"

// wiring are the packages that may know the CLI, cobra, progressbar and the
// inventory: the commands, the benchmarks' drivers and the factory that
// turns the inventory into library objects.
func wiring(pkg string) bool {
	for _, p := range []string{module + "/cmd/", module + "/bench/", module + "/internal/factory"} {
		if strings.HasPrefix(pkg, p) || pkg == strings.TrimSuffix(p, "/") {
			return true
		}
	}
	return false
}

// forbidden says why a library may not depend on dep ("" if it may).
func forbidden(pkg, dep string) string {
	switch {
	case strings.HasPrefix(dep, module+"/cmd/"):
		return "the CLI"
	case dep == "github.com/spf13/cobra" || strings.HasPrefix(dep, "github.com/spf13/cobra/"):
		return "cobra (only cmd/ parses flags)"
	case strings.HasPrefix(dep, "github.com/schollz/progressbar"):
		return "progressbar (libraries report through events; only cmd/ prints)"
	case dep == module+"/inventory" && pkg != module+"/inventory":
		return "the inventory (the wiring converts it into library types)"
	case dep == module+"/internal/factory":
		return "the factory (wiring, not a library)"
	case dep == module+"/internal/lab":
		return "the lab (a test helper)"
	}
	return ""
}

// TestLibrariesImportRules fails if any library package depends, directly
// or not, on the CLI, cobra, progressbar, the inventory, the factory or the
// lab (test files are not counted: a library's tests may use the lab).
func TestLibrariesImportRules(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	libs := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		pkg, deps := f[0], f[1:]
		if wiring(pkg) || pkg == module+"/internal/lab" || pkg == module+"/internal/archtest" {
			continue
		}
		libs++
		for _, d := range deps {
			if why := forbidden(pkg, d); why != "" {
				t.Errorf("%s imports %s: a library must not depend on %s", pkg, d, why)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if libs < 8 {
		t.Fatalf("only %d library packages listed: is go list seeing the module?\n%s", libs, out)
	}
}

// TestForbiddenCatches checks the rule itself on known-bad edges, so the
// test cannot pass by matching nothing.
func TestForbiddenCatches(t *testing.T) {
	for _, e := range [][2]string{
		{module + "/deploy", module + "/inventory"},
		{module + "/readonly", "github.com/spf13/cobra"},
		{module + "/migrate", "github.com/schollz/progressbar/v3"},
		{module + "/cutover", module + "/cmd/opsctl"},
	} {
		if forbidden(e[0], e[1]) == "" {
			t.Errorf("%s -> %s not refused", e[0], e[1])
		}
	}
	if forbidden(module+"/deploy", module+"/transport") != "" || forbidden(module+"/inventory", module+"/inventory") != "" {
		t.Error("a legal edge refused")
	}
}

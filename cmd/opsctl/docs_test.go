package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The docs checks: the generated reference is current, the man pages come
// out of the same tree, every relative link of README.md and docs/ lands on
// a file and heading that exist, and the README starts with the command CI
// runs. (The yaml examples and the inventory keys: inventory/docs_test.go.)

const repoRoot = "../.."

// keepOpsctlEnv restores every OPSCTL_* variable after the test (docsTree
// clears them, as the docs must not show this machine's settings).
func keepOpsctlEnv(t *testing.T) {
	for _, kv := range os.Environ() {
		if k, v, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "OPSCTL_") {
			t.Setenv(k, v)
		}
	}
}

func TestDocsCommandsCurrent(t *testing.T) {
	keepOpsctlEnv(t)
	var want bytes.Buffer
	if err := genCommandsMarkdown(&want); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(repoRoot, commandsDocFile))
	if err != nil {
		t.Fatalf("%v: generate it with: %s", err, regenerateDocs)
	}
	// Every command of the tree has its section (said first: it is the
	// usual reason the page is stale).
	for _, c := range docCommands(docsTree()) {
		if !bytes.Contains(got, []byte("\n## "+c.CommandPath()+"\n")) {
			t.Errorf("%s has no section for %q", commandsDocFile, c.CommandPath())
		}
	}
	if !bytes.Equal(got, want.Bytes()) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(want.String(), "\n")
		i := 0
		for i < len(gl) && i < len(wl) && gl[i] == wl[i] {
			i++
		}
		line := func(l []string) string {
			if i < len(l) {
				return l[i]
			}
			return "(end of file)"
		}
		t.Errorf("%s is stale (first difference at line %d:\n  file:      %s\n  generated: %s)\nregenerate it, from the repository root: %s",
			commandsDocFile, i+1, line(gl), line(wl), regenerateDocs)
	}
}

// The man pages: one per documented command, each a man page (.TH) with
// the command's name and synopsis; the hidden docs command itself has none.
func TestDocsManPages(t *testing.T) {
	keepOpsctlEnv(t)
	t.Setenv("SOURCE_DATE_EPOCH", "1764633600") // 2025-12-02: reproducible
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	code := run([]string{"docs", "--man", dir}, &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	cmds := docCommands(docsTree())
	files, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	if len(files) != len(cmds) {
		t.Errorf("%d man pages for %d commands", len(files), len(cmds))
	}
	for _, c := range cmds {
		name := strings.ReplaceAll(c.CommandPath(), " ", "-")
		b, err := os.ReadFile(filepath.Join(dir, name+".1"))
		if err != nil {
			t.Error(err)
			continue
		}
		s := string(b)
		if !strings.HasPrefix(s, ".nh\n.TH ") || !strings.Contains(s, `"1" "Dec 2025" "opsctl `) ||
			!strings.Contains(s, ".SH NAME\n"+name+" - ") || !strings.Contains(s, ".SH SYNOPSIS") {
			t.Errorf("%s.1 is not the man page expected:\n%.300s", name, s)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "opsctl-docs.1")); err == nil {
		t.Error("the hidden docs command got a man page")
	}
}

// opsctl docs with -o json says what it wrote, as one JSON line.
func TestDocsJSON(t *testing.T) {
	keepOpsctlEnv(t)
	f := filepath.Join(t.TempDir(), "commands.md")
	stdout, _, code := runCLI(t, "", "-o", "json", "docs", "-f", f)
	checkJSONLines(t, []string{"docs"}, stdout, code, false)
	if code != 0 || !strings.Contains(stdout, `"event":"docs.wrote"`) || !strings.Contains(stdout, f) {
		t.Fatalf("exit %d: %s", code, stdout)
	}
}

var (
	fenceRE = regexp.MustCompile("(?ms)^```.*?^```[ \t]*$")
	codeRE  = regexp.MustCompile("`[^`\n]*`")
	linkRE  = regexp.MustCompile(`\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	headRE  = regexp.MustCompile(`(?m)^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$`)
	anchRE  = regexp.MustCompile(`<a (?:id|name)="([^"]+)"`)
)

// docPages are README.md and every page under docs/.
func docPages(t *testing.T) []string {
	pages := []string{filepath.Join(repoRoot, "README.md")}
	err := filepath.WalkDir(filepath.Join(repoRoot, "docs"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			pages = append(pages, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// prose is a markdown text without its code (fenced blocks and spans),
// where links and headings are.
func prose(md string) string {
	return fenceRE.ReplaceAllStringFunc(md, func(s string) string { return strings.Repeat("\n", strings.Count(s, "\n")) })
}

// slug is GitHub's anchor for a heading: lowercase, punctuation dropped
// (letters, digits, '-', '_' and spaces kept), spaces to '-'.
func slug(heading string) string {
	heading = strings.NewReplacer("`", "", "*", "").Replace(heading)
	heading = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`).ReplaceAllString(heading, "$1")
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// anchors are the anchors a markdown page offers (duplicates get -1, -2).
func anchors(md string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	for _, m := range headRE.FindAllStringSubmatch(prose(md), -1) {
		s := slug(m[1])
		if n := seen[s]; n > 0 {
			out[s+"-"+strconv.Itoa(n)] = true
		} else {
			out[s] = true
		}
		seen[s]++
	}
	for _, m := range anchRE.FindAllStringSubmatch(md, -1) {
		out[m[1]] = true
	}
	return out
}

func TestDocsLinksResolve(t *testing.T) {
	pages := docPages(t)
	if len(pages) < 5 {
		t.Fatalf("only %d doc pages: %v", len(pages), pages)
	}
	cache := map[string]map[string]bool{}
	anchorsOf := func(p string) map[string]bool {
		if a, ok := cache[p]; ok {
			return a
		}
		b, _ := os.ReadFile(p)
		cache[p] = anchors(string(b))
		return cache[p]
	}
	n := 0
	for _, page := range pages {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		text := prose(string(b))
		lines := strings.Split(text, "\n")
		for i, ln := range lines {
			ln = codeRE.ReplaceAllString(ln, "")
			for _, m := range linkRE.FindAllStringSubmatch(ln, -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				n++
				where := filepath.Base(page) + ":" + strconv.Itoa(i+1)
				file, anchor, _ := strings.Cut(target, "#")
				dest := page
				if file != "" {
					dest = filepath.Join(filepath.Dir(page), file)
					if _, err := os.Stat(dest); err != nil {
						t.Errorf("%s: link %q: no such file", where, target)
						continue
					}
				}
				if anchor != "" && strings.HasSuffix(dest, ".md") && !anchorsOf(dest)[anchor] {
					t.Errorf("%s: link %q: %s has no heading with anchor #%s", where, target, filepath.Base(dest), anchor)
				}
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d relative links checked: the link pattern is broken", n)
	}
}

// The README starts with the two set-up commands, and its test command is
// byte for byte the one CI (.ci/run) runs.
func TestDocsReadmeStartsWithSetup(t *testing.T) {
	ci, err := os.ReadFile(filepath.Join(repoRoot, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	var ciCmd string
	for _, ln := range strings.Split(string(ci), "\n") {
		if strings.Contains(ln, "go test") && !strings.HasPrefix(strings.TrimSpace(ln), "#") {
			ciCmd = strings.TrimSpace(ln)
		}
	}
	if ciCmd == "" {
		t.Fatal(".ci/run runs no go test")
	}
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := fenceRE.FindString(string(readme))
	before := string(readme)[:strings.Index(string(readme), block)]
	if strings.Count(before, "\n## ") > 1 {
		t.Errorf("the README's first code block comes after %d sections: the set-up commands must come first", strings.Count(before, "\n## "))
	}
	var cmds []string
	for _, ln := range strings.Split(block, "\n")[1:] {
		if c, _, _ := strings.Cut(ln, " #"); strings.TrimSpace(c) != "" && !strings.HasPrefix(c, "```") {
			cmds = append(cmds, strings.TrimSpace(c))
		}
	}
	want := []string{"./scripts/setup && go run ./cmd/opslab demo", ciCmd}
	if strings.Join(cmds, "\n") != strings.Join(want, "\n") {
		t.Errorf("the README's first commands are\n  %s\nwant (the demo, then exactly what .ci/run runs)\n  %s",
			strings.Join(cmds, "\n  "), strings.Join(want, "\n  "))
	}
}

// Every exit code the CLI defines (the Exit* constants of this package:
// exit.go, readonly status) has its row in docs/exit-codes.md.
func TestDocsExitCodes(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(repoRoot, "docs", "exit-codes.md"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files, _ := filepath.Glob("*.go")
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if !strings.HasPrefix(n.Name, "Exit") || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.INT {
						continue
					}
					found++
					if !regexp.MustCompile(`(?m)^\| (?:[0-9]+, )*` + lit.Value + `(?:, [0-9]+)* \|`).Match(page) {
						t.Errorf("docs/exit-codes.md has no row for exit code %s (%s, %s)", lit.Value, n.Name, f)
					}
				}
			}
		}
	}
	if found < 9 {
		t.Errorf("found only %d Exit* constants", found)
	}
}

// foreignFlags are other tools' flags the docs mention (mysqldump,
// MariaDB's messages, zstd, a hook's own command).
var foreignFlags = map[string]bool{"check": true, "read-only": true, "format": true,
	"dump-history": true, "hex-blob": true, "tz-utc": true, "databases": true}

var (
	flagRE   = regexp.MustCompile(`(?:^|[^\w-])--([a-z][a-z0-9-]+)`)
	cmdRunRE = regexp.MustCompile(`(?:^|[\s$(]|^\S*=\S* )opsctl((?: [a-z][a-z-]*)+)`)
)

// Every --flag the README and the topic pages mention is a flag opsctl has,
// neither hidden nor deprecated (an old name only next to its new one); on
// a line that runs "opsctl CMD ...", a
// flag of that command (so a flag renamed in the code is renamed in the
// docs too).
func TestDocsFlagsExist(t *testing.T) {
	keepOpsctlEnv(t)
	root := docsTree()
	all := map[string]bool{}
	flagsOf := func(c *cobra.Command) map[string]bool {
		m := map[string]bool{"help": true}
		add := func(f *pflag.Flag) { m[f.Name] = !f.Hidden && f.Deprecated == "" }
		c.Flags().VisitAll(add)
		c.InheritedFlags().VisitAll(add)
		return m
	}
	renamed := map[string]string{} // a deprecated alias -> its new name
	for _, c := range append(docCommands(root), newDocsCmd(nil)) {
		for f, ok := range flagsOf(c) {
			all[f] = all[f] || ok
		}
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if n := f.Annotations["deprecated-alias-of"]; len(n) > 0 {
				renamed[f.Name] = n[0]
			}
		})
	}
	runs := 0
	for _, page := range docPages(t) {
		if strings.HasSuffix(page, commandsDocFile[len("docs/"):]) {
			continue // generated from the tree itself
		}
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for i, ln := range strings.Split(string(b), "\n") {
			where := filepath.Base(page) + ":" + strconv.Itoa(i+1)
			code, _, _ := strings.Cut(ln, " # ") // a shell comment may name other commands' flags
			var cmd *cobra.Command
			if m := cmdRunRE.FindStringSubmatch(code); m != nil {
				if c, rest, err := root.Find(strings.Fields(m[1])); err == nil && c != root && (len(rest) == 0 || !c.HasSubCommands()) {
					cmd = c
					runs++
				}
			}
			for _, m := range flagRE.FindAllStringSubmatch(ln, -1) {
				f := m[1]
				switch {
				case foreignFlags[f]:
				case renamed[f] != "" && strings.Contains(ln, "--"+renamed[f]+"`"):
					// an old name, told next to its new one (a rename table)
				case !all[f]:
					t.Errorf("%s: --%s is no flag of any opsctl command (or a hidden, deprecated one)", where, f)
				case cmd != nil && strings.Contains(code, "--"+f) && !flagsOf(cmd)[f]:
					t.Errorf("%s: --%s is no flag of %q", where, f, cmd.CommandPath())
				}
			}
		}
	}
	if runs < 50 {
		t.Errorf("only %d lines running opsctl found: the pattern is broken", runs)
	}
}

// Every page under docs/ is linked from the README, so none is orphaned.
func TestDocsReadmeLinksEveryPage(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	linked := map[string]bool{}
	for _, m := range linkRE.FindAllStringSubmatch(prose(string(readme)), -1) {
		file, _, _ := strings.Cut(m[1], "#")
		linked[filepath.Clean(file)] = true
	}
	for _, p := range docPages(t)[1:] {
		rel, _ := filepath.Rel(repoRoot, p)
		if !linked[rel] {
			t.Errorf("%s is not linked from README.md: add it to the Reference list", rel)
		}
	}
}

// Every "opsctl ..." line of a shell example runs a command opsctl has.
func TestDocsExampleCommandsExist(t *testing.T) {
	keepOpsctlEnv(t)
	root := docsTree()
	shRE := regexp.MustCompile("(?ms)^```(?:sh|bash|console)\n(.*?)^```")
	n := 0
	for _, page := range docPages(t) {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, blk := range shRE.FindAllStringSubmatch(string(b), -1) {
			for _, ln := range strings.Split(blk[1], "\n") {
				ln = strings.TrimPrefix(strings.TrimSpace(ln), "$ ")
				if !strings.HasPrefix(ln, "opsctl ") {
					continue
				}
				words := strings.Fields(strings.SplitN(ln, " #", 2)[0])[1:]
				var path []string
				for _, w := range words {
					if strings.HasPrefix(w, "-") || !regexp.MustCompile(`^[a-z][a-z-]*$`).MatchString(w) {
						break
					}
					path = append(path, w)
				}
				n++
				if len(path) == 0 {
					continue // opsctl --version, opsctl -o json ...
				}
				c, rest, err := root.Find(path)
				if err != nil || c == root || (len(rest) > 0 && !c.Runnable()) {
					t.Errorf("%s: %q: no such command", filepath.Base(page), ln)
				}
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d example command lines found", n)
	}
}

// Every repository path the docs name in backquotes (`cutover/cutover_test.go`,
// `internal/lab`) exists: code that moves takes its docs along.
func TestDocsCodePathsExist(t *testing.T) {
	pathRE := regexp.MustCompile("`((?:\\.{0,2}/)?[A-Za-z_.][\\w.-]*(?:/[\\w.-]+)+)`")
	n := 0
	for _, page := range docPages(t) {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pathRE.FindAllStringSubmatch(string(b), -1) {
			p := filepath.Clean(m[1])
			top := strings.Split(p, "/")[0]
			if fi, err := os.Stat(filepath.Join(repoRoot, top)); top == "" || err != nil || !fi.IsDir() {
				continue // not a path of this repository (/etc/..., releases/<id>)
			}
			n++
			if _, err := os.Stat(filepath.Join(repoRoot, p)); err != nil {
				t.Errorf("%s names `%s`, which does not exist", filepath.Base(page), m[1])
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d repository paths found in the docs", n)
	}
}

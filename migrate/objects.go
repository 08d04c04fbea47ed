package migrate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/opsctl/opsctl/migrate/internal/model"
)

// IsIncomplete reports whether err is (or wraps) an *IncompleteError.
func IsIncomplete(err error) bool {
	var ie *IncompleteError
	return errors.As(err, &ie)
}

// Finish ends a run whose tables all arrived (Convert, Load or Copy
// without an error): nil when every object arrived too; else, once each
// object's stub is written into stubsDir ("" for none: WriteStubs), an
// *IncompleteError (exit 4) that says where the stubs are.
func Finish(rep *Report, stubsDir string) error {
	inc, ok := rep.Incomplete().(*IncompleteError)
	if !ok || stubsDir == "" {
		return rep.Incomplete()
	}
	stubs, err := WriteStubs(stubsDir, rep.Untranslated)
	if err != nil {
		return err
	}
	inc.StubsDir, inc.Stubs = stubsDir, stubs
	return inc
}

// stubName is the stub's file name: schema.kind.name.sql, with anything
// but [A-Za-z0-9_-] replaced, so a name cannot leave the directory.
func stubName(u Untranslated) string {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				return r
			}
			return '_'
		}, s)
	}
	s := clean(u.Schema)
	if s == "" {
		s = "public"
	}
	return s + "." + clean(u.Kind) + "." + clean(u.Name) + ".sql"
}

// StubText is the stub written for u: a header saying what the object is,
// why it was not migrated and where, then its MySQL text, every line
// commented out, for the user to rewrite in PostgreSQL below it.
func StubText(u Untranslated) string {
	var b strings.Builder
	fmt.Fprintf(&b, "-- opsctl migrate: %s %s was NOT migrated to PostgreSQL.\n", u.Kind, u.Ref())
	fmt.Fprintf(&b, "-- Reason: %s\n", u.Reason)
	if u.Line > 0 {
		fmt.Fprintf(&b, "-- At line %d of its MySQL text (below).\n", u.Line)
	}
	if u.DumpLine > 0 {
		fmt.Fprintf(&b, "-- Dump line: %d\n", u.DumpLine)
	}
	b.WriteString("--\n-- Write its PostgreSQL version at the end of this file and run it with\n")
	b.WriteString("--   psql -v ON_ERROR_STOP=1 -f " + stubName(u) + "\n")
	if u.Kind == "event" {
		b.WriteString("-- (PostgreSQL has no events: a cron job or the pg_cron extension runs the body.)\n")
	}
	b.WriteString("-- If the application can do without it, list it in the inventory so that\n")
	fmt.Fprintf(&b, "-- `opsctl migrate cutover` accepts leaving it behind: cutover.accept_missing: [%s]\n", u.Name)
	if u.Kind == "sequence" {
		b.WriteString("--\n-- The statement PostgreSQL refused (opsctl's translation):\n")
	} else {
		b.WriteString("--\n-- MySQL text:\n")
	}
	text := strings.ReplaceAll(strings.TrimRight(u.MySQLText, "\n"), "\r\n", "\n")
	for i, l := range strings.Split(text, "\n") {
		mark := "--   "
		if u.Line > 0 && i+1 == u.Line {
			mark = "-- > " // the line translation stopped at
		}
		b.WriteString(mark + l + "\n")
	}
	fmt.Fprintf(&b, "\n-- PostgreSQL version of %s %s:\n", u.Kind, u.Ref())
	if u.Schema != "" {
		fmt.Fprintf(&b, "-- SET search_path = %s;\n", model.QuoteIdent(u.Schema))
	}
	return b.String()
}

// WriteStubs writes one stub file per object into dir (created 0700 if
// missing) and returns the paths written, sorted. An existing stub of the
// same name is replaced (the user's finished version should live elsewhere
// once written: the stub says so by being regenerated each run).
func WriteStubs(dir string, objs []Untranslated) ([]string, error) {
	if len(objs) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("stubs: %w", err)
	}
	var paths []string
	seen := map[string]int{}
	for _, u := range objs {
		name := stubName(u)
		if n := seen[name]; n > 0 {
			name = strings.TrimSuffix(name, ".sql") + fmt.Sprintf(".%d.sql", n+1)
		}
		seen[stubName(u)]++
		p := filepath.Join(dir, name)
		tmp := p + ".tmp"
		if err := os.WriteFile(tmp, []byte(StubText(u)), 0o600); err != nil {
			return paths, fmt.Errorf("stubs: %w", err)
		}
		if err := os.Rename(tmp, p); err != nil {
			os.Remove(tmp)
			return paths, fmt.Errorf("stubs: %w", err)
		}
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths, nil
}

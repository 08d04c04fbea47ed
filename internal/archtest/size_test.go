package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cliCodeCeiling is the most lines of code (not help text) cmd/opsctl may
// have: the CLI is wiring and printing only (ARCHITECTURE.md, issue 13).
// A command that needs more is doing a library's work: move that work to
// the library rather than raise this.
const cliCodeCeiling = 4200

// cliSize counts cmd/opsctl's non-test Go lines, and of them the lines
// of help text: the multi-line string literals (the commands' Long texts
// and the help appended to them).
func cliSize(t *testing.T) (total, help int) {
	dir := filepath.Join("..", "..", "cmd", "opsctl")
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		total += strings.Count(string(src), "\n")
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				help += fset.Position(lit.End()).Line - fset.Position(lit.Pos()).Line
			}
			return true
		})
	}
	return total, help
}

// TestCLIStaysThin fails when cmd/opsctl's code outgrows cliCodeCeiling.
func TestCLIStaysThin(t *testing.T) {
	total, help := cliSize(t)
	if total < 500 {
		t.Fatalf("cmd/opsctl counted %d lines: is the test reading the right directory?", total)
	}
	code := total - help
	t.Logf("cmd/opsctl: %d non-test lines: %d of code, %d of help text", total, code, help)
	if code > cliCodeCeiling {
		t.Errorf("cmd/opsctl has %d lines of code, more than %d: the CLI parses flags, calls libraries and prints; move what it decides or computes into the library it belongs to", code, cliCodeCeiling)
	}
}

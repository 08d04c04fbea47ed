package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// tableWriter is opsctl's one table printer: every command's text table
// goes through it, so they all look alike. Callers write tab-separated
// lines (as to a text/tabwriter) and Flush; a block of lines (up to an
// empty line) is one table whose first line is its header. Columns are
// padded to the widest cell of the block plus two spaces, measured without
// colour. With colour on, headers are bold and each state or verdict
// (ok, FAILED, ON, MIXED, UNKNOWN, DRAIN...) is coloured wherever it is the
// first word of a cell (the first column, the names, never is).
type tableWriter struct {
	w     io.Writer
	color bool
	buf   bytes.Buffer
}

// table returns the table printer on Out; call Flush when done.
func (a *app) table() *tableWriter { return a.tableOn(a.io.Out) }

// tableOn is the table printer on w (Out or ErrOut), coloured when w is a
// terminal and colour is on (colorOn).
func (a *app) tableOn(w io.Writer) *tableWriter {
	return &tableWriter{w: w, color: a.colorOn(w)}
}

// rowPrinter prints one result per row: with -o json one event per row
// (its fields), else one line of the table (its cells). Commands build
// both for every row and let it choose.
type rowPrinter struct {
	a     *app
	event string
	tw    *tableWriter
}

// rows starts a table on Out with header (none when ""), or in JSON mode
// one event named event per row.
func (a *app) rows(event, header string) *rowPrinter { return a.rowsOn(a.io.Out, event, header) }

// rowsOn is rows with the table on w (Out or ErrOut).
func (a *app) rowsOn(w io.Writer, event, header string) *rowPrinter {
	p := &rowPrinter{a: a, event: event, tw: a.tableOn(w)}
	if header != "" && !a.jsonMode() {
		fmt.Fprintln(p.tw, header)
	}
	return p
}

// row prints fields (JSON: a map or a library struct, as emit) or the
// cells, tab-separated (text).
func (p *rowPrinter) row(fields any, cells ...any) {
	if p.a.jsonMode() {
		p.a.emit(p.event, fields)
		return
	}
	for i, c := range cells {
		if i > 0 {
			io.WriteString(p.tw, "\t")
		}
		fmt.Fprint(p.tw, c)
	}
	io.WriteString(p.tw, "\n")
}

// flush prints the table (nothing in JSON mode).
func (p *rowPrinter) flush() { p.tw.Flush() }

func (t *tableWriter) Write(p []byte) (int, error) { return t.buf.Write(p) }

// Flush prints what was written, aligned.
func (t *tableWriter) Flush() error {
	text := t.buf.String()
	t.buf.Reset()
	if text == "" {
		return nil
	}
	text = strings.TrimSuffix(text, "\n")
	var out strings.Builder
	var block [][]string
	emit := func() {
		t.render(&out, block)
		block = block[:0]
	}
	for _, line := range strings.Split(text, "\n") {
		if line == "" {
			emit()
			out.WriteByte('\n')
			continue
		}
		block = append(block, strings.Split(line, "\t"))
	}
	emit()
	_, err := io.WriteString(t.w, out.String())
	return err
}

func (t *tableWriter) render(out *strings.Builder, rows [][]string) {
	var width []int
	for _, r := range rows {
		for i, c := range r[:len(r)-1] { // the last cell of a line is not padded
			for len(width) <= i {
				width = append(width, 0)
			}
			if n := utf8.RuneCountInString(c); n > width[i] {
				width[i] = n
			}
		}
	}
	for ri, r := range rows {
		header := ri == 0 && isHeader(r)
		for i, c := range r {
			shown := c
			switch {
			case header && t.color && c != "":
				shown = sgrBold + c + sgrReset
			case !header && i > 0:
				shown = t.paintFirstWord(c)
			}
			out.WriteString(shown)
			if i < len(r)-1 {
				out.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)+2))
			}
		}
		out.WriteByte('\n')
	}
}

// isHeader: a header line is in capitals (HOST, STATE, ACTIVE VCL...).
func isHeader(r []string) bool {
	seen := false
	for _, c := range r {
		if c != strings.ToUpper(c) {
			return false
		}
		seen = seen || c != ""
	}
	return seen
}

// paintFirstWord colours c's first word when it is a state or verdict.
func (t *tableWriter) paintFirstWord(c string) string {
	if !t.color {
		return c
	}
	word, rest, _ := strings.Cut(c, " ")
	key := strings.TrimRight(word, ":,")
	sgr, ok := stateColors[key]
	if !ok {
		return c
	}
	if rest != "" || word != c {
		rest = c[len(key):]
	}
	return sgr + key + sgrReset + rest
}

const (
	sgrReset  = "\x1b[0m"
	sgrBold   = "\x1b[1m"
	sgrRed    = "\x1b[31m"
	sgrGreen  = "\x1b[32m"
	sgrYellow = "\x1b[33m"
)

// stateColors: green is as it should be, yellow needs a look (a site in
// read-only mode, a drained server, nodes that disagree, an answer that
// could not be had), red failed.
var stateColors = map[string]string{
	"ok": sgrGreen, "OK": sgrGreen, "UP": sgrGreen, "READY": sgrGreen, "OFF": sgrGreen,
	"active": sgrGreen, "running": sgrGreen, "live": sgrGreen, "done": sgrGreen,
	"loaded": sgrGreen, "switched": sgrGreen, "passed": sgrGreen, "PASS": sgrGreen, "same": sgrGreen,
	"on": sgrYellow, "off": sgrGreen, "unknown": sgrYellow,
	"ON": sgrYellow, "MIXED": sgrYellow, "UNKNOWN": sgrYellow, "DRAIN": sgrYellow, "NOLB": sgrYellow,
	"MAINT": sgrYellow, "skipped": sgrYellow, "partial": sgrYellow, "rolled": sgrYellow, "DIFFERS": sgrYellow,
	"would": sgrYellow, "held": sgrYellow, "HELD": sgrYellow, "incomplete": sgrYellow, "INCOMPLETE": sgrYellow,
	"FAILED": sgrRed, "failed": sgrRed, "DOWN": sgrRed, "down": sgrRed, "error": sgrRed, "ERROR": sgrRed,
	"INTERRUPTED": sgrRed, "interrupted": sgrRed, "refused": sgrRed, "BROKEN": sgrRed, "differs": sgrRed,
	"mismatch": sgrRed, "MISMATCH": sgrRed, "missing": sgrRed,
}

// colorOn says whether to colour what goes to w: --color always, or auto
// (the default) on a terminal when NO_COLOR is unset (https://no-color.org)
// and TERM is not dumb. Never in JSON mode.
func (a *app) colorOn(w io.Writer) bool {
	if a.jsonMode() {
		return false
	}
	switch a.opts.color {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	switch w {
	case a.io.Out:
		return a.io.OutTTY
	case a.io.ErrOut:
		return a.io.ErrTTY
	}
	return false
}

// paint colours one state or verdict word for a line printed outside a
// table (a verdict line on stderr), when colour is on for w.
func (a *app) paint(w io.Writer, word string) string {
	sgr, ok := stateColors[word]
	if !ok || !a.colorOn(w) {
		return word
	}
	return sgr + word + sgrReset
}

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// IOStreams are the command's standard streams (gh's iostreams): results go
// to Out, chatter and progress to ErrOut. Tests swap them for buffers.
type IOStreams struct {
	In       io.Reader
	Out      io.Writer
	ErrOut   io.Writer
	InTTY    bool
	OutTTY   bool
	ErrTTY   bool
	TermWide int
}

func systemIO() *IOStreams { return filesIO(os.Stdin, os.Stdout, os.Stderr) }

// filesIO are streams on files, each a terminal or not (a test passes a
// pseudo-terminal).
func filesIO(in, out, errOut *os.File) *IOStreams {
	isTTY := func(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
	w := 80
	if isTTY(errOut) {
		if cw, _, err := term.GetSize(int(errOut.Fd())); err == nil && cw > 0 {
			w = cw
		}
	}
	return &IOStreams{
		In: in, Out: out, ErrOut: errOut,
		InTTY: isTTY(in), OutTTY: isTTY(out), ErrTTY: isTTY(errOut), TermWide: w,
	}
}

// emit writes one JSON object per line to Out: {"event": name, "time": now,
// ...fields}. Each of fields is a map[string]any or a library struct,
// encoded from its own JSON tags; later ones win on a clash (so a struct
// then a map of what it lacks: its error, say). An error value is written
// as its message, a time.Duration as milliseconds. It is safe for
// concurrent use.
func (a *app) emit(name string, fields ...any) {
	extra, err := mergeFields(fields)
	if err != nil {
		extra = map[string]any{"error": err}
	}
	a.emitEvent(event.Event{Name: name}, extra)
}

// fields is a JSON line's fields from library structs and maps (emit's
// rule: later ones win).
func fields(v ...any) map[string]any {
	m, err := mergeFields(v)
	if err != nil {
		return map[string]any{"error": err}
	}
	return m
}

// mergeFields is the fields of emit as one map.
func mergeFields(fields []any) (map[string]any, error) {
	if len(fields) == 1 {
		if m, ok := fields[0].(map[string]any); ok {
			return m, nil
		}
	}
	out := map[string]any{}
	for _, f := range fields {
		m, ok := f.(map[string]any)
		if !ok && f != nil {
			b, err := json.Marshal(f)
			if err != nil {
				return nil, err
			}
			// each field as the library encoded it: nested objects keep
			// its key order, 64-bit integers stay exact
			var raw map[string]json.RawMessage
			if err := json.Unmarshal(b, &raw); err != nil {
				return nil, fmt.Errorf("%T is not a JSON object: %w", f, err)
			}
			for k, v := range raw {
				out[k] = v
			}
			continue
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out, nil
}

// emitEvent writes a library event as one JSON line, encoded from its own
// JSON tags (event.Marshal), with extra fields on top. It is safe for
// concurrent use (events come from many goroutines).
func (a *app) emitEvent(ev event.Carrier, extra map[string]any) {
	b, err := event.Marshal(ev, extra)
	if err != nil {
		b, _ = event.Marshal(event.Event{Name: ev.Core().Name, Err: err}, nil)
	}
	a.outMu.Lock()
	defer a.outMu.Unlock()
	a.io.Out.Write(append(b, '\n'))
}

// infof prints human chatter to ErrOut (never in JSON mode: JSON consumers
// read events instead). Lines go above any progress bar.
func (a *app) infof(format string, args ...any) {
	if !a.jsonMode() {
		a.writeLocked(a.io.ErrOut, fmt.Sprintf(format, args...))
	}
}

// debugf prints only with --verbose.
func (a *app) debugf(format string, args ...any) {
	if a.opts.verbose {
		a.infof(format, args...)
	}
}

// progress makes the one aggregate progress bar of a long operation. It
// writes to the command's ErrOut and draws nothing when ErrOut is not a
// terminal or in JSON mode. bytes selects byte units.
func (a *app) progress(total int64, desc string, bytes bool) *progressbar.ProgressBar {
	return a.newBar(total, desc, bytes, 100*time.Millisecond)
}

// progressCounter is a bar of few, slow steps (hosts done, tables loaded):
// drawn at every step, so the count on screen is the count done (a
// throttled bar skips the redraw after a line printed above it and shows
// a stale count, e.g. 0/N, until the end).
func (a *app) progressCounter(total int64, desc string) *progressbar.ProgressBar {
	return a.newBar(total, desc, false, 0)
}

func (a *app) newBar(total int64, desc string, bytes bool, throttle time.Duration) *progressbar.ProgressBar {
	visible := a.io.ErrTTY && !a.jsonMode()
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(a.io.ErrOut),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionSetVisibility(visible),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(throttle),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(false),
	}
	if bytes {
		opts = append(opts, progressbar.OptionShowBytes(true))
	}
	bar := progressbar.NewOptions64(total, opts...)
	a.outMu.Lock()
	a.bar = bar
	a.outMu.Unlock()
	return bar
}

// doneProgress removes the bar so later chatter prints plainly.
func (a *app) doneProgress() {
	a.outMu.Lock()
	defer a.outMu.Unlock()
	if a.bar != nil {
		a.bar.Finish()
		a.bar = nil
	}
}

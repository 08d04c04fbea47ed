package outcome

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Parts is the one partial-result shape: how far an operation over
// several items (hosts, nodes, tables, undo steps) got when it did not
// fully succeed, every item named and every failed item with its error.
// A library error that means "some done, some not" embeds Parts (haproxy's
// PartialError, varnish's FleetError, readonly's FlipError and
// PrepareError, migrate's PartialError, deploy's Error and HostsError,
// cutover's AbortError, transport's RunAllError) and so gets its
// Partial() from here; a
// caller reads it back from any error with PartsOf.
//
// Its JSON (the "parts" of opsctl's -o json error line, docs/json.md):
//
//	{"done":["lb1"],"rolled_back":["cache1"],"failed":[{"name":"cache2","error":"...","changed":true}],"skipped":["lb3"]}
type Parts struct {
	// Done: the items where the operation did what was asked.
	Done []string `json:"done,omitempty"`
	// RolledBack: items where it was done, then put back as they were
	// because another item failed (a deploy's rolled back hosts, a
	// read-only flip's reverted nodes, a VCL discarded again).
	RolledBack []string `json:"rolled_back,omitempty"`
	// Failed: the items it failed on, each with its error.
	Failed []Failure `json:"failed,omitempty"`
	// Skipped: the items it never tried (stopped before them, or an
	// earlier failure ended the run).
	Skipped []string `json:"skipped,omitempty"`
}

// Failure is one item the operation failed on.
type Failure struct {
	Name string
	// Err says why; it carries its place (host, node, table) where the
	// library's errors do (event.Placed).
	Err error
	// Changed: the item was changed before it failed, so it is not (or
	// may not be) as it was: a host switched before its health check
	// failed, a node flipped before its read-back failed.
	Changed bool
}

// MarshalJSON encodes a failure as {"name","error","changed"}: the error
// as its message, as everywhere in opsctl's JSON, without its place when
// that is the name (an event.Placed error at Name), as event lines do.
func (f Failure) MarshalJSON() ([]byte, error) {
	msg := ""
	if f.Err != nil {
		msg = f.Err.Error()
		if p, ok := f.Err.(interface {
			Place() string
			Unplaced() string
		}); ok && p.Place() == f.Name {
			msg = p.Unplaced()
		}
	}
	return json.Marshal(struct {
		Name    string `json:"name"`
		Error   string `json:"error"`
		Changed bool   `json:"changed,omitempty"`
	}{f.Name, msg, f.Changed})
}

// Add records one item: done when err is nil, else failed with err.
func (p *Parts) Add(name string, err error) {
	if err == nil {
		p.Done = append(p.Done, name)
		return
	}
	p.Failed = append(p.Failed, Failure{Name: name, Err: err})
}

// Partial reports whether the operation changed something and did not
// finish: some item done while others failed or were skipped, or an item
// rolled back, or one changed before it failed. It is the one meaning of
// Partial() in opsctl's libraries (exit 3), as opposed to a failure that
// left every item as it was (exit 1) or a full success.
func (p *Parts) Partial() bool {
	if len(p.RolledBack) > 0 {
		return true
	}
	for _, f := range p.Failed {
		if f.Changed {
			return true
		}
	}
	return len(p.Done) > 0 && len(p.Failed)+len(p.Skipped) > 0
}

// OK reports whether every item was done.
func (p *Parts) OK() bool { return len(p.RolledBack)+len(p.Failed)+len(p.Skipped) == 0 }

// Total is the number of items.
func (p *Parts) Total() int {
	return len(p.Done) + len(p.RolledBack) + len(p.Failed) + len(p.Skipped)
}

// FailedNames are the names of the failed items, in order.
func (p *Parts) FailedNames() []string {
	out := make([]string, len(p.Failed))
	for i, f := range p.Failed {
		out[i] = f.Name
	}
	return out
}

// Err is the failed items' errors joined (nil when none failed).
func (p *Parts) Err() error {
	errs := make([]error, 0, len(p.Failed))
	for _, f := range p.Failed {
		if f.Err != nil {
			errs = append(errs, f.Err)
		} else {
			errs = append(errs, fmt.Errorf("%s: failed", f.Name))
		}
	}
	return errors.Join(errs...)
}

// Summary says it in a few words: "2 of 5 failed (lb2, lb3), 1 rolled
// back (lb1), 1 skipped (lb4)" — the names, not the errors (those are
// the Failed items' own messages).
func (p *Parts) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d failed", len(p.Failed), p.Total())
	if len(p.Failed) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(p.FailedNames(), ", "))
	}
	if len(p.RolledBack) > 0 {
		fmt.Fprintf(&b, ", %d rolled back (%s)", len(p.RolledBack), strings.Join(p.RolledBack, ", "))
	}
	if len(p.Skipped) > 0 {
		fmt.Fprintf(&b, ", %d skipped (%s)", len(p.Skipped), strings.Join(p.Skipped, ", "))
	}
	return b.String()
}

// parts lets PartsOf find a Parts embedded in any library error.
func (p *Parts) parts() *Parts { return p }

// PartsOf returns the Parts of the first error in err's chain that
// embeds one (nil when none does).
func PartsOf(err error) *Parts {
	var c interface{ parts() *Parts }
	if errors.As(err, &c) {
		return c.parts()
	}
	return nil
}

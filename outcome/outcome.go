// Package outcome is the vocabulary every opsctl library shares for how an
// operation ended, so a caller (opsctl's one exit-code function) decides
// from the error alone: failed, partly done, interrupted, or refused as bad
// usage. It depends on nothing but the standard library.
//
// A library error says it was partly done by implementing Partial() bool
// (some hosts/nodes/tables done, the others not) and interrupted by
// implementing Interrupted() bool (the soft stop ended it), and refused its
// input (a bad artifact, say) by implementing Usage() bool;
// context.Canceled anywhere in the chain is an interruption too. Where no library type says
// it, a caller marks an error with Partial, Interrupted, Failed or Usage.
//
// Parts is the one partial-result shape (done, rolled back, failed with
// its error, skipped): a library error over several items embeds it and
// gets its Partial() from it; PartsOf reads it back from any error.
package outcome

import (
	"context"
	"errors"
)

// Class is how an operation ended.
type Class int

const (
	OK          Class = iota // done
	Failed                   // failed; nothing half-done was left
	Usage                    // refused: bad flags, arguments or configuration
	Partial                  // some hosts/nodes/tables done, others failed or rolled back
	Interrupted              // stopped by Ctrl-C (the soft or hard stop)
	// Incomplete: done, but the result lacks parts it names (a migrated
	// database without some views/triggers/routines/events). A library
	// error says so with Incomplete() bool.
	Incomplete
)

func (c Class) String() string {
	switch c {
	case OK:
		return "ok"
	case Failed:
		return "failed"
	case Usage:
		return "usage"
	case Partial:
		return "partial"
	case Interrupted:
		return "interrupted"
	case Incomplete:
		return "incomplete"
	}
	return "unknown"
}

// Error is an error marked with its class.
type Error struct {
	Class Class
	Err   error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

func mark(c Class, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Class: c, Err: err}
}

// MarkFailed, MarkUsage, MarkPartial and MarkInterrupted mark err (nil stays nil).
func MarkFailed(err error) error      { return mark(Failed, err) }
func MarkUsage(err error) error       { return mark(Usage, err) }
func MarkPartial(err error) error     { return mark(Partial, err) }
func MarkInterrupted(err error) error { return mark(Interrupted, err) }

// Of is the class of err: the outermost mark; else context.Canceled or an
// Interrupted() that says so; else a Partial() that says so; else a
// Usage() that says so; else Failed.
func Of(err error) Class {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	if errors.Is(err, context.Canceled) {
		return Interrupted
	}
	var i interface{ Interrupted() bool }
	if errors.As(err, &i) && i.Interrupted() {
		return Interrupted
	}
	var p interface{ Partial() bool }
	if errors.As(err, &p) && p.Partial() {
		return Partial
	}
	var u interface{ Usage() bool }
	if errors.As(err, &u) && u.Usage() {
		return Usage
	}
	var inc interface{ Incomplete() bool }
	if errors.As(err, &inc) && inc.Incomplete() {
		return Incomplete
	}
	return Failed
}

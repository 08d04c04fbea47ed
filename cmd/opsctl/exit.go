package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Exit codes. They are part of opsctl's interface: scripts rely on them.
const (
	ExitOK          = 0   // everything done
	ExitError       = 1   // failed; nothing half-done was left (see the message)
	ExitUsage       = 2   // bad flags, arguments or config
	ExitPartial     = 3   // some hosts/nodes/tables failed or were rolled back
	ExitIncomplete  = 4   // migrate: every table arrived, some views/triggers/routines/events did not
	ExitInterrupted = 130 // stopped by Ctrl-C; the report says what was done
)

// exitError carries an explicit exit code.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// withCode wraps err so that opsctl exits with code.
func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}

// usageError marks bad command-line input (exit 2).
func usageError(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// silentError carries an exit code whose message has already been reported
// (e.g. a per-host table). It prints nothing more.
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// partial is implemented by library errors that describe a partly done
// operation (goose's PartialError idea).
type partial interface{ Partial() bool }

func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var se *silentError
	if errors.As(err, &se) {
		return se.code
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if errors.Is(err, context.Canceled) {
		return ExitInterrupted
	}
	var p partial
	if errors.As(err, &p) && p.Partial() {
		return ExitPartial
	}
	if isCobraUsage(err) {
		return ExitUsage
	}
	return ExitError
}

// cobra returns plain errors for unknown commands and bad arg counts.
func isCobraUsage(err error) bool {
	m := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "requires at most", "invalid argument", "flag needs an argument", "required flag"} {
		if strings.Contains(m, p) {
			return true
		}
	}
	return false
}

// exit reports err (as text or JSON) and returns the exit code.
func (a *app) exit(err error) int {
	code := exitCode(err)
	if a.softCtx.Err() != nil && code == ExitError {
		code = ExitInterrupted
	}
	if err == nil {
		return code
	}
	var se *silentError
	if errors.As(err, &se) {
		return code
	}
	if a.jsonMode() {
		a.emit("error", map[string]any{"error": err.Error(), "exit_code": code})
	} else {
		fmt.Fprintf(a.io.ErrOut, "opsctl: %v\n", err)
		if code == ExitUsage {
			fmt.Fprintln(a.io.ErrOut, "Run 'opsctl --help' (or COMMAND --help) for usage.")
		}
	}
	return code
}

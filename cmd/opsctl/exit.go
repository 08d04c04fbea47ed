package main

import (
	"errors"
	"fmt"

	"github.com/opsctl/opsctl/outcome"
	"github.com/opsctl/opsctl/readonly"
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

// usageError marks bad command-line input (exit 2). Validation is the only
// place that marks usage; the rest is classed by the libraries' errors.
func usageError(format string, args ...any) error {
	return outcome.MarkUsage(fmt.Errorf(format, args...))
}

// usage marks err as bad usage or configuration (exit 2).
func usage(err error) error { return outcome.MarkUsage(err) }

// flagsError is a library's verdict on options the command filled from
// its flags (exit 2 when it refused them): an *outcome.OptionError is
// said with its flag, "--batch-size: must be at least one host".
func flagsError(err error) error {
	var oe *outcome.OptionError
	if errors.As(err, &oe) {
		return usageError("--%s: %v", oe.Option, oe.Err)
	}
	return usage(err)
}

// silentError is an outcome whose message has already been reported (e.g.
// a per-host table). It prints nothing more.
type silentError struct{ class outcome.Class }

func (e *silentError) Error() string { return "opsctl: " + e.class.String() }

// silent is err's outcome (nil when none) once its per-item lines have
// said everything: the class comes from the library's error.
func silent(err error) error {
	if c := outcome.Of(err); c != outcome.OK {
		return &silentError{c}
	}
	return nil
}

// statusAnswer is a command's answer given as its exit code (readonly
// status: 10 ON, 11 MIXED, 12 UNKNOWN), already printed. Not an error.
type statusAnswer struct{ code int }

func (e *statusAnswer) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Exit codes of "opsctl readonly status" (0 is OFF: the normal state).
const (
	ExitReadonlyOn      = 10 // every node is in read-only mode
	ExitReadonlyMixed   = 11 // some nodes are, some are not
	ExitReadonlyUnknown = 12 // some node could not be read and the rest agree
)

// readonlyAnswer is readonly status's verdict as its exit code.
func readonlyAnswer(v readonly.Verdict) error {
	switch v {
	case readonly.VerdictOff:
		return nil
	case readonly.VerdictOn:
		return &statusAnswer{ExitReadonlyOn}
	case readonly.VerdictMixed:
		return &statusAnswer{ExitReadonlyMixed}
	}
	return &statusAnswer{ExitReadonlyUnknown}
}

// exitCode is the one function that decides opsctl's exit code (restic's
// ComputeExitCode): from the outcome class of err (outcome.Of: marks,
// context.Canceled, the libraries' Interrupted() and Partial()), and
// whether the soft stop (first Ctrl-C) was hit. Nothing else decides.
func exitCode(err error, softStopped bool) int {
	if err == nil {
		return ExitOK
	}
	var sa *statusAnswer
	if errors.As(err, &sa) {
		return sa.code
	}

	class := outcome.Of(err)
	var se *silentError
	if errors.As(err, &se) {
		class = se.class
	}
	switch class {
	case outcome.OK:
		return ExitOK
	case outcome.Usage:
		return ExitUsage
	case outcome.Partial:
		return ExitPartial
	case outcome.Interrupted:
		return ExitInterrupted
	case outcome.Incomplete:
		return ExitIncomplete
	}
	if softStopped {
		return ExitInterrupted
	}
	return ExitError
}

// exit reports err (as text or JSON) and returns the exit code.
func (a *app) exit(err error) int {
	code := exitCode(err, a.softCtx.Err() != nil)
	if err == nil {
		return code
	}
	var se *silentError
	var sa *statusAnswer
	if errors.As(err, &se) || errors.As(err, &sa) {
		return code
	}
	if a.jsonMode() {
		f := map[string]any{"error": err.Error(), "exit_code": code}
		if p := outcome.PartsOf(err); p != nil {
			f["parts"] = p // the one partial-result shape (docs/json.md)
		}
		a.emit("opsctl.error", f)
	} else {
		fmt.Fprintf(a.io.ErrOut, "opsctl: %v\n", err)
		var cl *cmdLineError
		if errors.As(err, &cl) {
			p := a.cmdPath
			if p == "" {
				p = "opsctl"
			}
			fmt.Fprintf(a.io.ErrOut, "Run '%s --help' for usage.\n", p)
		}
	}
	return code
}

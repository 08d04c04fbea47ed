package outcome

import "fmt"

// OptionError is a library option's bad value: a refused input (class
// Usage, exit 2) that names the option as opsctl's flag for it is named,
// in kebab-case ("batch-size", "drain-timeout"), and says what is wrong
// without that name. Each front end says it in its own words: opsctl as
// "--batch-size: must be at least one host", a Go caller reads Option
// and Err (or the message, "batch-size: must be at least one host").
type OptionError struct {
	Option string
	Err    error
}

func (e *OptionError) Error() string { return e.Option + ": " + e.Err.Error() }
func (e *OptionError) Unwrap() error { return e.Err }

// Usage reports that the error is a refused input (Of gives Usage).
func (e *OptionError) Usage() bool { return true }

// BadOption is an *OptionError for option, its message formatted.
func BadOption(option, format string, args ...any) error {
	return &OptionError{Option: option, Err: fmt.Errorf(format, args...)}
}

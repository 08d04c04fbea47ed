package outcome

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

type partialErr struct{ p bool }

func (e partialErr) Error() string     { return "p" }
func (e partialErr) Partial() bool     { return e.p }
func (e partialErr) Interrupted() bool { return false }

type inputErr struct{}

func (inputErr) Error() string { return "bad input" }
func (inputErr) Usage() bool   { return true }

type stoppedErr struct{}

func (stoppedErr) Error() string     { return "stopped" }
func (stoppedErr) Interrupted() bool { return true }
func (stoppedErr) Partial() bool     { return true }

func TestOf(t *testing.T) {
	plain := errors.New("x")
	for _, tc := range []struct {
		err  error
		want Class
	}{
		{nil, OK},
		{plain, Failed},
		{MarkUsage(plain), Usage},
		{fmt.Errorf("ctx: %w", MarkPartial(plain)), Partial},
		{MarkFailed(fmt.Errorf("w: %w", context.Canceled)), Failed}, // the outermost mark wins
		{fmt.Errorf("w: %w", context.Canceled), Interrupted},
		{partialErr{true}, Partial},
		{partialErr{false}, Failed},
		{fmt.Errorf("w: %w", stoppedErr{}), Interrupted}, // interrupted beats partial
		{fmt.Errorf("w: %w", inputErr{}), Usage},
	} {
		if got := Of(tc.err); got != tc.want {
			t.Errorf("Of(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
	if MarkPartial(nil) != nil {
		t.Error("a nil error marked")
	}
}

package readonly

import (
	"context"
	"errors"
	"testing"

	"github.com/opsctl/opsctl/outcome"
)

// TestSetSoftStop: Stop (the first Ctrl-C) comes while lb1 flips: lb1's
// flip finishes (it runs under ctx, the hard stop), lb2 and the caches
// never start, lb1 is put back, and the error says interrupted with the
// shared partial shape.
func TestSetSoftStop(t *testing.T) {
	f, lbs, caches := newFleet()
	f.Limit = 1
	stop, soft := context.WithCancel(context.Background())
	persist := f.LBs[0].Persist
	f.LBs[0].Persist = func(ctx context.Context, b []byte) error {
		soft()
		if err := ctx.Err(); err != nil {
			return err // the flip in flight was cancelled by the soft stop
		}
		return persist(ctx, b)
	}
	rep, err := f.Set(context.Background(), On, Options{Stop: stop})
	var fe *FlipError
	if !errors.As(err, &fe) || !errors.Is(err, context.Canceled) || outcome.Of(err) != outcome.Interrupted {
		t.Fatalf("err %v", err)
	}
	if len(fe.RolledBack) != 1 || fe.RolledBack[0] != "lb1" || len(fe.Failed) != 0 || len(fe.Skipped) != 3 || !rep.Reverted {
		t.Fatalf("parts %+v", fe.Parts)
	}
	if lbs[0].m["global"] != "off" || lbs[1].m["global"] != "off" || caches[0].active != "boot" {
		t.Fatalf("not as it was: %v %v %s", lbs[0].m, lbs[1].m, caches[0].active)
	}
}

package outcome

import (
	"errors"
	"fmt"
	"testing"
)

func TestOptionError(t *testing.T) {
	err := fmt.Errorf("deploy: %w", BadOption("batch-size", "%q: must be at least one host", "0"))
	if Of(err) != Usage {
		t.Fatalf("class %v, want usage", Of(err))
	}
	var oe *OptionError
	if !errors.As(err, &oe) || oe.Option != "batch-size" || oe.Err.Error() != `"0": must be at least one host` {
		t.Fatalf("got %#v", oe)
	}
	if err.Error() != `deploy: batch-size: "0": must be at least one host` {
		t.Fatalf("message %q", err)
	}
}

package readonly

import (
	"context"
	"fmt"
	"time"

	"github.com/opsctl/opsctl/fanout"
	"github.com/opsctl/opsctl/outcome"
)

// VCLSource is where Prepare gets the read-only VCL from: Inline source
// sent over the CLI (vcl.inline), or a Path on the Varnish host that
// varnishd reads itself (vcl.load).
type VCLSource struct {
	Inline string
	Path   string
}

func (s VCLSource) command(name string) string {
	if s.Inline != "" {
		return fmt.Sprintf("vcl.inline %s <%d bytes of VCL>", name, len(s.Inline))
	}
	return fmt.Sprintf("vcl.load %s %s", name, s.Path)
}

// PrepareResult is one cache node's outcome.
type PrepareResult struct {
	Node   string `json:"node"`
	Action string `json:"action"` // "loaded", "reloaded", "kept" (in use), "would load"
	// Detail is the command sent (in a dry run, that would be), or why
	// none was.
	Detail string        `json:"command"`
	Error  string        `json:"error"`
	Took   time.Duration `json:"-"` // a JSON line says it as duration_ms
	DryRun bool          `json:"dry_run"`
}

// PrepareError is returned when some nodes could not load the VCL: the
// shared partial-result shape (outcome.Parts), each failed node with its
// error; Partial() says some node did load it.
type PrepareError struct {
	outcome.Parts
}

func (e *PrepareError) Error() string {
	return fmt.Sprintf("readonly prepare: %d of %d cache node(s) failed: %v", len(e.Failed)+len(e.Skipped), e.Total(), append(e.FailedNames(), e.Skipped...))
}

// Prepare compiles the read-only VCL on every cache node ahead of the flip
// (compiling takes seconds; the flip itself is only vcl.use). A node where
// it is already loaded gets it discarded and loaded again, so it includes
// the site's current VCL; a node where it is active (read-only is on) is
// left alone. Bad input (no source, no cache node) is an error with no
// results.
func (f *Fleet) Prepare(ctx context.Context, src VCLSource, opts Options) ([]PrepareResult, error) {
	if src.Inline == "" && src.Path == "" {
		return nil, fmt.Errorf("readonly prepare: no VCL source")
	}
	if len(f.Caches) == 0 {
		return nil, fmt.Errorf("readonly prepare: no varnish node selected")
	}
	res := fanout.RunStop(ctx, opts.Stop, cacheNames(f.Caches), f.Limit, func(ctx context.Context, name string) (PrepareResult, error) {
		n := f.Caches[indexCache(f.Caches, name)]
		r := PrepareResult{Node: n.Name, DryRun: opts.DryRun}
		if opts.DryRun {
			r.Action = "would load"
			r.Detail = src.command(n.ReadonlyVCL)
			opts.emit(ev(EvCommand, n.Name, "varnish", "vcl.discard "+n.ReadonlyVCL+" (if loaded and not active)").dry())
			opts.emit(ev(EvCommand, n.Name, "varnish", r.Detail).dry())
			return r, nil
		}
		start := time.Now()
		active, loaded, _, err := n.Cache.VCLs(ctx)
		if err != nil {
			return r, fmt.Errorf("varnish %s: vcl.list: %w", n.Name, err)
		}
		r.Action = "loaded"
		if contains(loaded, n.ReadonlyVCL) {
			if active == n.ReadonlyVCL {
				r.Action, r.Detail = "kept", "in use (read-only is on): not reloaded"
				return r, nil
			}
			if err := n.Cache.Discard(ctx, n.ReadonlyVCL); err != nil {
				return r, fmt.Errorf("varnish %s: vcl.discard %s (to load it again): %w", n.Name, n.ReadonlyVCL, err)
			}
			r.Action = "reloaded"
		}
		r.Detail = src.command(n.ReadonlyVCL)
		if src.Inline != "" {
			err = n.Cache.Inline(ctx, n.ReadonlyVCL, src.Inline)
		} else {
			err = n.Cache.Load(ctx, n.ReadonlyVCL, src.Path)
		}
		r.Took = time.Since(start)
		if err != nil {
			return r, fmt.Errorf("varnish %s: %s: %w", n.Name, r.Detail, err)
		}
		opts.emit(ev(EvFlipped, n.Name, "varnish", r.Action).took(r.Took))
		return r, nil
	})
	out := make([]PrepareResult, len(res))
	for i, x := range res {
		out[i] = x.Value
		out[i].Node, out[i].DryRun = x.Name, opts.DryRun
		if x.Err != nil {
			out[i].Error = x.Err.Error()
			if out[i].Action == "" {
				out[i].Action = "failed"
			}
		}
	}
	if p := fanout.Parts(res); !p.OK() {
		return out, &PrepareError{Parts: p}
	}
	return out, nil
}

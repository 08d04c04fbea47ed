// Package fanout runs one function per host (or node, or table) with bounded
// concurrency and collects a result for every one of them.
//
// Unlike a plain errgroup, one item's error never cancels the others: an SSH
// session mid-switch must be allowed to finish. Items not started when the
// context is cancelled are reported as skipped, so no item is ever lost.
package fanout

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"
)

// Status is the outcome of one item.
type Status string

const (
	OK      Status = "ok"
	Failed  Status = "failed"
	Skipped Status = "skipped"
)

// Result is one item's outcome.
type Result[T any] struct {
	Name     string
	Value    T
	Err      error
	Status   Status
	Duration time.Duration
}

// Run calls fn for every name with at most limit running at once (limit <= 0
// means all at once) and returns one result per name, in the order of names.
// Once ctx is done, items that have not started are Skipped with ctx's error;
// items already running see the cancellation through their ctx.
func Run[T any](ctx context.Context, names []string, limit int, fn func(ctx context.Context, name string) (T, error)) []Result[T] {
	results := make([]Result[T], len(names))
	var g errgroup.Group
	if limit > 0 {
		g.SetLimit(limit)
	}
	for i, name := range names {
		results[i].Name = name
		if ctx.Err() != nil {
			results[i].Status, results[i].Err = Skipped, ctx.Err()
			continue
		}
		g.Go(func() error {
			r := &results[i]
			if err := ctx.Err(); err != nil {
				r.Status, r.Err = Skipped, err
				return nil
			}
			start := time.Now()
			v, err := fn(ctx, name)
			r.Duration = time.Since(start)
			r.Value, r.Err = v, err
			if err != nil {
				r.Status = Failed
			} else {
				r.Status = OK
			}
			return nil
		})
	}
	_ = g.Wait()
	return results
}

// NotOK returns the results that did not succeed (failed or skipped).
func NotOK[T any](rs []Result[T]) []Result[T] {
	var out []Result[T]
	for _, r := range rs {
		if r.Status != OK {
			out = append(out, r)
		}
	}
	return out
}

// Count turns a count or a percentage of total into a number: "3" → 3,
// "25%" → ceil(total/4). It is used for --canary, --batch-size, --max-fail.
func Count(spec string, total int) (int, error) {
	return parseCount(spec, total)
}

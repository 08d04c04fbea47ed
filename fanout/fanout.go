// Package fanout runs one function per host (or node, or table) with bounded
// concurrency and collects a result for every one of them.
//
// Unlike a plain errgroup, one item's error never cancels the others: an SSH
// session mid-switch must be allowed to finish. Items not started when the
// context is cancelled are reported as skipped, so no item is ever lost.
package fanout

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/opsctl/opsctl/event"
	"github.com/opsctl/opsctl/outcome"
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

// Outcome is the item's outcome in words, without its name (a printer
// shows it where it chooses): "ok", "FAILED: exit status 1", "SKIPPED:
// context canceled".
func (r Result[T]) Outcome() string {
	if r.Err == nil {
		return string(r.Status)
	}
	return strings.ToUpper(string(r.Status)) + ": " + event.Unplaced(r.Err, r.Name)
}

// Run calls fn for every name with at most limit running at once (limit <= 0
// means all at once) and returns one result per name, in the order of names.
// Once ctx is done, items that have not started are Skipped with ctx's error;
// items already running see the cancellation through their ctx.
func Run[T any](ctx context.Context, names []string, limit int, fn func(ctx context.Context, name string) (T, error)) []Result[T] {
	return RunStop(ctx, nil, names, limit, fn)
}

// RunStop is Run with a soft stop: once stop is done (a first Ctrl-C),
// no item starts (those left are Skipped with stop's error) and the items
// running finish under ctx, the hard stop (a second Ctrl-C). A nil stop
// is Run.
func RunStop[T any](ctx, stop context.Context, names []string, limit int, fn func(ctx context.Context, name string) (T, error)) []Result[T] {
	results := make([]Result[T], len(names))
	stopped := func() error {
		if stop != nil && stop.Err() != nil {
			return stop.Err()
		}
		return ctx.Err()
	}
	var g errgroup.Group
	if limit > 0 {
		g.SetLimit(limit)
	}
	for i, name := range names {
		results[i].Name = name
		if err := stopped(); err != nil {
			results[i].Status, results[i].Err = Skipped, err
			continue
		}
		g.Go(func() error {
			r := &results[i]
			if err := stopped(); err != nil {
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

// Summary is how many items ended in each status.
type Summary struct {
	OK      int `json:"ok"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

// Summarize counts rs by status.
func Summarize[T any](rs []Result[T]) Summary {
	var s Summary
	for _, r := range rs {
		switch r.Status {
		case OK:
			s.OK++
		case Failed:
			s.Failed++
		default:
			s.Skipped++
		}
	}
	return s
}

// String is "48 ok, 1 failed, 1 skipped".
func (s Summary) String() string {
	return fmt.Sprintf("%d ok, %d failed, %d skipped", s.OK, s.Failed, s.Skipped)
}

// Count turns a count or a percentage of total into a number: "3" → 3,
// "25%" → ceil(total/4). It is used for --canary, --batch-size, --max-fail.
func Count(spec string, total int) (int, error) {
	return parseCount(spec, total)
}

// Errors are the items of rs that have an error (failed, or skipped by
// a stop), each with it, in rs's order.
func Errors[T any](rs []Result[T]) []outcome.Failure {
	var out []outcome.Failure
	for _, r := range rs {
		if r.Err != nil {
			out = append(out, outcome.Failure{Name: r.Name, Err: r.Err})
		}
	}
	return out
}

// Parts is the shared partial-result shape of rs: each OK item done,
// each failed one with its error, each skipped one skipped.
func Parts[T any](rs []Result[T]) outcome.Parts {
	var p outcome.Parts
	for _, r := range rs {
		switch r.Status {
		case OK:
			p.Done = append(p.Done, r.Name)
		case Skipped:
			p.Skipped = append(p.Skipped, r.Name)
		default:
			p.Failed = append(p.Failed, outcome.Failure{Name: r.Name, Err: r.Err})
		}
	}
	return p
}

package main

import (
	"sync/atomic"
	"time"
)

// loadPace follows a load generator's workers, so a test waits on what the
// load did (every worker served n requests; every worker began a request
// after some moment) instead of sleeping and hoping it did.
type loadPace struct {
	last []atomic.Int64 // per worker: when its latest request began (UnixNano)
	done []atomic.Int64 // per worker: requests answered (or failed)
}

func newLoadPace(workers int) *loadPace {
	return &loadPace{last: make([]atomic.Int64, workers), done: make([]atomic.Int64, workers)}
}

func (p *loadPace) began(w int)    { p.last[w].Store(time.Now().UnixNano()) }
func (p *loadPace) answered(w int) { p.done[w].Add(1) }

// served reports whether every worker has had n requests answered.
func (p *loadPace) served(n int) bool {
	for i := range p.done {
		if p.done[i].Load() < int64(n) {
			return false
		}
	}
	return true
}

// beganAfter reports whether every worker began a request after t: the
// requests they had in flight at t have all been answered.
func (p *loadPace) beganAfter(t time.Time) bool {
	for i := range p.last {
		if p.last[i].Load() <= t.UnixNano() {
			return false
		}
	}
	return true
}

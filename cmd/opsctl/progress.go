package main

import (
	"fmt"
	"sync"

	"github.com/opsctl/opsctl/migrate"
	"github.com/schollz/progressbar/v3"
)

// loadProgress is migrate load's progress after the dump is read: the read
// bar gives way to one counting tables committed and indexes built
// ("load: 7/12 tables, 1,204,331 rows, indexes 5/9"), then a line for the
// foreign keys and views, so the screen tells what runs until the end.
type loadProgress struct {
	a *app

	mu                sync.Mutex
	bar               *progressbar.ProgressBar // nil while reading
	tables, loaded    int
	rows              int64
	indexes, idxBuilt int
	post              bool
}

func (p *loadProgress) reading() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.bar == nil
}

func (p *loadProgress) on(e migrate.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e.Verb() {
	case migrate.EvTableStart:
		p.tables++
	case migrate.EvLoaded:
		p.loaded++
		p.rows += e.Rows
		p.a.debugf("%s: %d rows loaded in %.1f s\n", e.Table, e.Rows, e.Took.Seconds())
	case migrate.EvIndexes:
		p.indexes += int(e.Rows)
	case migrate.EvIndexBuilt:
		p.idxBuilt++
	case migrate.EvReadDone:
		if p.bar == nil {
			p.a.doneProgress()
			p.bar = p.a.progressCounter(1, "load")
		}
	case migrate.EvPostData:
		p.post = true
	}
	if p.bar == nil {
		return
	}
	max := int64(p.tables + p.indexes + 1) // +1: the foreign keys and views
	done := int64(p.loaded + p.idxBuilt)
	desc := fmt.Sprintf("load: %d/%d tables, %d rows, indexes %d/%d", p.loaded, p.tables, p.rows, p.idxBuilt, p.indexes)
	if p.post {
		desc = fmt.Sprintf("load: %d tables, %d rows, %d indexes done; foreign keys, views, triggers", p.loaded, p.rows, p.idxBuilt)
	}
	p.bar.ChangeMax64(max)
	p.bar.Describe(desc)
	_ = p.bar.Set64(done)
}

package migrate

import (
	"fmt"
	"sync"
)

// LoadProgress follows a load's events (Options.OnEvent) to say how far
// it is once the dump is read: the tables committed and their rows, the
// indexes built, then the foreign keys and views ("load: 7/12 tables,
// 1204331 rows, indexes 5/9"), so a progress display tells what runs
// until the end. It is safe for concurrent use.
type LoadProgress struct {
	mu                sync.Mutex
	read              bool // the dump is read
	tables, loaded    int
	rows              int64
	indexes, idxBuilt int
	post              bool
}

// On counts e and says whether the dump is read (before that, the
// progress is the dump's bytes: EvProgress).
func (p *LoadProgress) On(e Event) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e.Verb() {
	case EvTableStart:
		p.tables++
	case EvLoaded:
		p.loaded++
		p.rows += e.Rows
	case EvIndexes:
		p.indexes += int(e.Rows)
	case EvIndexBuilt:
		p.idxBuilt++
	case EvReadDone:
		p.read = true
	case EvPostData:
		p.post = true
	}
	return p.read
}

// Read says whether the dump is read.
func (p *LoadProgress) Read() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.read
}

// Steps are the steps done and in all: tables loaded and indexes built,
// and one for the foreign keys and views.
func (p *LoadProgress) Steps() (done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return int64(p.loaded + p.idxBuilt), int64(p.tables + p.indexes + 1)
}

// String says where the load is.
func (p *LoadProgress) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.post {
		return fmt.Sprintf("load: %d tables, %d rows, %d indexes done; foreign keys, views, triggers", p.loaded, p.rows, p.idxBuilt)
	}
	return fmt.Sprintf("load: %d/%d tables, %d rows, indexes %d/%d", p.loaded, p.tables, p.rows, p.idxBuilt, p.indexes)
}

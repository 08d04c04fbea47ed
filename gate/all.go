package gate

import (
	"context"
	"sync"
)

// RunAll watches the wave with every gate at once (Run each). Each
// evaluation goes to onEval (called from the gates' goroutines) and into
// log as its String(); the first gate to fail stops the others and its
// error is returned.
func RunAll(ctx context.Context, gates []Gate, w Wave, onEval func(Evaluation)) (log []string, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, g := range gates {
		wg.Add(1)
		go func(g Gate) {
			defer wg.Done()
			gerr := Run(ctx, g, w, func(ev Evaluation) {
				mu.Lock()
				log = append(log, ev.String())
				mu.Unlock()
				if onEval != nil {
					onEval(ev)
				}
			})
			if gerr != nil && ctx.Err() == nil {
				mu.Lock()
				if err == nil {
					err = gerr
				}
				mu.Unlock()
				cancel()
			}
		}(g)
	}
	wg.Wait()
	return log, err
}

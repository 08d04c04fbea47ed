package main

import (
	"bufio"
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/opsctl/opsctl/gate"
	"github.com/opsctl/opsctl/internal/factory"
	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/notify"
	"github.com/schollz/progressbar/v3"
)

// globalOptions are the root command's persistent flags.
type globalOptions struct {
	config      string
	hosts       string
	output      string
	verbose     bool
	concurrency int
	acceptNew   bool
	yes         bool   // --yes: no confirmation prompts
	color       string // --color: auto, always, never (table.go)
}

// app is what every command gets: streams, global options, lazily built
// dependencies and the interrupt contexts.
type app struct {
	io   *IOStreams
	opts globalOptions

	// softCtx is cancelled by the first Ctrl-C: stop starting new work.
	// hardCtx is cancelled by the second: abort what is running.
	softCtx, hardCtx       context.Context
	softCancel, hardCancel context.CancelFunc
	stopSignals            func()

	outMu sync.Mutex
	stdin *bufio.Reader // the answers to questions (confirm.go)
	bar   *progressbar.ProgressBar

	// f builds the inventory, the SSH pool... lazily (the wiring).
	f *factory.Factory

	closers []func()

	// started is set once cobra has parsed and validated the command line
	// (the root's PersistentPreRunE ran): an error before it is bad usage.
	started bool
	// cmdPath is the command cobra ran or refused ("opsctl haproxy drain"),
	// for the usage hint.
	cmdPath string
	notify  *notify.Notifier // release events (events.go)
	gates   gate.Log         // metric gate evaluations in words (deploy_gates.go)
}

func newApp(io *IOStreams) *app {
	a := &app{io: io}
	a.f = &factory.Factory{ConfigPath: a.configPath, AcceptNewHostKeys: func() bool { return a.opts.acceptNew },
		Hosts: func() string { return a.opts.hosts }, Concurrency: func() int { return a.opts.concurrency }}
	a.hardCtx, a.hardCancel = context.WithCancel(context.Background())
	a.softCtx, a.softCancel = context.WithCancel(a.hardCtx)
	a.stopSignals = func() {}
	return a
}

// interruptHandled, when set (Ctrl-C tests, which run alone), is told
// each interrupt once it took effect (n: 1 the soft stop, 2 the hard one),
// so a test waits for that instead of sleeping.
var interruptHandled func(n int)

// watchSignals turns the first SIGINT/SIGTERM into a soft stop and the
// second into a hard one. Commands that change servers call it; read-only
// commands just die on Ctrl-C.
func (a *app) watchSignals() {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		n := 0
		for {
			select {
			case <-ch:
				n++
				if n == 1 {
					a.infof("\nopsctl: interrupt: finishing what is in flight, starting nothing new (Ctrl-C again to abort)\n")
					a.softCancel()
				} else {
					a.infof("\nopsctl: second interrupt: aborting\n")
					a.hardCancel()
					if interruptHandled != nil {
						interruptHandled(n)
					}
					return
				}
				if interruptHandled != nil {
					interruptHandled(n)
				}
			case <-done:
				return
			}
		}
	}()
	a.stopSignals = func() { signal.Stop(ch); close(done) }
}

func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
	a.f.Close()
	a.stopSignals()
	a.softCancel()
	a.hardCancel()
}

func (a *app) jsonMode() bool { return a.opts.output == "json" }

// configPath resolves --config > $OPSCTL_CONFIG > ./opsctl.yaml.
func (a *app) configPath() string {
	if a.opts.config != "" {
		return a.opts.config
	}
	if p := os.Getenv("OPSCTL_CONFIG"); p != "" {
		return p
	}
	return inventory.DefaultPath
}

// config loads the inventory once, on first use, so --help and version never
// read it.
func (a *app) config() (*inventory.Config, error) { return a.f.Config() }

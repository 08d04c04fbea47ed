package factory

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/opsctl/opsctl/cutover"
	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/migrate"
	"github.com/opsctl/opsctl/outcome"
	"github.com/opsctl/opsctl/readonly"
	"github.com/opsctl/opsctl/transport"
)

// CutoverOptions are the command line's part of a cutover.
type CutoverOptions struct {
	// DryRun: the plan only, no read-only fleet is built.
	DryRun bool
	// Accept accepts what preflight lists; By is who flips read-only.
	Accept bool
	By     string
	// StatePath overrides cutover.state_file.
	StatePath string
	// OnReadonly receives each read-only flip's report.
	OnReadonly func(*readonly.Report)
}

// Cutover is the runbook built from the inventory's cutover section.
type Cutover struct {
	Config      *inventory.Config
	Runbook     *cutover.Runbook
	State       *cutover.State
	Fingerprint string // of the source, target, schema and table filters
	RunConfig   cutover.Config
}

// Cutover builds the migration-day runbook: the MySQL->PostgreSQL
// database steps, the read-only fleet (every node), the repoint over SSH
// on cutover.repoint.hosts, the smoke checks and the state file.
func (f *Factory) Cutover(o CutoverOptions) (*Cutover, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	x := cfg.Cutover
	if !x.Configured() {
		return nil, outcome.MarkUsage(fmt.Errorf("%s: no cutover: section (from, to, repoint, smoke; see 'opsctl migrate cutover --help')", cfg.File))
	}
	mo := migrate.Options{Schema: x.Schema}
	MigrateOptions(cfg.Migrate, &mo, nil)
	if _, err := migrate.MySQLConfig(x.From); err != nil {
		return nil, outcome.MarkUsage(cfg.Errorf([]any{"cutover", "from"}, "cutover.from: %v", err))
	}
	db := &cutover.MySQLPG{From: x.From, To: x.To, Opts: mo, Jobs: x.Jobs, Drop: x.Drop, Method: x.Method, DumpCommand: x.DumpCommand,
		Filter: migrate.TableFilter{Include: x.Tables, Exclude: x.ExcludeTables}, AcceptMissing: x.AcceptMissing}
	db.DiskFree = f.cutoverDiskFree(cfg, x)
	deps := cutover.Deps{DB: db, OnReadonly: o.OnReadonly}
	if !o.DryRun {
		fleet, _, err := f.ReadonlyFleet()
		if err != nil {
			return nil, err
		}
		deps.ReadOnly = fleet
	}
	ccfg := cutover.Config{SchemaFirst: x.SchemaFirst, Precopy: x.Precopy, Yes: o.Accept, QuiesceMethod: x.Quiesce.Method, QuiesceStable: x.Quiesce.Stable,
		QuiesceTimeout: x.Quiesce.Timeout, By: o.By, Reason: x.Reason, Message: x.Message,
		FromDesc: cutover.Desc(x.From), ToDesc: cutover.Desc(x.To)}
	if x.Method == "dump" {
		ccfg.CopyDesc = "dump: mysqldump streamed into migrate load, existing tables replaced"
		if x.DumpCommand != "" {
			ccfg.CopyDesc = fmt.Sprintf("dump: %q streamed into migrate load", clip(cutover.MaskURLPasswords(x.DumpCommand), 60))
		}
	}
	if ccfg.Reason == "" {
		ccfg.Reason = "migration: " + ccfg.FromDesc + " -> " + ccfg.ToDesc
	}
	if x.Repoint.Command != "" {
		hosts, err := cfg.SelectHosts(x.Repoint.Hosts)
		if err != nil {
			return nil, outcome.MarkUsage(err)
		}
		names := make([]string, len(hosts))
		targets := make([]transport.Target, len(hosts))
		for i, h := range hosts {
			names[i], targets[i] = h.Name, Target(h)
		}
		deps.Repointer = &cutover.SSHRepointer{Pool: f.SSHPool, Hosts: targets, Command: x.Repoint.Command, Undo: x.Repoint.Undo, Check: x.Repoint.Check, Timeout: x.Repoint.Timeout, Concurrency: f.concurrency()}
		ccfg.RepointDesc = fmt.Sprintf("%q on %s", clip(cutover.MaskURLPasswords(x.Repoint.Command), 80), strings.Join(names, ", "))
	}
	if len(x.Smoke) > 0 {
		sm := &cutover.HTTPSmoke{}
		var d []string
		for _, s := range x.Smoke {
			sm.Checks = append(sm.Checks, cutover.SmokeCheck{URL: s.URL, Method: s.Method, ExpectStatus: s.ExpectStatus, Contains: s.Contains, Timeout: s.Timeout})
			w := fmt.Sprintf("%s %s -> %d", s.Method, s.URL, s.ExpectStatus)
			if s.Contains != "" {
				w += fmt.Sprintf(" containing %q", s.Contains)
			}
			d = append(d, w)
		}
		deps.Smoker = sm
		ccfg.SmokeDesc = strings.Join(d, "; ")
	}
	r := &Cutover{Config: cfg, RunConfig: ccfg, Runbook: cutover.Standard(ccfg, deps)}
	// Every value that came from ${VAR} (a password in the repoint
	// command, a URL) is shown as ${VAR} in the plan, the step lines,
	// -o json and the state file; URL passwords written in the file
	// itself as ***.
	r.Runbook.Mask = func(s string) string { return cfg.MaskEnv(cutover.MaskURLPasswords(s)) }
	path := o.StatePath
	if path == "" {
		path = x.StateFile
	}
	if path == "" {
		path = filepath.Join(filepath.Dir(cfg.File), "opsctl-cutover.json")
	}
	r.State = &cutover.State{Path: path}
	h := sha256.Sum256([]byte(strings.Join([]string{cutover.Desc(x.From), cutover.Desc(x.To), x.Schema,
		strings.Join(x.Tables, ","), strings.Join(x.ExcludeTables, ",")}, "\x00")))
	r.Fingerprint = hex.EncodeToString(h[:8])
	return r, nil
}

// MigrateOptions puts the inventory's migrate: section under o (the
// command line's, for the migrate commands): its casts after o's, so for
// the same key o's wins; its zero_date and on_nul unless given(flag) says
// the command line set them.
func MigrateOptions(m inventory.Migrate, o *migrate.Options, given func(flag string) bool) {
	if m.ZeroDate != "" && (given == nil || !given("zero-date")) {
		o.ZeroDate = m.ZeroDate
	}
	if m.OnNUL != "" && (given == nil || !given("on-nul")) {
		o.OnNUL = m.OnNUL
	}
	o.Casts = append(o.Casts, m.ParsedCasts()...)
}

// cutoverDiskFree: df over SSH on cutover.pg_host; statfs when PostgreSQL
// runs on this machine; nil otherwise (preflight warns).
func (f *Factory) cutoverDiskFree(cfg *inventory.Config, x inventory.Cutover) func(context.Context, string) (uint64, error) {
	if x.PGHost != "" {
		h, _ := cfg.Host(x.PGHost)
		return cutover.SSHDiskFree(f.SSHPool, Target(h))
	}
	return cutover.LocalDiskFree(x.To)
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// Command opslab runs opsctl against a local lab of real servers.
//
//	go run ./cmd/opslab demo      # the whole story, narrated, then clean up
//	go run ./cmd/opslab up        # start the lab and wait; play with opsctl by hand
//
// The lab (internal/lab) starts real OpenSSH sshd processes on 127.0.0.1,
// each in its own mount namespace with its own /srv, /tmp and /root, so one
// inventory behaves like a fleet of separate machines. It needs root.
//
// The demo is a list of steps (demoSteps); later capabilities (deploy,
// rollback, readonly, migrate) add their own steps to that list.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: opslab demo [-n HOSTS] [-keep]   run the narrated end-to-end story against a fresh lab
       opslab up   [-n HOSTS] [-site] [-db]
                                        start a lab, print OPSCTL_CONFIG, wait for Ctrl-C;
                                        -site adds 2 HAProxy -> 2 Varnish -> a backend (read-only mode),
                                        -db adds MariaDB with a shop database and PostgreSQL

The lab needs root (mount namespaces) and OpenSSH's sshd (scripts/setup).
`)
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	fs := flag.NewFlagSet("opslab "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 10, "number of sshd hosts")
	keep := fs.Bool("keep", false, "demo: keep the lab directory afterwards (servers are stopped)")
	site := fs.Bool("site", false, "up: also start the site (2 HAProxy -> 2 Varnish -> a backend) for opsctl readonly")
	dbs := fs.Bool("db", false, "up: also start MariaDB (shop database) and PostgreSQL for opsctl migrate")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *n < 1 || *n > 500 {
		fmt.Fprintln(stderr, "opslab: -n must be between 1 and 500")
		return 2
	}
	if args[0] == "demo" && *n < 3 {
		fmt.Fprintln(stderr, "opslab: the demo needs at least 3 hosts (a canary of 2 and the rest)")
		return 2
	}
	var err error
	switch args[0] {
	case "demo":
		err = runDemo(stdout, *n, *keep)
	case "up":
		err = runUp(stdout, *n, *site, *dbs)
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	default:
		usage(stderr)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "opslab: %v\n", err)
		return 1
	}
	return 0
}

// demo is the state the steps share.
type demo struct {
	out    io.Writer
	lab    *lab.Lab
	fleet  *lab.SSHFleet
	config string // opsctl.yaml in the lab directory
	opsctl string // the opsctl binary built for this run
	n      int

	has      map[string]bool // opsctl commands this build has ("deploy", "migrate verify", ...)
	sections []string        // inventory sections after the hosts (see writeConfig)
	bg       *services       // the site and the databases, started in the background
}

type step struct {
	title string
	needs string // an opsctl command the step needs ("" = none)
	run   func(d *demo) error
}

// demoSteps is the story. Each capability appends its steps here; a step
// whose command this opsctl lacks (a branch not merged yet) says so and is
// skipped, so the demo always runs end to end.
var demoSteps = []step{
	{"Build opsctl", "", stepBuild},
	{"Start the lab: real sshd hosts, each with its own host key and its own /srv", "", stepStartLab},
	{"Look at the inventory", "", stepInventory},
	{"Run a command on every host in parallel", "", stepExecAll},
	{"Deploy v1 everywhere, then v2: a canary of 2, then batches of 4, each wave health-checked", "deploy", stepDeploy},
	{"A bad release: v3 fails its health check on the canary, the deploy halts", "deploy", stepBadRelease},
	{"A release that passes /health but fails users: the metric gate (Prometheus) catches v4-bad on the canary", "deploy", stepMetricGate},
	{"Read-only mode across 2 HAProxy and 2 Varnish in front of the site", "readonly", stepReadonlyOn},
	{"Read-only mode off: writes reach the site again", "readonly", stepReadonlyOff},
	{"Migration day in one command: opsctl migrate cutover moves the shop from MariaDB to PostgreSQL (rehearsal, then the real run)", "migrate", stepCutover},
	{"The bad day: roll every host back to the previous release", "rollback", stepRollback},
	{"A host is down: it fails alone, the others succeed (exit 3 = partial)", "", stepDownHost},
	{"A host's key changed: opsctl refuses it and shows the fingerprint", "", stepChangedKey},
}

func runDemo(out io.Writer, n int, keep bool) error {
	if os.Geteuid() != 0 {
		return errors.New("the lab needs root (it starts sshd in mount namespaces); run with sudo")
	}
	d := &demo{out: out, n: n}
	defer func() {
		if d.bg != nil {
			d.bg.wait()
		}
		if d.lab != nil {
			d.lab.Close()
			if !keep {
				os.RemoveAll(d.lab.Dir)
			}
		}
	}()
	start := time.Now()
	var skipped []string
	for i, s := range demoSteps {
		fmt.Fprintf(out, "\n==> %d/%d %s\n", i+1, len(demoSteps), s.title)
		if s.needs != "" && !d.has[s.needs] {
			fmt.Fprintf(out, "    skipped: this opsctl has no '%s' command yet (its branch is not merged)\n", s.needs)
			skipped = append(skipped, s.needs)
			continue
		}
		if err := s.run(d); err != nil {
			return fmt.Errorf("step %d (%s): %w", i+1, s.title, err)
		}
	}
	if d.bg != nil {
		d.bg.wait() // never leave a server starting while the lab closes
	}
	d.lab.Close()
	// Close waits for each server's main process; the workers of its
	// process group (Varnish's child, HAProxy's worker) follow it.
	if procs := lingering(d.lab.Dir, 10*time.Second); len(procs) > 0 {
		return fmt.Errorf("still running after the lab closed:\n%s", strings.Join(procs, "\n"))
	}
	fmt.Fprintf(out, "\n==> done in %.1fs: every server the lab started is stopped.\n", time.Since(start).Seconds())
	if len(skipped) > 0 {
		fmt.Fprintf(out, "    (skipped, not in this build: %s)\n", strings.Join(uniq(skipped), ", "))
	}
	return nil
}

func stepBuild(d *demo) error {
	dir, err := os.MkdirTemp("", "opslab-bin")
	if err != nil {
		return err
	}
	d.opsctl = filepath.Join(dir, "opsctl")
	if err := buildOpsctl(d.opsctl); err != nil {
		return err
	}
	fmt.Fprintf(d.out, "    built %s\n", d.opsctl)
	has, err := commandsOf(d.opsctl)
	if err != nil {
		return err
	}
	d.has = has
	return nil
}

// buildOpsctl builds cmd/opsctl from the module opslab runs in.
func buildOpsctl(dst string) error {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	if root == "." || root == "" {
		return errors.New("run opslab from inside the opsctl source tree (go run ./cmd/opslab demo)")
	}
	cmd := exec.Command("go", "build", "-o", dst, "./cmd/opsctl")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/opsctl: %v\n%s", err, out)
	}
	return nil
}

func startLab(n int) (*lab.Lab, *lab.SSHFleet, string, error) {
	l, err := lab.New("")
	if err != nil {
		return nil, nil, "", err
	}
	f, err := l.StartSSHD(lab.SSHDOptions{N: n, Prefix: "web", Width: 2})
	if err != nil {
		l.Close()
		os.RemoveAll(l.Dir)
		return nil, nil, "", err
	}
	cfg := l.Path("opsctl.yaml")
	if err := writeConfig(cfg, f, nil); err != nil {
		l.Close()
		return nil, nil, "", err
	}
	return l, f, cfg, nil
}

func stepStartLab(d *demo) error {
	start := time.Now()
	l, f, cfg, err := startLab(d.n)
	if err != nil {
		return err
	}
	d.lab, d.fleet, d.config = l, f, cfg
	bin := l.Path("opsctl")
	if err := os.Rename(d.opsctl, bin); err == nil {
		os.Remove(filepath.Dir(d.opsctl))
		d.opsctl = bin
	}
	fmt.Fprintf(d.out, "    %d sshd hosts up in %.1fs (lab: %s)\n", len(f.Hosts), time.Since(start).Seconds(), l.Dir)
	fmt.Fprintf(d.out, "    client key %s, strict known_hosts %s\n", f.ClientKey, f.KnownHosts)
	fmt.Fprintf(d.out, "    each host sees its own /srv: %s/h/<host>/srv is /srv on that host\n", l.Dir)
	d.bg = startServices(l, d.opsctl, d.has)
	fmt.Fprintf(d.out, "    in the background: %s\n", d.bg.what)
	return nil
}

// opsctl runs the built binary with the lab's config, prints the command
// and its indented output, and checks the exit code.
func (d *demo) opsctlRun(wantCode int, args ...string) (string, error) {
	r := runOpsctl(d.opsctl, d.config, args...)
	d.show(r)
	return r.out, r.check(wantCode)
}

// ran is one command run and its result, shown by demo.show.
type ran struct {
	argv []string // as shown: argv[0] is the program
	env  string   // shown before argv ("MYSQL_PWD=...")
	out  string
	code int
	err  error // could not run at all
	took time.Duration
}

func (r ran) check(want int) error {
	if r.err != nil {
		return fmt.Errorf("%s: %w", strings.Join(r.argv, " "), r.err)
	}
	if r.code != want {
		return fmt.Errorf("%s: exit %d, want %d", strings.Join(r.argv, " "), r.code, want)
	}
	return nil
}

// runCmd runs cmd with stdout and stderr together.
func runCmd(shown []string, cmd *exec.Cmd) ran {
	var buf bytes.Buffer
	if cmd.Stdout == nil {
		cmd.Stdout = &buf
	}
	cmd.Stderr = &buf
	start := time.Now()
	err := cmd.Run()
	r := ran{argv: shown, took: time.Since(start)}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
	} else if err != nil {
		r.err = err
	}
	r.out = buf.String()
	return r
}

func runOpsctl(bin, config string, args ...string) ran {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "OPSCTL_CONFIG="+config, "NO_COLOR=1")
	return runCmd(append([]string{"opsctl"}, args...), cmd)
}

// show prints a command as typed, its output indented and its exit code.
func (d *demo) show(r ran) {
	env := ""
	if r.env != "" {
		env = r.env + " "
	}
	fmt.Fprintf(d.out, "    $ %s%s\n", env, strings.Join(quoteArgs(r.argv), " "))
	if out := strings.TrimRight(r.out, "\n"); out != "" {
		for _, ln := range strings.Split(out, "\n") {
			fmt.Fprintf(d.out, "      %s\n", ln)
		}
	}
	if r.err != nil {
		fmt.Fprintf(d.out, "    (could not run: %v)\n", r.err)
		return
	}
	fmt.Fprintf(d.out, "    (exit %d)\n", r.code)
}

// commandsOf lists the commands the opsctl binary has: "deploy",
// "readonly", ... and "migrate verify" style pairs for subcommands of the
// ones the demo uses.
func commandsOf(bin string) (map[string]bool, error) {
	has := map[string]bool{}
	for _, parent := range []string{"", "migrate", "readonly"} {
		args := []string{"--help"}
		if parent != "" {
			if !has[parent] {
				continue
			}
			args = []string{parent, "--help"}
		}
		out, err := exec.Command(bin, args...).Output()
		if err != nil {
			return nil, fmt.Errorf("opsctl %s: %v", strings.Join(args, " "), err)
		}
		in := false
		for _, ln := range strings.Split(string(out), "\n") {
			switch {
			case strings.HasPrefix(ln, "Available Commands:"):
				in = true
			case in && strings.HasPrefix(ln, "  "):
				name := strings.Fields(ln)[0]
				if parent != "" {
					name = parent + " " + name
				}
				has[name] = true
			case in:
				in = false
			}
		}
	}
	return has, nil
}

// lingering lists the processes whose command line mentions dir (every
// server the lab starts names its directory), polling until there are none
// or wait has passed.
func lingering(dir string, wait time.Duration) []string {
	deadline := time.Now().Add(wait)
	for {
		var found []string
		ents, _ := os.ReadDir("/proc")
		for _, e := range ents {
			if _, err := strconv.Atoi(e.Name()); err != nil || e.Name() == strconv.Itoa(os.Getpid()) {
				continue
			}
			b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
			if err != nil {
				continue
			}
			if cmd := strings.ReplaceAll(string(b), "\x00", " "); strings.Contains(cmd, dir+"/") || strings.HasSuffix(strings.TrimSpace(cmd), dir) {
				found = append(found, e.Name()+": "+cmd)
			}
		}
		if len(found) == 0 || time.Now().After(deadline) {
			return found
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func uniq(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		a = maskSecrets(a)
		if a == ">" { // a redirection shown as typed
			out[i] = a
			continue
		}
		if strings.ContainsAny(a, " '\"$*?|;&<>!()") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return out
}

func stepInventory(d *demo) error {
	if _, err := d.opsctlRun(0, "inventory"); err != nil {
		return err
	}
	d.say("the hosts opsctl knows, from one strict YAML file ($OPSCTL_CONFIG)")
	return nil
}

func stepExecAll(d *demo) error {
	out, err := d.opsctlRun(0, "exec", "--yes", "--", "echo \"I am $(cat /srv/hostname)\"")
	if err != nil {
		return err
	}
	for _, h := range d.fleet.Hosts {
		if !strings.Contains(out, h.Name+" | I am "+h.Name) {
			return fmt.Errorf("%s did not answer with its own /srv/hostname", h.Name)
		}
	}
	d.say("%d hosts answered in parallel, each over SSH with its host key checked against known_hosts", len(d.fleet.Hosts))
	return nil
}

func stepDownHost(d *demo) error {
	h := d.fleet.Hosts[len(d.fleet.Hosts)/2]
	fmt.Fprintf(d.out, "    (stopping %s's sshd)\n", h.Name)
	h.Kill()
	if _, err := d.opsctlRun(3, "exec", "--yes", "--", "uptime -p || uptime"); err != nil {
		return err
	}
	d.say("%s failed alone with the reason, the %d others answered; exit 3 says partial", h.Name, len(d.fleet.Hosts)-1)
	return h.Restart()
}

func stepChangedKey(d *demo) error {
	h := d.fleet.Hosts[len(d.fleet.Hosts)-1]
	fmt.Fprintf(d.out, "    (giving %s a new host key, as if it were reinstalled or impersonated)\n", h.Name)
	if err := h.ChangeHostKey(); err != nil {
		return err
	}
	out, err := d.opsctlRun(1, "exec", "-H", h.Name, "--accept-new-host-keys", "--", "true")
	if err != nil {
		return err
	}
	if !strings.Contains(out, "SHA256:") {
		return errors.New("the refusal does not show the key's fingerprint")
	}
	d.say("even --accept-new-host-keys never accepts a changed key: the error shows both fingerprints and how to fix known_hosts")
	return nil
}

func runUp(out io.Writer, n int, site, dbs bool) error {
	if os.Geteuid() != 0 {
		return errors.New("the lab needs root (it starts sshd in mount namespaces); run with sudo")
	}
	l, f, cfg, err := startLab(n)
	if err != nil {
		return err
	}
	var bg *services
	defer func() {
		if bg != nil {
			bg.wait()
		}
		l.Close()
		os.RemoveAll(l.Dir)
	}()
	fmt.Fprintf(out, "lab up: %d sshd hosts (%s .. %s) in %s\n", len(f.Hosts), f.Hosts[0].Name, f.Hosts[len(f.Hosts)-1].Name, l.Dir)
	var sections []string
	if site || dbs {
		// The site's read-only pieces come from opsctl readonly init, and
		// the deploy section needs an opsctl that has deploy: build it.
		bin := l.Path("opsctl")
		if err := buildOpsctl(bin); err != nil {
			return err
		}
		has, err := commandsOf(bin)
		if err != nil {
			return err
		}
		if site && !has["readonly"] {
			fmt.Fprintln(out, "-site: this opsctl has no readonly command yet; no site started")
		}
		if !site {
			delete(has, "readonly")
		}
		if !dbs {
			delete(has, "migrate")
		}
		fmt.Fprintf(out, "starting: ")
		bg = startServices(l, bin, has)
		fmt.Fprintln(out, bg.what)
		bg.wait()
		if has["deploy"] {
			sections = append(sections, deployYAML)
		}
		if has["readonly"] {
			if bg.siteErr != nil {
				return fmt.Errorf("starting the site: %w", bg.siteErr)
			}
			sections = append(sections, bg.siteYAML)
			fmt.Fprintf(out, "site: http://127.0.0.1:%d/ (lb1) and http://127.0.0.1:%d/ (lb2) -> cache1, cache2 -> %s\n",
				bg.lbs[0].FrontendPort, bg.lbs[1].FrontendPort, bg.backend.addr)
		}
		if has["migrate"] {
			if bg.dbErr != nil {
				return fmt.Errorf("starting the databases: %w", bg.dbErr)
			}
			fmt.Fprintf(out, "MariaDB: %s (mysql %s shop)\nPostgreSQL: %s\n", bg.maria.URL("shop"), strings.Join(bg.maria.Args(), " "), bg.pg.URL("shop"))
		}
		if err := writeConfig(cfg, f, sections); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "config: %s\n\n", cfg)
	fmt.Fprintf(out, "In another shell:\n  export OPSCTL_CONFIG=%s\n  go run ./cmd/opsctl exec -- cat /srv/hostname\n", cfg)
	if site {
		fmt.Fprintln(out, "  go run ./cmd/opsctl readonly status")
	}
	fmt.Fprintln(out)
	fmt.Fprintf(out, "Or plain ssh:\n  ssh -i %s -o UserKnownHostsFile=%s -p %d root@127.0.0.1\n\n", f.ClientKey, f.KnownHosts, f.Hosts[0].Port)
	fmt.Fprintln(out, "Ctrl-C stops every server and removes the lab.")
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	<-ch
	fmt.Fprintln(out, "\nstopping the lab")
	return nil
}

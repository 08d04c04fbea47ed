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
       opslab up   [-n HOSTS]           start a lab, print OPSCTL_CONFIG, wait for Ctrl-C

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
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *n < 1 || *n > 500 {
		fmt.Fprintln(stderr, "opslab: -n must be between 1 and 500")
		return 2
	}
	var err error
	switch args[0] {
	case "demo":
		err = runDemo(stdout, *n, *keep)
	case "up":
		err = runUp(stdout, *n)
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
}

type step struct {
	title string
	run   func(d *demo) error
}

// demoSteps is the story. Each capability appends its steps here.
var demoSteps = []step{
	{"Build opsctl", stepBuild},
	{"Start the lab: real sshd hosts, each with its own host key and its own /srv", stepStartLab},
	{"Look at the inventory", stepInventory},
	{"Run a command on every host in parallel", stepExecAll},
	{"A host is down: it fails alone, the others succeed (exit 3 = partial)", stepDownHost},
	{"A host's key changed: opsctl refuses it and shows the fingerprint", stepChangedKey},
}

func runDemo(out io.Writer, n int, keep bool) error {
	if os.Geteuid() != 0 {
		return errors.New("the lab needs root (it starts sshd in mount namespaces); run with sudo")
	}
	d := &demo{out: out, n: n}
	defer func() {
		if d.lab != nil {
			d.lab.Close()
			if !keep {
				os.RemoveAll(d.lab.Dir)
			}
		}
	}()
	start := time.Now()
	for i, s := range demoSteps {
		fmt.Fprintf(out, "\n==> %d/%d %s\n", i+1, len(demoSteps), s.title)
		if err := s.run(d); err != nil {
			return fmt.Errorf("step %d (%s): %w", i+1, s.title, err)
		}
	}
	fmt.Fprintf(out, "\n==> done in %.1fs: every server the lab started is stopped.\n", time.Since(start).Seconds())
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
	var canary []string
	canary = append(canary, f.Hosts[0].Name)
	cfg := l.Path("opsctl.yaml")
	extra := fmt.Sprintf("groups:\n  canary: [%s]\n", strings.Join(canary, ", "))
	if err := os.WriteFile(cfg, []byte(f.InventoryYAML(extra)), 0o644); err != nil {
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
	os.Remove(filepath.Dir(d.opsctl)) // keep the binary with the lab
	bin := l.Path("opsctl")
	if err := os.Rename(d.opsctl, bin); err == nil {
		os.Remove(filepath.Dir(d.opsctl))
		d.opsctl = bin
	}
	fmt.Fprintf(d.out, "    %d sshd hosts up in %.1fs (lab: %s)\n", len(f.Hosts), time.Since(start).Seconds(), l.Dir)
	fmt.Fprintf(d.out, "    client key %s, strict known_hosts %s\n", f.ClientKey, f.KnownHosts)
	fmt.Fprintf(d.out, "    each host sees its own /srv: %s/h/<host>/srv is /srv on that host\n", l.Dir)
	return nil
}

// opsctl runs the built binary with the lab's config, prints the command
// and its indented output, and checks the exit code.
func (d *demo) opsctlRun(wantCode int, args ...string) (string, error) {
	fmt.Fprintf(d.out, "    $ opsctl %s\n", strings.Join(quoteArgs(args), " "))
	cmd := exec.Command(d.opsctl, args...)
	cmd.Env = append(os.Environ(), "OPSCTL_CONFIG="+d.config)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		return "", err
	}
	for _, ln := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
		fmt.Fprintf(d.out, "      %s\n", ln)
	}
	fmt.Fprintf(d.out, "    (exit %d)\n", code)
	if code != wantCode {
		return buf.String(), fmt.Errorf("opsctl %s: exit %d, want %d", strings.Join(args, " "), code, wantCode)
	}
	return buf.String(), nil
}

func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, " '\"$*|;&<>!") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return out
}

func stepInventory(d *demo) error {
	_, err := d.opsctlRun(0, "inventory")
	return err
}

func stepExecAll(d *demo) error {
	out, err := d.opsctlRun(0, "exec", "--", "echo \"I am $(cat /srv/hostname)\"")
	if err != nil {
		return err
	}
	for _, h := range d.fleet.Hosts {
		if !strings.Contains(out, h.Name+" | I am "+h.Name) {
			return fmt.Errorf("%s did not answer with its own /srv/hostname", h.Name)
		}
	}
	return nil
}

func stepDownHost(d *demo) error {
	h := d.fleet.Hosts[len(d.fleet.Hosts)/2]
	fmt.Fprintf(d.out, "    (stopping %s's sshd)\n", h.Name)
	h.Kill()
	if _, err := d.opsctlRun(3, "exec", "--", "uptime -p || uptime"); err != nil {
		return err
	}
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
	fmt.Fprintln(d.out, "    even --accept-new-host-keys never accepts a changed key.")
	return nil
}

func runUp(out io.Writer, n int) error {
	if os.Geteuid() != 0 {
		return errors.New("the lab needs root (it starts sshd in mount namespaces); run with sudo")
	}
	l, f, cfg, err := startLab(n)
	if err != nil {
		return err
	}
	defer func() {
		l.Close()
		os.RemoveAll(l.Dir)
	}()
	fmt.Fprintf(out, "lab up: %d sshd hosts (%s .. %s) in %s\n", len(f.Hosts), f.Hosts[0].Name, f.Hosts[len(f.Hosts)-1].Name, l.Dir)
	fmt.Fprintf(out, "config: %s\n\n", cfg)
	fmt.Fprintf(out, "In another shell:\n  export OPSCTL_CONFIG=%s\n  go run ./cmd/opsctl exec -- cat /srv/hostname\n\n", cfg)
	fmt.Fprintf(out, "Or plain ssh:\n  ssh -i %s -o UserKnownHostsFile=%s -p %d root@127.0.0.1\n\n", f.ClientKey, f.KnownHosts, f.Hosts[0].Port)
	fmt.Fprintln(out, "Ctrl-C stops every server and removes the lab.")
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	<-ch
	fmt.Fprintln(out, "\nstopping the lab")
	return nil
}

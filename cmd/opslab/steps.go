package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
)

// The deploy steps: every host deploys to /srv/app (its own /srv), and the
// health check runs the release's own health.sh, so a release can be bad.
const deployYAML = `app:
  name: shop
  deploy_to: /srv/app
  keep_releases: 5
health:
  command: "sh /srv/app/current/health.sh"
  retries: 1
  interval: 200ms
  timeout: 5s
`

// writeArtifact builds a release .tar.gz in Go: index.html, VERSION and a
// health.sh that exits healthy (or not).
func writeArtifact(dir, version string, healthy bool) (string, error) {
	health := "#!/bin/sh\ntest -s /srv/app/current/VERSION\n"
	if !healthy {
		health = "#!/bin/sh\necho \"" + version + ": cannot reach the payment API\" >&2\nexit 1\n"
	}
	files := []struct{ name, body string }{
		{"VERSION", version + "\n"},
		{"index.html", "<h1>shop " + version + "</h1>\n"},
		{"health.sh", health},
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range files {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o755, Size: int64(len(f.body)), Typeflag: tar.TypeReg, ModTime: time.Now()}); err != nil {
			return "", err
		}
		if _, err := io.WriteString(tw, f.body); err != nil {
			return "", err
		}
	}
	if err := tw.Close(); err != nil {
		return "", err
	}
	if err := gz.Close(); err != nil {
		return "", err
	}
	p := filepath.Join(dir, version+".tgz")
	return p, os.WriteFile(p, buf.Bytes(), 0o644)
}

// live is the release a host runs, read from its /srv/app/current.
func live(h *lab.SSHHost) string {
	l, err := os.Readlink(filepath.Join(h.Root, "srv/app/current"))
	if err != nil {
		return ""
	}
	return filepath.Base(l)
}

func (d *demo) allOn(version string) error {
	for _, h := range d.fleet.Hosts {
		if got := live(h); got != version {
			return fmt.Errorf("%s is on %q, want %s", h.Name, got, version)
		}
	}
	return nil
}

func (d *demo) say(format string, args ...any) {
	fmt.Fprintf(d.out, "    -> "+format+"\n", args...)
}

// inLab runs the artifact paths relative to the lab so the commands shown
// are short: "opsctl deploy --artifact v1.tgz".
func (d *demo) artifact(version string, healthy bool) (string, error) {
	return writeArtifact(d.lab.Dir, version, healthy)
}

func stepDeploy(d *demo) error {
	if err := d.addSection(deployYAML); err != nil {
		return err
	}
	fmt.Fprintf(d.out, "    inventory: app.deploy_to /srv/app, health.command \"sh /srv/app/current/health.sh\"\n")
	for _, v := range []string{"v1", "v2"} {
		if _, err := d.artifact(v, true); err != nil {
			return err
		}
	}
	fmt.Fprintf(d.out, "    built v1.tgz and v2.tgz (tar.gz made in Go: VERSION, index.html, health.sh)\n")
	if _, err := d.opsctlIn(0, "deploy", "--artifact", "v1.tgz", "--release-id", "v1"); err != nil {
		return err
	}
	if err := d.allOn("v1"); err != nil {
		return err
	}
	d.say("v1 is live on all %d hosts: uploaded, checksummed, switched atomically, health-checked", len(d.fleet.Hosts))
	if _, err := d.opsctlIn(0, "deploy", "--artifact", "v2.tgz", "--release-id", "v2", "--canary", "2", "--batch-size", "4"); err != nil {
		return err
	}
	if err := d.allOn("v2"); err != nil {
		return err
	}
	d.say("v2 went to 2 canary hosts first, then waves of 4; each wave passed its health check before the next")
	if _, err := d.opsctlRun(0, "releases"); err != nil {
		return err
	}
	d.say("every host is on v2, with v1 kept for a rollback")
	return nil
}

// opsctlIn runs opsctl from the lab directory (short artifact paths).
func (d *demo) opsctlIn(wantCode int, args ...string) (string, error) {
	r := d.opsctlCmd(args...)
	return r.out, r.check(wantCode)
}

// opsctlCmd runs and shows opsctl in the lab directory; the caller checks
// the exit code.
func (d *demo) opsctlCmd(args ...string) ran {
	cmd := exec.Command(d.opsctl, args...)
	cmd.Dir = d.lab.Dir
	cmd.Env = append(os.Environ(), "OPSCTL_CONFIG="+d.config, "NO_COLOR=1")
	r := runCmd(append([]string{"opsctl"}, args...), cmd)
	d.show(r)
	return r
}

func stepBadRelease(d *demo) error {
	if _, err := d.artifact("v3", false); err != nil {
		return err
	}
	fmt.Fprintf(d.out, "    built v3.tgz, whose health.sh fails (\"cannot reach the payment API\")\n")
	// Exit 3 (partial) or 1: opsctl's deploy says 1 when no host ended on
	// the new release; either way, this must be a failure.
	r := d.opsctlCmd("deploy", "--artifact", "v3.tgz", "--release-id", "v3", "--canary", "2", "--batch-size", "4")
	if r.err != nil || (r.code != 3 && r.code != 1) {
		return fmt.Errorf("deploy of the bad release: exit %d (%v), want 3 or 1", r.code, r.err)
	}
	if err := d.allOn("v2"); err != nil {
		return err
	}
	for _, h := range d.fleet.Hosts[2:] {
		if _, err := os.Stat(filepath.Join(h.Root, "srv/app/releases/v3")); !os.IsNotExist(err) {
			return fmt.Errorf("%s was touched by the halted deploy", h.Name)
		}
	}
	d.say("the canary failed its health check: the deploy halted, the canary went back to v2, the other %d hosts were never touched (exit %d)", len(d.fleet.Hosts)-2, r.code)
	if _, err := d.opsctlRun(0, "releases"); err != nil {
		return err
	}
	return nil
}

// site waits for the background site and adds it to the inventory.
func (d *demo) site() (*services, error) {
	s := d.bg
	s.site.Wait()
	if s.siteErr != nil {
		for _, r := range s.siteRan {
			d.show(r)
		}
		return nil, fmt.Errorf("starting the site: %w", s.siteErr)
	}
	return s, nil
}

func stepReadonlyOn(d *demo) error {
	s, err := d.site()
	if err != nil {
		return err
	}
	fmt.Fprintf(d.out, "    the site, started while the deploys ran: lb1 :%d and lb2 :%d (HAProxy) -> cache1, cache2 (Varnish) -> shop backend %s\n",
		s.lbs[0].FrontendPort, s.lbs[1].FrontendPort, s.backend.addr)
	fmt.Fprintf(d.out, "    its HAProxy lines, map file, 503 page and read-only VCL came from these (run in the background):\n")
	for _, r := range s.siteRan {
		d.show(r)
	}
	if err := d.addSection(s.siteYAML); err != nil {
		return err
	}
	if err := d.httpShow("POST", 0, "/orders", 200); err != nil {
		return err
	}
	if _, err := d.opsctlRun(0, "readonly", "on", "--yes", "--reason", "db move"); err != nil {
		return err
	}
	for i := range s.lbs {
		if err := d.httpShow("GET", i, "/products", 200); err != nil {
			return err
		}
		if err := d.httpShow("POST", i, "/orders", 503); err != nil {
			return err
		}
	}
	if _, err := d.opsctlRun(10, "readonly", "status"); err != nil {
		return err
	}
	d.say("both HAProxy refuse writes with a 503 page while reads are served (from Varnish); status exits 10 = ON")
	return nil
}

// httpShow sends a request through HAProxy number lb and prints it.
func (d *demo) httpShow(method string, lb int, path string, want int) error {
	h := d.bg.lbs[lb]
	url := fmt.Sprintf("http://127.0.0.1:%d%s", h.FrontendPort, path)
	var body io.Reader
	if method != http.MethodGet {
		body = strings.NewReader("sku=SKU00001&qty=1")
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	first := strings.TrimSpace(string(b))
	if strings.Contains(first, "<") { // the 503 page: show its title
		if i, j := strings.Index(first, "<title>"), strings.Index(first, "</title>"); i >= 0 && j > i {
			first = "page: " + first[i+7:j]
		} else {
			first = fmt.Sprintf("an HTML page, %d bytes", len(b))
		}
	} else if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	extra := ""
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		extra = ", Retry-After: " + ra
	}
	fmt.Fprintf(d.out, "    http %s %s (via %s)\n      %s%s | %s\n", method, url, h.Name, resp.Status, extra, first)
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s via %s: %s, want %d", method, path, h.Name, resp.Status, want)
	}
	return nil
}

func stepMigrate(d *demo) error {
	s := d.bg
	s.dbs.Wait()
	if s.dbErr != nil {
		return fmt.Errorf("starting the databases: %w", s.dbErr)
	}
	fmt.Fprintf(d.out, "    MariaDB :%d holds the shop database (customers %d, products %d, orders %d rows); PostgreSQL :%d has an empty shop database (both started in the background: %.1fs)\n",
		s.maria.Port, s.shopRows["customers"], s.shopRows["products"], s.shopRows["orders"], s.pg.Port, s.dbTook.Seconds())
	dump := d.lab.Path("shop.sql")
	f, err := os.Create(dump)
	if err != nil {
		return err
	}
	bin, err := lab.LookPath("mariadb-dump")
	if err != nil {
		f.Close()
		return err
	}
	args := append(s.maria.Args(), "--single-transaction", "--routines", "shop")
	cmd := exec.Command(bin, args...)
	cmd.Stdout = f
	r := runCmd(append(append([]string{"mariadb-dump"}, args...), ">", "shop.sql"), cmd)
	f.Close()
	d.show(r)
	if err := r.check(0); err != nil {
		return err
	}
	if st, err := os.Stat(dump); err == nil {
		fmt.Fprintf(d.out, "    shop.sql: %d KB\n", st.Size()>>10)
	}
	if _, err := d.opsctlIn(0, "migrate", "load", "shop.sql", "--to", s.pg.URL("shop")); err != nil {
		return err
	}
	out, err := s.pg.Psql("shop", "-At", "-c", "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM products), (SELECT count(*) FROM orders), (SELECT sum(price) FROM products)")
	if err != nil {
		return fmt.Errorf("psql: %v\n%s", err, out)
	}
	fmt.Fprintf(d.out, "    psql shop: customers|products|orders|sum(price) = %s\n", strings.TrimSpace(string(out)))
	want := fmt.Sprintf("%d|%d|%d|", s.shopRows["customers"], s.shopRows["products"], s.shopRows["orders"])
	if !strings.HasPrefix(strings.TrimSpace(string(out)), want) {
		return fmt.Errorf("PostgreSQL has %s, want it to start with %s", strings.TrimSpace(string(out)), want)
	}
	if d.has["migrate verify"] {
		// The password goes in MYSQL_PWD, not on the command line.
		args := []string{"migrate", "verify", "--from", fmt.Sprintf("mysql://root@127.0.0.1:%d/shop", s.maria.Port), "--to", s.pg.URL("shop")}
		cmd := exec.Command(d.opsctl, args...)
		cmd.Dir = d.lab.Dir
		cmd.Env = append(os.Environ(), "OPSCTL_CONFIG="+d.config, "NO_COLOR=1", "MYSQL_PWD="+lab.RootPassword)
		r := runCmd(append([]string{"opsctl"}, args...), cmd)
		r.env = "MYSQL_PWD=..."
		d.show(r)
		if err := r.check(0); err != nil {
			return err
		}
		d.say("verify compared every row and column of every table, inside each database (checksums per key range)")
	} else {
		fmt.Fprintln(d.out, "    (verify skipped: this opsctl has no 'migrate verify' command yet)")
	}
	if d.has["readonly"] {
		d.say("the dump went into PostgreSQL with its keys, foreign keys and indexes, while no write could reach the old database")
	} else {
		d.say("the dump went into PostgreSQL with its keys, foreign keys and indexes")
	}
	return nil
}

func stepReadonlyOff(d *demo) error {
	if _, err := d.site(); err != nil {
		return err
	}
	if _, err := d.opsctlRun(0, "readonly", "off"); err != nil {
		return err
	}
	before := d.bg.backend.orders()
	for i := range d.bg.lbs {
		if err := d.httpShow("POST", i, "/orders", 200); err != nil {
			return err
		}
	}
	if _, err := d.opsctlRun(0, "readonly", "status"); err != nil {
		return err
	}
	if n := d.bg.backend.orders() - before; n != len(d.bg.lbs) {
		return fmt.Errorf("the backend took %d orders, want %d", n, len(d.bg.lbs))
	}
	d.say("writes reach the shop again through both load balancers; status exits 0 = OFF")
	return nil
}

func stepRollback(d *demo) error {
	fmt.Fprintf(d.out, "    (v2 turns out to be bad after all)\n")
	start := time.Now()
	if _, err := d.opsctlRun(0, "rollback", "--yes"); err != nil {
		return err
	}
	took := time.Since(start)
	if err := d.allOn("v1"); err != nil {
		return err
	}
	d.say("all %d hosts back on v1 in %.2fs wall time (the whole opsctl run, SSH connections included)", len(d.fleet.Hosts), took.Seconds())
	if _, err := d.opsctlRun(0, "releases"); err != nil {
		return err
	}
	return nil
}

// maskSecrets hides the lab's database password in commands shown.
func maskSecrets(a string) string {
	a = strings.ReplaceAll(a, ":"+lab.RootPassword+"@", ":***@")
	if a == "-p"+lab.RootPassword {
		a = "-p***"
	}
	return a
}

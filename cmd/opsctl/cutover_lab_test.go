package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"al.essio.dev/pkg/shellescape"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/opsctl/opsctl/cutover"
	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/migrate"
)

// cutoverApp is one app host's application: an HTTP server in the test
// process that reads its database URL from /srv/app/db.url on ITS sshd
// host (Root/srv/app/db.url here) at every request, the way an app reads
// its env file after a reload. GET /products reads the database, POST
// /orders writes it, GET /health says which database it uses.
type cutoverApp struct {
	name    string
	urlFile string
	addr    string

	mu    sync.Mutex
	pools map[string]*sql.DB
}

func (c *cutoverApp) db() (*sql.DB, string, error) {
	b, err := os.ReadFile(c.urlFile)
	if err != nil {
		return nil, "", err
	}
	u := strings.TrimSpace(string(b))
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.pools[u]; ok {
		return p, kindOf(u), nil
	}
	var p *sql.DB
	if strings.HasPrefix(u, "postgres") {
		p, err = sql.Open("pgx", u)
	} else {
		cfg, cerr := migrate.MySQLConfig(u)
		if cerr != nil {
			return nil, "", cerr
		}
		p, err = sql.Open("mysql", cfg.FormatDSN())
	}
	if err != nil {
		return nil, "", err
	}
	c.pools[u] = p
	return p, kindOf(u), nil
}

// appGate, when set, holds a POST with ?gate=1 between choosing its
// database and committing until release is closed (done closes once it
// answered).
var appGate *gateT

type gateT struct{ arrived, release, done chan struct{} }

func kindOf(u string) string {
	if strings.HasPrefix(u, "postgres") {
		return "postgres"
	}
	return "mysql"
}

func (c *cutoverApp) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.pools {
		p.Close()
	}
}

func (c *cutoverApp) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	db, kind, err := c.db()
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	w.Header().Set("Cache-Control", "max-age=0")
	switch {
	case r.Method == http.MethodPost:
		// ?token= is stored as the note (the test finds each write by
		// it); ?hold= keeps the request that long between choosing the
		// database and committing (a slow request straddling the flip).
		note := r.URL.Query().Get("token")
		if note == "" {
			note = "load"
		}
		if hold, _ := time.ParseDuration(r.URL.Query().Get("hold")); hold > 0 {
			select {
			case <-time.After(hold):
			case <-r.Context().Done():
				return
			}
		}
		if g := appGate; r.URL.Query().Get("gate") != "" && g != nil {
			// held until the test releases it: a request the site
			// accepted before the flip that commits at a chosen step
			close(g.arrived)
			<-g.release
			defer close(g.done)
		}
		ph := "?"
		if kind == "postgres" {
			ph = "$1"
		}
		if _, err := db.ExecContext(r.Context(), "INSERT INTO orders (product_id, qty, note) VALUES (1, 2, "+ph+")", note); err != nil {
			http.Error(w, kind+": "+err.Error(), 500)
			return
		}
		fmt.Fprintf(w, "order accepted by %s db=%s\n", c.name, kind)
	case r.URL.Path == "/health":
		var n int
		if err := db.QueryRowContext(r.Context(), "SELECT count(*) FROM products").Scan(&n); err != nil {
			http.Error(w, kind+": "+err.Error(), 500)
			return
		}
		fmt.Fprintf(w, "ok %s db=%s products=%d\n", c.name, kind, n)
	default:
		var n int
		if err := db.QueryRowContext(r.Context(), "SELECT count(*) FROM orders").Scan(&n); err != nil {
			http.Error(w, kind+": "+err.Error(), 500)
			return
		}
		fmt.Fprintf(w, "%d orders (%s)\n", n, c.name)
	}
}

// cutoverLab: 2 app hosts (sshd, each with its own /srv) running the app,
// 2 Varnish round-robin over them, 2 HAProxy over the caches (read-only
// lines from readonly init), MariaDB with a shop database, PostgreSQL.
type cutoverLab struct {
	l       *lab.Lab
	cfg     string
	my      *lab.MariaDB
	pg      *lab.Postgres
	apps    []*cutoverApp
	lbs     []*lab.HAProxy
	myURL   string // with the password: what the app hosts use
	pgURL   string
	urlFile []string
}

// startCutoverLab: method is copy, dump, or precopy (copy with
// cutover.precopy: true).
func startCutoverLab(t testing.TB, orders int, method string) *cutoverLab {
	t.Helper()
	lab.Require(t, "haproxy", "varnishd", "cc", "mariadbd", "mariadb-install-db", "/usr/lib/postgresql/15/bin/postgres", "psql")
	l, fleet := lab.StartSSHDT(t, 2)
	cl := &cutoverLab{l: l}
	var wg sync.WaitGroup
	var pgErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		cl.pg, pgErr = l.StartPostgres()
		if pgErr == nil {
			pgErr = cl.pg.CreateDB("shop")
		}
	}()
	cl.my = lab.StartMariaDBT(t, l)
	wg.Wait()
	if pgErr != nil {
		t.Fatal(pgErr)
	}
	db, err := sql.Open("mysql", cl.my.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var q strings.Builder
	q.WriteString(`CREATE DATABASE shop CHARACTER SET utf8mb4; USE shop;
CREATE TABLE products (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, name varchar(100) NOT NULL, price decimal(10,2) NOT NULL);
CREATE TABLE orders (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, product_id int unsigned NOT NULL, qty smallint NOT NULL, note varchar(50),
  created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP, KEY (created_at), CONSTRAINT fk_p FOREIGN KEY (product_id) REFERENCES products (id));
INSERT INTO products (name, price) VALUES `)
	for i := 1; i <= 50; i++ {
		fmt.Fprintf(&q, "('Product %d – café', %d.%02d)%s", i, i, i%100, sep(i, 50))
	}
	if _, err := db.Exec(q.String()); err != nil {
		t.Fatal(err)
	}
	for lo := 1; lo <= orders; lo += 10000 {
		q.Reset()
		q.WriteString("INSERT INTO shop.orders (product_id, qty, note, created_at) VALUES ")
		hi := min(lo+9999, orders)
		for i := lo; i <= hi; i++ {
			fmt.Fprintf(&q, "(%d, %d, 'seed %d', '2026-01-%02d 10:%02d:00')%s", i%50+1, i%5+1, i, i%28+1, i%60, sep(i, hi))
		}
		if _, err := db.Exec(q.String()); err != nil {
			t.Fatal(err)
		}
	}
	cl.myURL = cl.my.URL("shop")
	cl.pgURL = cl.pg.URL("shop")

	// The app hosts.
	for _, h := range fleet.Hosts {
		dir := filepath.Join(h.Root, "srv", "app")
		if err := os.MkdirAll(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, "db.url")
		if err := os.WriteFile(f, []byte(cl.myURL+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		app := &cutoverApp{name: h.Name, urlFile: f, addr: ln.Addr().String(), pools: map[string]*sql.DB{}}
		srv := &http.Server{Handler: app}
		go srv.Serve(ln)
		l.OnClose(func() { srv.Close(); app.close() })
		cl.apps = append(cl.apps, app)
		cl.urlFile = append(cl.urlFile, f)
	}

	// The site: VCL round-robin over the app hosts.
	var vcl strings.Builder
	vcl.WriteString("vcl 4.1;\nimport directors;\n")
	for i, a := range cl.apps {
		host, port, _ := net.SplitHostPort(a.addr)
		fmt.Fprintf(&vcl, "backend app%d { .host = %q; .port = %q; }\n", i+1, host, port)
	}
	vcl.WriteString("sub vcl_init {\n  new apps = directors.round_robin();\n")
	for i := range cl.apps {
		fmt.Fprintf(&vcl, "  apps.add_backend(app%d);\n", i+1)
	}
	vcl.WriteString("}\nsub vcl_recv {\n  set req.backend_hint = apps.backend();\n}\n")
	siteVCL := vcl.String()
	if err := os.WriteFile(l.Path("site.vcl"), []byte(siteVCL), 0o644); err != nil {
		t.Fatal(err)
	}
	roYAML := fmt.Sprintf("readonly:\n  map_file: %s\n  page_file: %s\n  vcl_file: %s\n  site_vcl_file: %s\n  retry_after: 30\n",
		l.Path("ro.map"), l.Path("ro.html"), l.Path("ro.vcl"), l.Path("site.vcl"))
	cl.cfg = l.Path("opsctl.yaml")
	if err := os.WriteFile(cl.cfg, []byte(roYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	extra := readonlyInitFrontend(t, cl.cfg, l.Dir)
	caches, lbs, err := l.StartSite(2, 2, siteVCL, extra)
	if err != nil {
		t.Fatal(err)
	}
	cl.lbs = lbs

	// The inventory: fleet, read-only nodes, the cutover section. The
	// MySQL password is in $MYSQL_PWD, not in the file.
	t.Setenv("MYSQL_PWD", lab.RootPassword)
	from := strings.Replace(cl.myURL, "root:"+lab.RootPassword+"@", "root@", 1)
	// The repoint command carries a secret from the environment (an app
	// token, as a real one might): it must never be shown or stored.
	t.Setenv("OPSCTL_LAB_REPOINT_TOKEN", labRepointToken)
	repoint := func(u string) string {
		return strconv.Quote(": token=${OPSCTL_LAB_REPOINT_TOKEN}; echo " + shellescape.Quote(u) + " > /srv/app/db.url.new && mv -f /srv/app/db.url.new /srv/app/db.url")
	}
	var y strings.Builder
	y.WriteString(roYAML)
	y.WriteString(lab.NodesInventoryYAML(cl.lbs, caches))
	if method == "precopy" {
		method = "copy\n  precopy: true"
	}
	fmt.Fprintf(&y, "cutover:\n  from: %s\n  to: %s\n  method: %s\n  quiesce: {method: auto, stable: 1s, timeout: 20s}\n", from, cl.pgURL, method)
	fmt.Fprintf(&y, "  reason: moving the shop to PostgreSQL\n  repoint:\n    hosts: %s,%s\n    command: %s\n    undo: %s\n    check: \"grep -q '^postgres://' /srv/app/db.url\"\n    timeout: 10s\n",
		fleet.Hosts[0].Name, fleet.Hosts[1].Name, repoint(cl.pgURL), repoint(cl.myURL))
	y.WriteString("  smoke:\n")
	for _, a := range cl.apps {
		fmt.Fprintf(&y, "    - {url: \"http://%s/health\", contains: \"db=postgres\", timeout: 10s}\n", a.addr)
	}
	if err := os.WriteFile(cl.cfg, []byte(fleet.InventoryYAML(y.String())), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := runCLIb(t, "-c", cl.cfg, "readonly", "prepare"); code != 0 {
		t.Fatalf("readonly prepare: exit %d\n%s%s", code, out, errOut)
	}
	return cl
}

// labRepointToken is the secret the lab's repoint command gets from
// ${OPSCTL_LAB_REPOINT_TOKEN}.
const labRepointToken = "rp-token-5e1f0c9a"

// noSecret fails the test when the repoint token or a password shows in
// any of the texts (output, a state file).
func noSecret(t testing.TB, what string, texts ...string) {
	t.Helper()
	all := strings.Join(texts, "\n")
	for _, s := range []string{labRepointToken, lab.RootPassword} {
		if strings.Contains(all, s) {
			t.Errorf("%s shows a secret (%.6s...)", what, s)
		}
	}
}

func (cl *cutoverLab) stateFile(t testing.TB) string {
	b, err := os.ReadFile(filepath.Join(filepath.Dir(cl.cfg), "opsctl-cutover.json"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sep(i, n int) string {
	if i == n {
		return ";\n"
	}
	return ",\n"
}

// pointsAt reports what every app host's db.url says.
func (cl *cutoverLab) pointsAt(t testing.TB) []string {
	var out []string
	for _, f := range cl.urlFile {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, kindOf(strings.TrimSpace(string(b))))
	}
	return out
}

// cutoverTimeline is the cutover.timeline JSON event.
type cutoverTimeline struct {
	Outcome       string  `json:"outcome"`
	ReadonlySince string  `json:"readonly_since"`
	ReadonlyUntil string  `json:"readonly_until"`
	WindowMS      float64 `json:"window_ms"`
	Steps         []struct {
		Step   string  `json:"step"`
		Status string  `json:"status"`
		TookMS float64 `json:"duration_ms"`
		Detail string  `json:"detail"`
	} `json:"steps"`
}

func parseTimeline(t testing.TB, out string) cutoverTimeline {
	var tl cutoverTimeline
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, `"event":"cutover.timeline"`) {
			if err := json.Unmarshal([]byte(line), &tl); err != nil {
				t.Fatal(err)
			}
		}
	}
	return tl
}

func (tl cutoverTimeline) took(step string) float64 {
	for _, s := range tl.Steps {
		if s.Step == step {
			return s.TookMS
		}
	}
	return 0
}

type loadResult struct {
	method     string
	start, end time.Time
	status     int
	err        error
	body       string
}

// load sends GETs and POSTs through both HAProxy until stop is closed
// (bounded: at most max requests per worker, paced).
func (cl *cutoverLab) load(stop <-chan struct{}, workers, max int) (func() []loadResult, *loadPace) {
	pace := newLoadPace(workers)
	var mu sync.Mutex
	var res []loadResult
	var wg sync.WaitGroup
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			method := http.MethodGet
			if w%2 == 1 {
				method = http.MethodPost
			}
			for i := 0; i < max; i++ {
				select {
				case <-stop:
					return
				default:
				}
				lb := cl.lbs[(w+i)%len(cl.lbs)]
				url := fmt.Sprintf("http://127.0.0.1:%d/orders?w=%d", lb.FrontendPort, w)
				var body io.Reader
				if method == http.MethodPost {
					body = strings.NewReader("product=1&qty=2")
				}
				req, _ := http.NewRequest(method, url, body)
				req.Host = "shop.example"
				r := loadResult{method: method, start: time.Now()}
				pace.began(w)
				resp, err := c.Do(req)
				r.end = time.Now()
				if err != nil {
					r.err = err
				} else {
					b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
					resp.Body.Close()
					r.status, r.body = resp.StatusCode, string(b)
				}
				mu.Lock()
				res = append(res, r)
				mu.Unlock()
				pace.answered(w)
				time.Sleep(25 * time.Millisecond) // the load's rate
			}
		}(w)
	}
	return func() []loadResult {
		wg.Wait()
		return res
	}, pace
}

func (cl *cutoverLab) count(t testing.TB, kind string) int {
	if kind == "postgres" {
		out, err := cl.pg.Psql("shop", "-Atc", "SELECT count(*) FROM orders")
		if err != nil {
			t.Fatalf("psql: %v %s", err, out)
		}
		n, _ := strconv.Atoi(strings.TrimSpace(string(out)))
		return n
	}
	db, err := sql.Open("mysql", cl.my.DSN("shop"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM orders").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (cl *cutoverLab) post(t testing.TB) int {
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("http://127.0.0.1:%d/orders", cl.lbs[0].FrontendPort), strings.NewReader("x=1"))
	req.Host = "shop.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestCutoverLab: a rehearsal; a cutover whose verify fails (a PostgreSQL
// row damaged after the copy) stops with the site read-only and MySQL
// live, and --abort restores normal mode; then the real cutover under a
// load of reads and writes through HAProxy.
func TestCutoverLab(t *testing.T) {
	cl := startCutoverLab(t, 2000, "copy")
	c := cl.cfg

	// Dry run: the plan, nothing contacted.
	out, errOut, code := runCLIb(t, "-c", c, "migrate", "cutover", "--dry-run")
	if code != 0 || !strings.Contains(out, "readonly-on") || !strings.Contains(out, "repoint") || !strings.Contains(out, "token=${OPSCTL_LAB_REPOINT_TOKEN}") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errOut)
	}
	noSecret(t, "the dry run", out, errOut)

	// Rehearsal: databases for real, the site untouched.
	out, errOut, code = runCLIb(t, "-c", c, "migrate", "cutover", "--rehearse")
	t.Logf("rehearsal:\n%s%s", errOut, out)
	if code != 0 || !strings.Contains(out, "rehearsal done") {
		t.Fatalf("rehearsal: exit %d\n%s%s", code, out, errOut)
	}
	if p := cl.pointsAt(t); p[0] != "mysql" || p[1] != "mysql" {
		t.Fatalf("rehearsal repointed: %v", p)
	}
	if st := cl.post(t); st != 200 {
		t.Fatalf("POST after the rehearsal: %d", st)
	}

	// A failure injected in verify.
	cutoverBeforeStep = func(ctx context.Context, step string) error {
		if step == cutover.StepVerify {
			if out, err := cl.pg.Psql("shop", "-c", "UPDATE products SET name = 'tampered' WHERE id = 7"); err != nil {
				return fmt.Errorf("psql: %v %s", err, out)
			}
		}
		return nil
	}
	t.Cleanup(func() { cutoverBeforeStep = nil })
	out, errOut, code = runCLIb(t, "-c", c, "migrate", "cutover")
	cutoverBeforeStep = nil
	t.Logf("verify failure:\n%s%s", errOut, out)
	if code != ExitPartial {
		t.Fatalf("verify failure: exit %d, want 3", code)
	}
	for _, want := range []string{"--resume", "--abort", "READ-ONLY", "MySQL stays the live database", "products", "tampered"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stop message lacks %q", want)
		}
	}
	if _, _, code := runCLIb(t, "-c", c, "readonly", "status"); code != ExitReadonlyOn {
		t.Fatalf("after the failure: readonly status exit %d, want 10 (ON)", code)
	}
	if p := cl.pointsAt(t); p[0] != "mysql" || p[1] != "mysql" {
		t.Fatalf("repointed after a failed verify: %v", p)
	}
	if st := cl.post(t); st != 503 {
		t.Fatalf("POST while stopped: %d, want 503", st)
	}
	// A plain run refuses while a stopped one is recorded.
	if _, errOut, code := runCLIb(t, "-c", c, "migrate", "cutover"); code != ExitUsage || !strings.Contains(errOut, "--resume") {
		t.Fatalf("second run: exit %d %s", code, errOut)
	}
	out, errOut, code = runCLIb(t, "-c", c, "migrate", "cutover", "--abort")
	t.Logf("abort:\n%s%s", errOut, out)
	if code != 0 || !strings.Contains(out, "aborted") {
		t.Fatalf("abort: exit %d\n%s%s", code, out, errOut)
	}
	if _, _, code := runCLIb(t, "-c", c, "readonly", "status"); code != 0 {
		t.Fatalf("after abort: readonly status exit %d, want 0 (OFF)", code)
	}
	before := cl.count(t, "mysql")
	if st := cl.post(t); st != 200 || cl.count(t, "mysql") != before+1 {
		t.Fatalf("after abort: POST %d; MySQL orders %d -> %d", st, before, cl.count(t, "mysql"))
	}

	// The real cutover under load.
	stop := make(chan struct{})
	results, pace := cl.load(stop, 4, 2000)
	// The load runs before the cutover, and after it until every
	// request in flight at its end has been answered and new ones began.
	waitFor(t, 20*time.Second, func() bool { return pace.served(10) })
	out, errOut, code = runCLIb(t, "-c", c, "-o", "json", "migrate", "cutover")
	end := time.Now()
	waitFor(t, 20*time.Second, func() bool { return pace.beganAfter(end) && pace.served(20) })
	close(stop)
	res := results()
	if code != 0 {
		t.Fatalf("cutover: exit %d\n%s%s", code, out, errOut)
	}
	tl := parseTimeline(t, out)
	noSecret(t, "the cutover's -o json output", out, errOut)
	noSecret(t, "the state file", cl.stateFile(t))
	if tl.Outcome != "done" {
		t.Fatalf("no timeline with outcome done:\n%s", out)
	}
	since, _ := time.Parse(time.RFC3339Nano, tl.ReadonlySince)
	until, _ := time.Parse(time.RFC3339Nano, tl.ReadonlyUntil)
	var lines []string
	for _, s := range tl.Steps {
		lines = append(lines, fmt.Sprintf("%-12s %8.1f ms  %s  %s", s.Step, s.TookMS, s.Status, s.Detail))
		if s.Status != "done" {
			t.Errorf("step %s: %s", s.Step, s.Status)
		}
		if s.Step == "verify" && !strings.Contains(s.Detail, "every row and column equal") {
			t.Errorf("verify: %s", s.Detail)
		}
	}
	t.Logf("timeline (read-only window %.0f ms):\n%s", tl.WindowMS, strings.Join(lines, "\n"))

	var gets, posts, posts503, postsOK, postsPG int
	for _, r := range res {
		if r.method == http.MethodGet {
			gets++
			if r.err != nil || r.status != 200 {
				t.Errorf("GET failed at %s: %v %d %q", r.start.Format("15:04:05.000"), r.err, r.status, r.body)
			}
			continue
		}
		posts++
		switch {
		case r.err != nil:
			t.Errorf("POST error at %s: %v", r.start.Format("15:04:05.000"), r.err)
		case r.status == 503:
			posts503++
			// Refused only inside the window.
			if r.end.Before(since) || r.start.After(until) {
				t.Errorf("POST 503 outside the read-only window: %s..%s, window %s..%s", r.start.Format("15:04:05.000"), r.end.Format("15:04:05.000"),
					since.Format("15:04:05.000"), until.Format("15:04:05.000"))
			}
		case r.status == 200:
			postsOK++
			if strings.Contains(r.body, "db=postgres") {
				postsPG++
				if r.start.Before(since) {
					t.Errorf("a write reached PostgreSQL before the window: %s", r.start)
				}
			}
		default:
			t.Errorf("POST at %s: %d %q", r.start.Format("15:04:05.000"), r.status, r.body)
		}
	}
	t.Logf("load: %d GETs (all 200), %d POSTs: %d accepted (%d by PostgreSQL after the window), %d refused with 503 inside the window", gets, posts, postsOK, postsPG, posts503)
	if posts503 == 0 || postsPG == 0 || postsOK == postsPG {
		t.Errorf("the load did not span the cutover: %d refused, %d on PostgreSQL, %d accepted", posts503, postsPG, postsOK)
	}
	if p := cl.pointsAt(t); p[0] != "postgres" || p[1] != "postgres" {
		t.Fatalf("app hosts point at %v, want postgres", p)
	}
	if _, _, code := runCLIb(t, "-c", c, "readonly", "status"); code != 0 {
		t.Fatalf("after the cutover: readonly status exit %d, want 0", code)
	}
	// A finished cutover leaves nothing to resume.
	if _, errOut, code := runCLIb(t, "-c", c, "migrate", "cutover", "--resume"); code != ExitUsage || !strings.Contains(errOut, "no stopped cutover") {
		t.Fatalf("resume after done: exit %d %s", code, errOut)
	}

	// The resume path (a second migration day, no load): the smoke check
	// fails once after the repoint; --resume re-checks the finished steps
	// against the real site and databases, then finishes.
	cutoverBeforeStep = func(ctx context.Context, step string) error {
		if step == cutover.StepSmoke {
			return fmt.Errorf("injected: the app answers 500")
		}
		return nil
	}
	out, errOut, code = runCLIb(t, "-c", c, "migrate", "cutover")
	cutoverBeforeStep = nil
	if code != ExitPartial || !strings.Contains(errOut, "the repoint undone, MySQL's read_only as it was, read-only mode off") || !strings.Contains(errOut, "continues from smoke") {
		t.Fatalf("smoke failure: exit %d\n%s%s", code, out, errOut)
	}
	// Item 9: after the repoint the message says where the app is.
	if !strings.Contains(errOut, "every app host points at PostgreSQL") || strings.Contains(errOut, "MySQL is still the live database") {
		t.Errorf("smoke failure message:\n%s", errOut)
	}
	noSecret(t, "the stop message and step lines", out, errOut, cl.stateFile(t))
	if _, _, code := runCLIb(t, "-c", c, "readonly", "status"); code != ExitReadonlyOn {
		t.Fatalf("after the smoke failure: readonly status exit %d, want 10", code)
	}
	// Meanwhile someone points host 2 back at MySQL by hand: the resume's
	// re-check of the repoint sees it and runs the repoint again.
	if err := os.WriteFile(cl.urlFile[1], []byte(cl.myURL+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runCLIb(t, "-c", c, "migrate", "cutover", "--resume")
	t.Logf("resume:\n%s%s", errOut, out)
	if code != 0 || !strings.Contains(errOut, "readonly-on  re-checked: still in place (read-only ON)") ||
		!strings.Contains(errOut, "copy         re-checked: still in place") || !strings.Contains(errOut, "repoint      re-checked: GONE: running it again (1 of 2 host(s) failed") ||
		!strings.Contains(out, "cutover done") {
		t.Fatalf("resume: exit %d\n%s%s", code, out, errOut)
	}
	if _, _, code := runCLIb(t, "-c", c, "readonly", "status"); code != 0 {
		t.Fatalf("after the resume: readonly status exit %d, want 0", code)
	}
	if p := cl.pointsAt(t); p[0] != "postgres" || p[1] != "postgres" {
		t.Fatalf("after the resume: app hosts point at %v", p)
	}

	// Ctrl-C as the copy starts: the copy starts no table, the run stops
	// at that boundary with the site read-only (exit 130) and the same
	// choice; --resume finishes it.
	sig := make(chan os.Signal, 4) // the test sees each SIGINT too; a late one must not kill it
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	handledCh := interrupts(t)
	cutoverBeforeStep = func(ctx context.Context, step string) error {
		if step == cutover.StepCopy {
			syscall.Kill(os.Getpid(), syscall.SIGINT)
			// delivered asynchronously: on once opsctl's handler says so
			handled(t, handledCh, 1)
		}
		return nil
	}
	out, errOut, code = runCLIb(t, "-c", c, "migrate", "cutover")
	cutoverBeforeStep = nil
	if code != ExitInterrupted || !strings.Contains(errOut, "cutover interrupted at step copy") || !strings.Contains(errOut, "--resume") {
		t.Fatalf("interrupt: exit %d\n%s%s", code, out, errOut)
	}
	if _, _, code := runCLIb(t, "-c", c, "readonly", "status"); code != ExitReadonlyOn {
		t.Fatalf("after the interrupt: readonly status exit %d, want 10", code)
	}
	if out, errOut, code = runCLIb(t, "-c", c, "migrate", "cutover", "--resume"); code != 0 {
		t.Fatalf("resume after the interrupt: exit %d\n%s%s", code, out, errOut)
	}

	// Ctrl-C right after the repoint (delivered as smoke starts; smoke
	// finishes, the run stops at readonly-off's boundary): the message
	// says the app hosts point at PostgreSQL, not that MySQL is live.
	cutoverBeforeStep = func(ctx context.Context, step string) error {
		if step == cutover.StepSmoke {
			syscall.Kill(os.Getpid(), syscall.SIGINT)
			handled(t, handledCh, 1)
		}
		return nil
	}
	out, errOut, code = runCLIb(t, "-c", c, "migrate", "cutover")
	cutoverBeforeStep = nil
	if code != ExitInterrupted || !strings.Contains(errOut, "cutover interrupted at step readonly-off") ||
		!strings.Contains(errOut, "every app host points at PostgreSQL") || strings.Contains(errOut, "MySQL is still the live database") {
		t.Fatalf("interrupt after the repoint: exit %d\n%s%s", code, out, errOut)
	}
	if p := cl.pointsAt(t); p[0] != "postgres" || p[1] != "postgres" {
		t.Fatalf("after the interrupt: app hosts point at %v", p)
	}
	noSecret(t, "the interrupted run", out, errOut, cl.stateFile(t))
	if out, errOut, code = runCLIb(t, "-c", c, "migrate", "cutover", "--resume"); code != 0 {
		t.Fatalf("resume after the interrupt after the repoint: exit %d\n%s%s", code, out, errOut)
	}

	// Ctrl-C twice while the copy runs (a 400,000-row table, so it is
	// still running): the first lets in-flight tables finish, the second
	// aborts them. The site stays read-only (exit 130), nothing half-copied
	// counts as done, and --resume copies it and finishes.
	db, err := sql.Open("mysql", cl.my.DSN("shop"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec("CREATE TABLE events (id int PRIMARY KEY, body varchar(200) NOT NULL) SELECT seq AS id, repeat(md5(seq), 5) AS body FROM seq_1_to_400000")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	cutoverBeforeStep = func(ctx context.Context, step string) error {
		if step == cutover.StepCopy {
			go func() {
				// the interrupts come while events is being copied: its
				// COPY is running on PostgreSQL
				pg, err := sql.Open("pgx", cl.pgURL)
				if err == nil {
					defer pg.Close()
					for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
						var n int
						pg.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'COPY %events%'").Scan(&n)
						if n > 0 {
							break
						}
					}
				}
				syscall.Kill(os.Getpid(), syscall.SIGINT)
				handled(t, handledCh, 1) // the soft stop is on: now the hard one
				syscall.Kill(os.Getpid(), syscall.SIGINT)
			}()
		}
		return nil
	}
	out, errOut, code = runCLIb(t, "-c", c, "migrate", "cutover")
	cutoverBeforeStep = nil
	t.Logf("second interrupt:\n%s%s", errOut, out)
	if code != ExitInterrupted || !strings.Contains(errOut, "second interrupt: aborting") ||
		!strings.Contains(errOut, "at step copy") || !strings.Contains(errOut, "--resume") || !strings.Contains(errOut, "--abort") {
		t.Fatalf("second interrupt: exit %d\n%s%s", code, out, errOut)
	}
	if _, _, code := runCLIb(t, "-c", c, "readonly", "status"); code != ExitReadonlyOn {
		t.Fatalf("after the second interrupt: readonly status exit %d, want 10", code)
	}
	out, errOut, code = runCLIb(t, "-c", c, "migrate", "cutover", "--resume")
	if code != 0 || !strings.Contains(errOut, "table public.events: 400000 rows") {
		t.Fatalf("resume after the second interrupt: exit %d\n%s%s", code, out, errOut)
	}
	if n, err := cl.pg.Psql("shop", "-Atc", "SELECT count(*) FROM events"); err != nil || strings.TrimSpace(string(n)) != "400000" {
		t.Fatalf("events in PostgreSQL after the resume: %q %v", n, err)
	}
}

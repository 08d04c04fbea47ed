package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"al.essio.dev/pkg/shellescape"
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/opsctl/opsctl/internal/lab"
	"github.com/opsctl/opsctl/migrate"
)

// shopDB is the shop backend's database: the URL is read from a file on
// an app host's /srv (the lab maps each host's /srv to a directory here)
// at every request, as an app rereads its env file after a reload. Until
// the file exists the backend keeps its orders in memory.
type shopDB struct {
	mu      sync.Mutex
	urlFile string
	pools   map[string]*sql.DB
}

func (s *shopDB) setFile(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.urlFile = path
}

// use returns the pool and "mysql" or "postgres"; nil when not configured.
func (s *shopDB) use() (*sql.DB, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.urlFile == "" {
		return nil, "", nil
	}
	b, err := os.ReadFile(s.urlFile)
	if err != nil {
		return nil, "", err
	}
	u := strings.TrimSpace(string(b))
	kind := "mysql"
	if strings.HasPrefix(u, "postgres") {
		kind = "postgres"
	}
	if p, ok := s.pools[u]; ok {
		return p, kind, nil
	}
	var p *sql.DB
	if kind == "postgres" {
		p, err = sql.Open("pgx", u)
	} else {
		cfg, cerr := migrate.MySQLConfig(u)
		if cerr != nil {
			return nil, "", cerr
		}
		if cfg.Passwd == "" {
			cfg.Passwd = lab.RootPassword
		}
		p, err = sql.Open("mysql", cfg.FormatDSN())
	}
	if err != nil {
		return nil, "", err
	}
	if s.pools == nil {
		s.pools = map[string]*sql.DB{}
	}
	s.pools[u] = p
	return p, kind, nil
}

func (s *shopDB) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.pools {
		p.Close()
	}
}

// order stores an order in the shop's database (when it has one) and
// returns " (db=KIND)" for the answer.
func (s *shopDB) order(ctx context.Context) (string, error) {
	db, kind, err := s.use()
	if db == nil || err != nil {
		return "", err
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO orders (customer_id, product_id, qty, ordered_at) VALUES (1, 1, 1, '2026-11-23 12:00:00')"); err != nil {
		return "", fmt.Errorf("%s: %w", kind, err)
	}
	return " (db=" + kind + ")", nil
}

// health answers "ok db=KIND products=N" from the database.
func (s *shopDB) health(ctx context.Context) (string, error) {
	db, kind, err := s.use()
	if err != nil {
		return "", err
	}
	if db == nil {
		return "ok (no database configured)", nil
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM products").Scan(&n); err != nil {
		return "", fmt.Errorf("%s: %w", kind, err)
	}
	return fmt.Sprintf("ok db=%s products=%d", kind, n), nil
}

// stepCutover: migration day in one command. The shop's web hosts read the
// database URL from /srv/shop/db.url; the backend behind the caches uses
// web01's. opsctl migrate cutover rehearses, then runs: read-only on,
// quiesce, copy, verify, the repoint (rewrites db.url on every web host
// over SSH), a smoke check on the backend, read-only off.
func stepCutover(d *demo) error {
	if !d.has["migrate cutover"] {
		return stepMigrate(d)
	}
	s, err := d.site()
	if err != nil {
		return err
	}
	s.dbs.Wait()
	if s.dbErr != nil {
		return fmt.Errorf("starting the databases: %w", s.dbErr)
	}
	fmt.Fprintf(d.out, "    MariaDB :%d holds the shop database (customers %d, products %d, orders %d rows); PostgreSQL :%d has an empty shop database (both started in the background: %.1fs)\n",
		s.maria.Port, s.shopRows["customers"], s.shopRows["products"], s.shopRows["orders"], s.pg.Port, s.dbTook.Seconds())
	// No password in the URLs: opsctl reads $MYSQL_PWD, the shop backend
	// has its own (the lab's).
	myURL := fmt.Sprintf("mysql://root@127.0.0.1:%d/shop", s.maria.Port)
	for _, h := range d.fleet.Hosts {
		dir := filepath.Join(h.Root, "srv", "shop")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "db.url"), []byte(myURL+"\n"), 0o600); err != nil {
			return err
		}
	}
	s.backend.db.setFile(filepath.Join(d.fleet.Hosts[0].Root, "srv", "shop", "db.url"))
	fmt.Fprintf(d.out, "    the shop's web hosts read their database from /srv/shop/db.url (now MariaDB); the shop backend uses %s's\n", d.fleet.Hosts[0].Name)
	if err := d.httpShow("POST", 0, "/orders", 200); err != nil {
		return err
	}
	repoint := func(u string) string {
		return strconv.Quote("echo " + shellescape.Quote(u) + " > /srv/shop/db.url.new && mv -f /srv/shop/db.url.new /srv/shop/db.url")
	}
	sec := fmt.Sprintf(`cutover:
  from: %s
  to: %s
  quiesce: {method: auto, stable: 2s, timeout: 1m}
  reason: moving the shop to PostgreSQL
  repoint:
    hosts: "web*"
    command: %s
    undo: %s
    check: "grep -q '^postgres://' /srv/shop/db.url"
    timeout: 10s
  smoke:
    - {url: "http://%s/health", contains: "db=postgres", timeout: 10s}
`, myURL, s.pg.URL("shop"), repoint(s.pg.URL("shop")), repoint(myURL), s.backend.addr)
	if err := d.addSection(sec); err != nil {
		return err
	}
	fmt.Fprintf(d.out, "    the inventory's cutover: section:\n")
	for _, ln := range strings.Split(strings.TrimRight(sec, "\n"), "\n") {
		fmt.Fprintf(d.out, "      %s\n", ln)
	}
	if _, err := d.opsctlRun(0, "migrate", "cutover", "--dry-run"); err != nil {
		return err
	}
	run := func(want int, args ...string) (ran, error) {
		cmd := exec.Command(d.opsctl, args...)
		cmd.Dir = d.lab.Dir
		cmd.Env = append(os.Environ(), "OPSCTL_CONFIG="+d.config, "NO_COLOR=1", "MYSQL_PWD="+lab.RootPassword)
		r := runCmd(append([]string{"opsctl"}, args...), cmd)
		r.env = "MYSQL_PWD=..."
		d.show(r)
		return r, r.check(want)
	}
	if _, err := run(0, "migrate", "cutover", "--rehearse"); err != nil {
		return err
	}
	d.say("the rehearsal copied and verified for real, left the site alone, and estimated the read-only window")
	if _, err := run(0, "migrate", "cutover", "--yes"); err != nil {
		return err
	}
	for i := range s.lbs {
		if err := d.httpShow("POST", i, "/orders", 200); err != nil {
			return err
		}
	}
	b, err := os.ReadFile(filepath.Join(d.fleet.Hosts[len(d.fleet.Hosts)-1].Root, "srv", "shop", "db.url"))
	if err != nil {
		return err
	}
	if !strings.HasPrefix(string(b), "postgres://") {
		return fmt.Errorf("%s's /srv/shop/db.url: %q, want the PostgreSQL URL", d.fleet.Hosts[len(d.fleet.Hosts)-1].Name, b)
	}
	out, err := s.pg.Psql("shop", "-At", "-c", "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM products), (SELECT count(*) FROM orders)")
	if err != nil {
		return fmt.Errorf("psql: %v\n%s", err, out)
	}
	f := strings.Split(strings.TrimSpace(string(out)), "|")
	if n, _ := strconv.Atoi(f[len(f)-1]); n < s.shopRows["orders"]+1+len(s.lbs) {
		return fmt.Errorf("PostgreSQL has %d orders, want at least the %d seeded, the one taken before and the %d taken after", n, s.shopRows["orders"], len(s.lbs))
	}
	fmt.Fprintf(d.out, "    psql shop: customers|products|orders = %s (the copy, then every order taken since: the read-only probes' and the %d above)\n", strings.TrimSpace(string(out)), len(s.lbs))
	if err := showWholeDatabase(d, s); err != nil {
		return err
	}
	d.say("one command: read-only, copy, verify, every web host repointed, smoke-checked, writable again, with the window timed; new orders land in PostgreSQL")
	return nil
}

// showWholeDatabase shows what came with the rows: the trigger that keeps
// products.sold fires in PostgreSQL for the orders taken since the
// cutover, the view answers, the function computes, the stores' points
// are PostGIS points with their SRID.
func showWholeDatabase(d *demo, s *services) error {
	q := func(sql string) (string, error) {
		out, err := s.pg.Psql("shop", "-At", "-F", " | ", "-c", sql)
		if err != nil {
			return "", fmt.Errorf("psql %s: %v\n%s", sql, err, out)
		}
		return strings.TrimSpace(string(out)), nil
	}
	for _, c := range []struct{ sql, want, what string }{
		{"SELECT sold = (SELECT sum(qty) FROM orders WHERE product_id = 1) FROM products WHERE id = 1", "t",
			"the trigger orders_sold (now PL/pgSQL) counted every order taken since the cutover into products.sold"},
		{"SELECT city, orders, revenue FROM city_sales ORDER BY orders DESC, city LIMIT 2", "",
			"the view city_sales (IFNULL, joins, GROUP BY) answers in PostgreSQL"},
		{"SELECT order_total(3, 9.99)", "29.97", "the stored function order_total is a PostgreSQL function"},
		{"SELECT city, ST_AsText(location), ST_SRID(location), GeometryType(location) FROM stores ORDER BY id", "Lyon | POINT(4.8357 45.764) | 4326 | POINT",
			"the stores' points are PostGIS geometries with their SRID"},
		{"SELECT indexdef FROM pg_indexes WHERE tablename = 'stores' AND indexdef LIKE '%USING gist%'", "CREATE INDEX",
			"and MySQL's SPATIAL index is a GiST index"},
	} {
		got, err := q(c.sql)
		if err != nil {
			return err
		}
		fmt.Fprintf(d.out, "    psql shop -c %q\n", c.sql)
		for _, ln := range strings.Split(got, "\n") {
			fmt.Fprintf(d.out, "      %s\n", ln)
		}
		if c.want != "" && !strings.HasPrefix(got, c.want) {
			return fmt.Errorf("%s: PostgreSQL answered %q, want %q first", c.sql, got, c.want)
		}
		d.say(c.what)
	}
	return nil
}

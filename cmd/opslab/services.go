package main

import (
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"github.com/opsctl/opsctl/internal/lab"
)

// writeConfig writes the inventory: the fleet's ssh section and hosts, a
// canary group, then sections (deploy, read-only site, ...). It writes a
// temp file and renames it, so a running opsctl never reads half a file.
func writeConfig(path string, f *lab.SSHFleet, sections []string) error {
	extra := fmt.Sprintf("groups:\n  canary: [%s]\n", f.Hosts[0].Name) + strings.Join(sections, "")
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(f.InventoryYAML(extra)), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// addSection appends an inventory section and rewrites the config.
func (d *demo) addSection(yaml string) error {
	d.sections = append(d.sections, yaml)
	return writeConfig(d.config, d.fleet, d.sections)
}

// services are the servers the later steps need, started in the background
// while the deploy steps run: the site (a backend, 2 Varnish, 2 HAProxy)
// and the databases (MariaDB with the shop database, PostgreSQL).
type services struct {
	what string // one line: what is starting

	site, dbs sync.WaitGroup

	// site; siteErr is set when it failed
	siteErr  error
	siteRan  []ran // opsctl readonly init/prepare, shown later
	siteYAML string
	backend  *shopBackend
	lbs      []*lab.HAProxy
	caches   []*lab.Varnish

	// databases
	dbErr    error
	maria    *lab.MariaDB
	pg       *lab.Postgres
	dbTook   time.Duration
	shopRows map[string]int
}

func (s *services) wait() {
	s.site.Wait()
	s.dbs.Wait()
}

func startServices(l *lab.Lab, opsctl string, has map[string]bool) *services {
	s := &services{}
	var what []string
	if has["readonly"] {
		what = append(what, "the site (2 HAProxy -> 2 Varnish -> a shop backend)")
		s.site.Add(1)
		go func() {
			defer s.site.Done()
			s.siteErr = s.startSite(l, opsctl)
		}()
	}
	if has["migrate"] {
		what = append(what, "MariaDB with a shop database, and PostgreSQL")
		s.dbs.Add(1)
		go func() {
			defer s.dbs.Done()
			start := time.Now()
			s.dbErr = s.startDatabases(l)
			s.dbTook = time.Since(start)
		}()
	}
	if len(what) == 0 {
		what = []string{"nothing (this opsctl has neither readonly nor migrate)"}
	}
	s.what = strings.Join(what, "; ")
	return s
}

// shopBackend is the site behind the caches: GET answers the catalogue,
// POST /orders takes an order. It counts the orders it took.
type shopBackend struct {
	addr string
	mu   sync.Mutex
	n    int
	db   shopDB // the shop's database, once the migration step sets it
}

func (b *shopBackend) orders() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

func startShopBackend(l *lab.Lab) (*shopBackend, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &shopBackend{addr: ln.Addr().String()}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/health" {
			msg, err := b.db.health(r.Context())
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Cache-Control", "no-store")
			fmt.Fprintln(w, msg)
			return
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			fmt.Fprintf(w, "shop catalogue: 50 products\n")
			return
		}
		note, err := b.db.order(r.Context())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		b.mu.Lock()
		b.n++
		n := b.n
		b.mu.Unlock()
		fmt.Fprintf(w, "order #%d accepted%s\n", n, note)
	})}
	go srv.Serve(ln)
	l.OnClose(func() { srv.Close(); b.db.close() })
	return b, nil
}

// startSite starts the backend, writes the read-only pieces with
// "opsctl readonly init", starts 2 Varnish and 2 HAProxy with them, and
// compiles the read-only VCL ahead of time ("opsctl readonly prepare").
func (s *services) startSite(l *lab.Lab, opsctl string) error {
	b, err := startShopBackend(l)
	if err != nil {
		return err
	}
	s.backend = b
	host, ps, _ := net.SplitHostPort(b.addr)
	port, _ := strconv.Atoi(ps)
	dir := l.Path("site")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	siteVCL := lab.DefaultVCL(host, port)
	if err := os.WriteFile(filepath.Join(dir, "site.vcl"), []byte(siteVCL), 0o644); err != nil {
		return err
	}
	ro := fmt.Sprintf("readonly:\n  map_file: %s\n  page_file: %s\n  vcl_file: %s\n  site_vcl_file: %s\n  retry_after: 120\n",
		filepath.Join(dir, "ro.map"), filepath.Join(dir, "ro.html"), filepath.Join(dir, "ro.vcl"), filepath.Join(dir, "site.vcl"))
	cfg := l.Path("site.yaml")
	if err := os.WriteFile(cfg, []byte(ro), 0o644); err != nil {
		return err
	}
	r := runOpsctl(opsctl, cfg, "readonly", "init", "--dir", dir)
	s.siteRan = append(s.siteRan, r)
	if err := r.check(0); err != nil {
		return err
	}
	extra, err := lab.FrontendLines(filepath.Join(dir, "haproxy-frontend.cfg"))
	if err != nil {
		return err
	}
	if s.caches, s.lbs, err = l.StartSite(2, 2, siteVCL, extra); err != nil {
		return err
	}
	var y strings.Builder
	y.WriteString(ro)
	y.WriteString("  probes:\n")
	for _, h := range s.lbs {
		fmt.Fprintf(&y, "    - http://127.0.0.1:%d/probe\n", h.FrontendPort)
	}
	y.WriteString(lab.NodesInventoryYAML(s.lbs, s.caches))
	s.siteYAML = y.String()
	if err := os.WriteFile(cfg, []byte(s.siteYAML), 0o644); err != nil {
		return err
	}
	r = runOpsctl(opsctl, cfg, "readonly", "prepare")
	s.siteRan = append(s.siteRan, r)
	return r.check(0)
}

// startDatabases starts MariaDB with a small shop database and an empty
// PostgreSQL database to migrate it to.
func (s *services) startDatabases(l *lab.Lab) error {
	var wg sync.WaitGroup
	var pgErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		p, err := l.StartPostgres()
		if err == nil {
			err = p.CreateDB("shop")
		}
		s.pg, pgErr = p, err
	}()
	m, err := l.StartMariaDB()
	if err == nil {
		s.maria = m
		s.shopRows, err = loadShop(m)
	}
	wg.Wait()
	if err != nil {
		return err
	}
	return pgErr
}

// loadShop creates the shop database: customers, products, orders with
// foreign keys, decimals, dates, NULLs and non-ASCII text, and a trigger,
// a view, a function and a table of points with a SPATIAL index.
func loadShop(m *lab.MariaDB) (map[string]int, error) {
	db, err := sql.Open("mysql", m.DSN(""))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var q strings.Builder
	q.WriteString(`CREATE DATABASE shop CHARACTER SET utf8mb4;
USE shop;
CREATE TABLE customers (
  id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(190) NOT NULL UNIQUE,
  name varchar(100) NOT NULL,
  city varchar(60) DEFAULT NULL,
  created_at datetime NOT NULL
) ENGINE=InnoDB;
CREATE TABLE products (
  id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  sku char(8) NOT NULL UNIQUE,
  title varchar(200) NOT NULL,
  price decimal(10,2) NOT NULL,
  active tinyint(1) NOT NULL DEFAULT 1
) ENGINE=InnoDB;
CREATE TABLE orders (
  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id int unsigned NOT NULL,
  product_id int unsigned NOT NULL,
  qty smallint NOT NULL,
  status enum('new','paid','shipped') NOT NULL DEFAULT 'new',
  note text,
  ordered_at datetime NOT NULL,
  KEY (ordered_at),
  CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT fk_product FOREIGN KEY (product_id) REFERENCES products (id)
) ENGINE=InnoDB;
`)
	cities := []string{"Lyon", "Kraków", "São Paulo", "Zürich", "Oslo"}
	names := []string{"Zoë", "Ana", "Jürgen", "Mei", "O'Brien"}
	rows := map[string]int{"customers": 200, "products": 50, "orders": 3000}
	q.WriteString("INSERT INTO customers (email, name, city, created_at) VALUES\n")
	for i := 1; i <= rows["customers"]; i++ {
		city := "'" + cities[i%len(cities)] + "'"
		if i%7 == 0 {
			city = "NULL"
		}
		fmt.Fprintf(&q, "('c%d@example.com', '%s %d', %s, '2025-%02d-%02d 10:%02d:00')", i, strings.ReplaceAll(names[i%len(names)], "'", "''"), i, city, i%12+1, i%28+1, i%60)
		q.WriteString(sep(i, rows["customers"]))
	}
	q.WriteString("INSERT INTO products (sku, title, price, active) VALUES\n")
	for i := 1; i <= rows["products"]; i++ {
		fmt.Fprintf(&q, "('SKU%05d', 'Product %d – %s', %d.%02d, %d)", i, i, "naïve café mug", 3+i*7%90, i*13%100, (i%5+4)/5)
		q.WriteString(sep(i, rows["products"]))
	}
	q.WriteString("INSERT INTO orders (customer_id, product_id, qty, status, note, ordered_at) VALUES\n")
	for i := 1; i <= rows["orders"]; i++ {
		note := "NULL"
		if i%10 == 0 {
			note = fmt.Sprintf("'gift wrap, \"fragile\" #%d'", i)
		}
		fmt.Fprintf(&q, "(%d, %d, %d, '%s', %s, '2026-%02d-%02d %02d:%02d:%02d')", i%rows["customers"]+1, i%rows["products"]+1, i%5+1,
			[]string{"new", "paid", "shipped"}[i%3], note, i%11+1, i%28+1, i%24, i%60, i*7%60)
		q.WriteString(sep(i, rows["orders"]))
	}
	// The database around the rows, as migrate carries it: a trigger that
	// keeps products.sold, a view, a stored function, stores with their
	// points (PostGIS on the PostgreSQL side, a GiST index for the SPATIAL
	// one).
	q.WriteString(`ALTER TABLE products ADD COLUMN sold int NOT NULL DEFAULT 0;
UPDATE products p SET sold = (SELECT COALESCE(SUM(o.qty), 0) FROM orders o WHERE o.product_id = p.id);
CREATE TRIGGER orders_sold AFTER INSERT ON orders FOR EACH ROW
  UPDATE products SET sold = sold + NEW.qty WHERE id = NEW.product_id;
CREATE VIEW city_sales AS
  SELECT IFNULL(c.city, '(none)') AS city, COUNT(*) AS orders, SUM(o.qty * p.price) AS revenue
  FROM orders o JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = o.product_id
  GROUP BY c.city;
CREATE FUNCTION order_total(q int, price decimal(10,2)) RETURNS decimal(12,2) DETERMINISTIC
  RETURN q * price;
CREATE TABLE stores (
  id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  city varchar(60) NOT NULL,
  location point NOT NULL,
  SPATIAL KEY (location)
) ENGINE=InnoDB;
INSERT INTO stores (city, location) VALUES
  ('Lyon', ST_GeomFromText('POINT(4.8357 45.764)', 4326)),
  ('Kraków', ST_GeomFromText('POINT(19.945 50.0647)', 4326)),
  ('Oslo', ST_GeomFromText('POINT(10.7522 59.9139)', 4326));
`)
	if _, err := db.Exec(q.String()); err != nil {
		return nil, fmt.Errorf("loading the shop database: %w", err)
	}
	rows["stores"] = 3
	return rows, nil
}

func sep(i, n int) string {
	if i == n {
		return ";\n"
	}
	return ",\n"
}

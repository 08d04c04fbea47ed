package lab

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// Postgres is a running PostgreSQL 15 server owned by the postgres system
// user, trust authentication on loopback and its socket directory.
type Postgres struct {
	Port    int
	SockDir string
	Proc    *Proc
}

func postgresCred() (*syscall.Credential, int, int, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, 0, 0, fmt.Errorf("lab: postgres system user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, uid, gid, nil
}

// ProdPostgres says whether OPSCTL_LAB_PG_PROD=1 asks StartPostgres for a
// server configured like production (for benchmarks) instead of the
// tests' fsync-off settings.
func ProdPostgres() bool { return os.Getenv("OPSCTL_LAB_PG_PROD") == "1" }

// StartPostgres runs initdb and postgres (as the postgres user) on a free
// loopback port, tuned for tests (fsync off; OPSCTL_LAB_PG_PROD=1: like
// production).
func (l *Lab) StartPostgres() (*Postgres, error) {
	if os.Geteuid() != 0 {
		return nil, ErrNotRoot
	}
	cred, uid, gid, err := postgresCred()
	if err != nil {
		return nil, err
	}
	dataDir := l.Path("pg")
	sockDir := l.Path("pgs")
	for _, d := range []string{dataDir, sockDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
		if err := os.Chown(d, uid, gid); err != nil {
			return nil, err
		}
	}
	bin := "/usr/lib/postgresql/15/bin"
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("lab: initdb: %v\n%s", err, out)
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	args := []string{"-D", dataDir, "-k", sockDir, "-p", strconv.Itoa(port), "-c", "listen_addresses=127.0.0.1"}
	if ProdPostgres() {
		// as on a production server: fsync, synchronous_commit and
		// full_page_writes on, wal_level=replica, PostgreSQL's defaults
		// for memory and WAL size
		args = append(args, "-c", "wal_level=replica")
	} else {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off",
			"-c", "full_page_writes=off", "-c", "max_wal_size=4GB", "-c", "shared_buffers=128MB",
			"-c", "maintenance_work_mem=256MB", "-c", "wal_level=minimal", "-c", "max_wal_senders=0")
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	p, err := l.Start("postgres", cmd)
	if err != nil {
		return nil, err
	}
	if err := WaitUnix(filepath.Join(sockDir, ".s.PGSQL."+strconv.Itoa(port)), p, 60*time.Second); err != nil {
		return nil, err
	}
	pg := &Postgres{Port: port, SockDir: sockDir, Proc: p}
	// The socket appears before recovery ends; until then connections get
	// "the database system is starting up".
	if err := pg.waitReady(60 * time.Second); err != nil {
		return nil, err
	}
	return pg, nil
}

// waitReady waits until the server accepts connections (a query
// succeeds), not merely until its socket exists.
func (p *Postgres) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		out, err := p.Psql("postgres", "-tAc", "SELECT 1")
		if err == nil {
			return nil
		}
		if p.Proc.Exited() || time.Now().After(deadline) {
			return fmt.Errorf("lab: postgres on port %d not ready after %s: %v\n%s", p.Port, timeout, err, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// URL is the postgres:// URL of database db as user postgres.
func (p *Postgres) URL(db string) string {
	if db == "" {
		db = "postgres"
	}
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", p.Port, db)
}

// Psql runs psql with args against database db and returns its combined output.
func (p *Postgres) Psql(db string, args ...string) ([]byte, error) {
	a := append([]string{"-X", "-q", "-h", "127.0.0.1", "-p", strconv.Itoa(p.Port), "-U", "postgres", "-d", db}, args...)
	return exec.Command("psql", a...).CombinedOutput()
}

// CreateDB creates database name (dropping it first when it exists).
func (p *Postgres) CreateDB(name string) error {
	if out, err := p.Psql("postgres", "-c", fmt.Sprintf(`DROP DATABASE IF EXISTS "%s"`, name), "-c", fmt.Sprintf(`CREATE DATABASE "%s"`, name)); err != nil {
		return fmt.Errorf("lab: create database %s: %v\n%s", name, err, out)
	}
	return nil
}

// StartPostgresT starts PostgreSQL for a test (skips when not possible).
func StartPostgresT(t testing.TB, l *Lab) *Postgres {
	t.Helper()
	RequireRoot(t)
	Require(t, "/usr/lib/postgresql/15/bin/postgres", "psql")
	p, err := l.StartPostgres()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// PostGISControl is the extension's control file: with it installed
// (Debian: postgresql-15-postgis-3), the lab's PostgreSQL can CREATE
// EXTENSION postgis (its user is the superuser postgres).
const PostGISControl = "/usr/share/postgresql/15/extension/postgis.control"

// RequirePostGIS skips (or fails in CI) when PostGIS is not installed for
// the lab's PostgreSQL.
func RequirePostGIS(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(PostGISControl); err != nil {
		skipOrFail(t, "PostGIS not installed for PostgreSQL 15 (postgresql-15-postgis-3; run scripts/setup)")
	}
}

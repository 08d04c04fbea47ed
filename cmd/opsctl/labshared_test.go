package main

import (
	"os"
	"sync"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
)

// One PostgreSQL and one MariaDB for the package's migrate lab tests,
// started by the first test that asks for them and stopped after the last
// test (TestMain): starting them (initdb, mariadb-install-db) costs more
// than most of these tests. Each test works in databases of its own names
// (cli, cc, p1, fit, viaload, app, ...), so none sees another's tables,
// and a parallel one can share them too. The cutover lab tests start their
// own servers: they switch MariaDB read-only and need its binary log.
var shared struct {
	mu  sync.Mutex
	lab *lab.Lab
	pg  *lab.Postgres
	my  *lab.MariaDB
	// errors of a start that failed: later tests fail fast with it
	pgErr, myErr error
}

// sharedPG returns the package's PostgreSQL (skips like StartPostgresT).
func sharedPG(t *testing.T) *lab.Postgres {
	t.Helper()
	lab.RequireRoot(t)
	lab.Require(t, "/usr/lib/postgresql/15/bin/postgres", "psql")
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.pg == nil && shared.pgErr == nil {
		if shared.pgErr = sharedLabLocked(); shared.pgErr == nil {
			shared.pg, shared.pgErr = shared.lab.StartPostgres()
		}
	}
	if shared.pgErr != nil {
		t.Fatalf("shared lab: %v", shared.pgErr)
	}
	dumpSharedLogsOnFailure(t)
	return shared.pg
}

// sharedMariaDB returns the package's MariaDB (skips like StartMariaDBT).
func sharedMariaDB(t *testing.T) *lab.MariaDB {
	t.Helper()
	lab.RequireRoot(t)
	lab.Require(t, "mariadbd", "mariadb-install-db")
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.my == nil && shared.myErr == nil {
		if shared.myErr = sharedLabLocked(); shared.myErr == nil {
			shared.my, shared.myErr = shared.lab.StartMariaDB()
		}
	}
	if shared.myErr != nil {
		t.Fatalf("shared lab: %v", shared.myErr)
	}
	dumpSharedLogsOnFailure(t)
	return shared.my
}

func sharedLabLocked() error {
	if shared.lab != nil {
		return nil
	}
	l, err := lab.New("")
	if err != nil {
		return err
	}
	shared.lab = l
	return nil
}

// dumpSharedLogsOnFailure shows the shared servers' logs with a failed
// test, as lab.NewT does for a test's own lab.
func dumpSharedLogsOnFailure(t *testing.T) {
	l := shared.lab
	t.Cleanup(func() {
		if t.Failed() {
			l.DumpLogs(t)
		}
	})
}

// closeSharedLab stops the shared servers and removes their directory.
func closeSharedLab() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.lab != nil {
		shared.lab.Close()
		os.RemoveAll(shared.lab.Dir)
	}
}

// closeSharedAfter runs the tests, then closeSharedLab.
type closeSharedAfter struct{ m *testing.M }

func (c closeSharedAfter) Run() int {
	code := c.m.Run()
	closeSharedLab()
	return code
}

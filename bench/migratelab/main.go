// Command migratelab starts a MariaDB and a PostgreSQL on loopback (the
// test lab's servers) for benchmarks, prints their addresses as shell
// variables, and runs until interrupted. OPSCTL_LAB_PG_PROD=1 configures
// PostgreSQL like production (fsync on, wal_level=replica, defaults).
//
//	go run ./bench/migratelab > /tmp/lab.env &
//	OPSCTL_LAB_PG_PROD=1 go run ./bench/migratelab > /tmp/labprod.env &
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/opsctl/opsctl/internal/lab"
)

func main() {
	l, err := lab.New("")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer os.RemoveAll(l.Dir)
	defer l.Close()
	m, err := l.StartMariaDB()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	p, err := l.StartPostgres()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	conf := "lab"
	if lab.ProdPostgres() {
		conf = "prod"
	}
	fmt.Printf("MY_PORT=%d\nMY_PW=%s\nPG_PORT=%d\nPG_URL='%s'\nLAB_DIR=%s\nPG_CONF=%s\n", m.Port, lab.RootPassword, p.Port, p.URL("bench"), l.Dir, conf)
	os.Stdout.Sync()
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	<-ch
}

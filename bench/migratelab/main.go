// Command migratelab starts a MariaDB and a PostgreSQL on loopback (the
// test lab's servers) for benchmarks, prints their addresses as shell
// variables, and runs until interrupted.
//
//	go run ./bench/migratelab > /tmp/lab.env &
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
	fmt.Printf("MY_PORT=%d\nMY_PW=%s\nPG_PORT=%d\nPG_URL='%s'\nLAB_DIR=%s\n", m.Port, lab.RootPassword, p.Port, p.URL("bench"), l.Dir)
	os.Stdout.Sync()
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	<-ch
}

package cutover

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/opsctl/opsctl/internal/iox"
	"github.com/opsctl/opsctl/migrate"
)

// markerTable records, in the target schema, the tables a cutover's dump
// load finished (the live copy records them in migrate's StateTable).
const markerTable = "opsctl_cutover_loaded"

// dumpCmd is the dump the "dump" method streams into migrate.Load:
// DumpCommand through sh -c when set, else mariadb-dump (or mysqldump)
// with the URL's host, port, user and database and the selected tables,
// --single-transaction. The password goes in $MYSQL_PWD, never in argv.
func (m *MySQLPG) dumpCmd(ctx context.Context, tables []string) (*exec.Cmd, string, error) {
	cfg, err := migrate.MySQLConfig(m.From)
	if err != nil {
		return nil, "", err
	}
	env := os.Environ()
	if cfg.Passwd != "" {
		env = append(env, "MYSQL_PWD="+cfg.Passwd)
	}
	if m.DumpCommand != "" {
		c := exec.CommandContext(ctx, "sh", "-c", m.DumpCommand)
		c.Env = env
		return c, "dump_command", nil
	}
	bin, err := exec.LookPath("mariadb-dump")
	if err != nil {
		if bin, err = exec.LookPath("mysqldump"); err != nil {
			return nil, "", errors.New("copy method dump: neither mariadb-dump nor mysqldump is in PATH (or set cutover.dump_command)")
		}
	}
	args := []string{"--single-transaction", "--no-tablespaces", "--default-character-set=utf8mb4"}
	if cfg.Net == "unix" {
		args = append(args, "--socket="+cfg.Addr)
	} else {
		host, port := cfg.Addr, "3306"
		if i := strings.LastIndex(cfg.Addr, ":"); i >= 0 {
			host, port = cfg.Addr[:i], cfg.Addr[i+1:]
		}
		args = append(args, "--host="+strings.Trim(host, "[]"), "--port="+port, "--protocol=tcp")
	}
	if cfg.User != "" {
		args = append(args, "--user="+cfg.User)
	}
	args = append(args, "--", cfg.DBName)
	args = append(args, tables...)
	c := exec.CommandContext(ctx, bin, args...)
	c.Env = env
	return c, bin[strings.LastIndex(bin, "/")+1:], nil
}

// copyDump is Copy for the "dump" method: the dump streamed into
// migrate.Load (each table in its own transaction, existing tables
// replaced), then every table recorded in markerTable. A load is not
// resumable: a retry loads everything again.
func (m *MySQLPG) copyDump(ctx context.Context, rc *RunContext) (string, error) {
	my, _, tables, err := m.openTables(ctx)
	if err != nil {
		return "", err
	}
	my.Close()
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.MyName
	}
	if m.DumpCommand == "" && len(names) == 0 {
		return "", errors.New("no tables selected")
	}
	pg, err := m.openPG(ctx)
	if err != nil {
		return "", err
	}
	defer pg.Close(context.Background())
	marker := qid(m.schema()) + "." + qid(markerTable)
	if _, err := pg.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+qid(m.schema())+"; CREATE TABLE IF NOT EXISTS "+marker+" (tbl text PRIMARY KEY, rows bigint NOT NULL, loaded timestamptz NOT NULL DEFAULT now()); DELETE FROM "+marker); err != nil {
		return "", fmt.Errorf("postgres: %w", err)
	}
	dctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd, what, err := m.dumpCmd(dctx, names)
	if err != nil {
		return "", err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	errTail := iox.TailBuffer{Max: 2048}
	cmd.Stderr = &errTail
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	cr := &iox.CountingReader{R: out}
	o := m.Opts
	var rows atomic.Int64
	o.OnEvent = tableProgress(rc, &rows)
	rep, lerr := migrate.Load(ctx, cr, migrate.LoadOptions{Options: o, URL: m.To, Drop: true, Jobs: m.jobs()})
	if lerr != nil {
		cancel() // stop the dump: nobody reads it any more
	}
	io.Copy(io.Discard, out)
	werr := cmd.Wait()
	if lerr != nil {
		return "", lerr
	}
	if werr != nil {
		return "", fmt.Errorf("%s: %v: %s", what, werr, strings.TrimSpace(lastLine(errTail.Bytes())))
	}
	if rep != nil {
		for _, w := range rep.Warnings {
			rc.Warn("%s", w)
		}
		for _, nm := range rep.NotMigrated {
			rc.Warn("not migrated: %s", nm)
		}
	}
	n := 0
	if rep != nil {
		for _, t := range rep.Tables {
			if _, err := pg.Exec(ctx, "INSERT INTO "+marker+" (tbl, rows) VALUES ($1, $2)", t.Schema+"."+t.Table, t.Rows); err != nil {
				return "", fmt.Errorf("postgres: %w", err)
			}
			n++
		}
	}
	return fmt.Sprintf("%d table(s), %d rows from a %s dump (%s) in %s", n, rows.Load(), what, human(cr.N()), time.Since(start).Round(time.Millisecond)), nil
}

func lastLine(b []byte) string {
	b = bytes.TrimSpace(b)
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		b = b[i+1:]
	}
	return strconv.Quote(string(b))
}

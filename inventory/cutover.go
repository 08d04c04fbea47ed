package inventory

import (
	"net/url"
	"strings"
	"time"
)

// Cutover configures migration day (`opsctl migrate cutover`):
//
//	cutover:
//	  from: mysql://app@db1:3306/shop          # ${MY_URL} works; password: $MYSQL_PWD
//	  to: postgres://app@pg1/shop              # password: $PGPASSWORD or ~/.pgpass
//	  schema: public
//	  jobs: 4
//	  method: copy                  # or dump (mysqldump streamed into migrate load)
//	  precopy: true                 # copy before read-only; in the window only changed tables
//	  pg_host: pg1                  # inventory host running PostgreSQL: disk space over SSH
//	  quiesce: {method: auto, stable: 5s, timeout: 2m}
//	  repoint:
//	    hosts: app                  # selector, as --hosts
//	    command: "sed -i 's|^DATABASE_URL=.*|DATABASE_URL=postgres://app@pg1/shop|' /srv/app/env && systemctl reload app"
//	    undo: "sed -i 's|^DATABASE_URL=.*|DATABASE_URL=mysql://app@db1/shop|' /srv/app/env && systemctl reload app"
//	    timeout: 60s
//	  smoke:
//	    - url: https://shop.example/health
//	      expect_status: 200
//	      contains: "db=postgres"
//	  state_file: /var/lib/opsctl/cutover.json
type Cutover struct {
	From          string   `yaml:"from"`
	To            string   `yaml:"to"`
	Schema        string   `yaml:"schema"`
	Tables        []string `yaml:"tables"`
	ExcludeTables []string `yaml:"exclude_tables"`
	Jobs          int      `yaml:"jobs"`
	// Method moves the data: "copy" (live copy, default) or "dump" (a
	// mysqldump streamed into migrate load; DumpCommand, run with sh -c
	// on this machine, replaces the default mariadb-dump/mysqldump call).
	Method      string `yaml:"method"`
	DumpCommand string `yaml:"dump_command"`
	// Drop lets the copy replace tables that exist in PostgreSQL but were
	// not made by an opsctl copy (a rehearsal's tables are always replaced).
	Drop bool `yaml:"drop"`
	// SchemaFirst proves the whole PostgreSQL schema (every table, index
	// and foreign key) on the target before read-only mode starts.
	SchemaFirst bool `yaml:"schema_first"`
	// Precopy copies every table before read-only mode (CHECKSUM TABLE
	// before and after each copy); the window's copy then copies again
	// only the tables whose checksum changed since. Live copy only.
	Precopy bool `yaml:"precopy"`
	// PGHost is the inventory host PostgreSQL runs on: preflight reads the
	// free space of its data directory with df over SSH. Without it, the
	// space is checked only when PostgreSQL runs on this machine.
	PGHost  string         `yaml:"pg_host"`
	Quiesce CutoverQuiesce `yaml:"quiesce"`
	Repoint CutoverRepoint `yaml:"repoint"`
	Smoke   []CutoverSmoke `yaml:"smoke"`
	// Reason is recorded with read-only mode (shown by readonly status).
	Reason string `yaml:"reason"`
	// Message is shown on the 503 page during the window.
	Message string `yaml:"message"`
	// StateFile keeps the run's progress for --resume / --abort (default:
	// opsctl-cutover.json next to the inventory file).
	StateFile string `yaml:"state_file"`
	// AcceptMissing names the views, triggers, routines and events the
	// migration leaves behind and the application can do without
	// ("name", "schema.name" or "kind:name", e.g. event:ev_purge).
	// Preflight refuses an incomplete database unless each missing object
	// is listed; verify lists them without counting them.
	AcceptMissing []string `yaml:"accept_missing"`
}

// CutoverQuiesce: how to tell that MySQL takes no more writes.
type CutoverQuiesce struct {
	// Method: "binlog" (SHOW MASTER STATUS position), "checksum" (CHECKSUM
	// TABLE of every migrated table) or "auto" (binlog when it is on).
	Method string `yaml:"method"`
	// Stable is how long the position must not move (default 5s).
	Stable time.Duration `yaml:"stable"`
	// Timeout gives up waiting (default 2m).
	Timeout time.Duration `yaml:"timeout"`
}

// CutoverRepoint is the command that points the app hosts at PostgreSQL.
type CutoverRepoint struct {
	Hosts   string `yaml:"hosts"`
	Command string `yaml:"command"`
	Undo    string `yaml:"undo"`
	// Check exits 0 on a host that points at PostgreSQL (a resume
	// re-checks a finished repoint with it).
	Check   string        `yaml:"check"`
	Timeout time.Duration `yaml:"timeout"`
}

// CutoverSmoke is one HTTP check after the repoint, before read-only off.
type CutoverSmoke struct {
	URL          string        `yaml:"url"`
	Method       string        `yaml:"method"`
	ExpectStatus int           `yaml:"expect_status"`
	Contains     string        `yaml:"contains"`
	Timeout      time.Duration `yaml:"timeout"` // keep retrying this long (default 30s)
}

// Configured reports whether the section is present.
func (x Cutover) Configured() bool { return x.From != "" || x.To != "" }

func (c *Config) validateCutover() error {
	x := &c.Cutover
	if !x.Configured() {
		return nil
	}
	if x.Schema == "" {
		x.Schema = "public"
	}
	if x.Jobs == 0 {
		x.Jobs = 4
	}
	q := &x.Quiesce
	if q.Method == "" {
		q.Method = "auto"
	}
	if q.Stable == 0 {
		q.Stable = 5 * time.Second
	}
	if q.Timeout == 0 {
		q.Timeout = 2 * time.Minute
	}
	if x.Repoint.Timeout == 0 {
		x.Repoint.Timeout = 60 * time.Second
	}
	if u, err := url.Parse(x.From); x.From == "" || err != nil || (u.Scheme != "mysql" && u.Scheme != "mariadb") {
		return c.Errorf([]any{"cutover", "from"}, "cutover.from: want mysql://user@host[:port]/database")
	}
	if u, err := url.Parse(x.To); x.To == "" || err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return c.Errorf([]any{"cutover", "to"}, "cutover.to: want postgres://user@host[:port]/database")
	}
	switch x.Method {
	case "":
		x.Method = "copy"
	case "copy", "dump":
	default:
		return c.Errorf([]any{"cutover", "method"}, "cutover.method %q: want copy (live copy) or dump (mysqldump into migrate load)", x.Method)
	}
	if x.Precopy && x.Method != "copy" {
		return c.Errorf([]any{"cutover", "precopy"}, "cutover.precopy goes with method: copy (the live copy)")
	}
	if x.DumpCommand != "" && x.Method != "dump" {
		return c.Errorf([]any{"cutover", "dump_command"}, "cutover.dump_command goes with method: dump")
	}
	if x.Jobs < 1 || x.Jobs > 64 {
		return c.Errorf([]any{"cutover", "jobs"}, "cutover.jobs %d: want 1..64", x.Jobs)
	}
	if x.PGHost != "" {
		if _, ok := c.Host(x.PGHost); !ok {
			return c.Errorf([]any{"cutover", "pg_host"}, "cutover.pg_host %q: no such host in the inventory", x.PGHost)
		}
	}
	switch q.Method {
	case "auto", "binlog", "checksum":
	default:
		return c.Errorf([]any{"cutover", "quiesce", "method"}, "cutover.quiesce.method %q: want auto, binlog or checksum", q.Method)
	}
	if q.Stable < 0 || q.Timeout < 0 || q.Timeout < q.Stable {
		return c.Errorf([]any{"cutover", "quiesce"}, "cutover.quiesce: stable and timeout must be positive, timeout at least stable")
	}
	r := &x.Repoint
	if strings.TrimSpace(r.Command) == "" && (r.Hosts != "" || r.Undo != "" || r.Check != "") {
		return c.Errorf([]any{"cutover", "repoint"}, "cutover.repoint: command is required (the shell command that points an app host at PostgreSQL)")
	}
	if r.Command != "" {
		if strings.TrimSpace(r.Hosts) == "" {
			return c.Errorf([]any{"cutover", "repoint", "hosts"}, "cutover.repoint.hosts: which hosts to repoint (a selector: names, groups, globs)")
		}
		s, err := ParseSelector(r.Hosts)
		if err == nil {
			_, err = Select(s, c.AllHosts(), "host")
		}
		if err != nil {
			return c.Errorf([]any{"cutover", "repoint", "hosts"}, "cutover.repoint.hosts: %v", err)
		}
	}
	if r.Timeout < 0 {
		return c.Errorf([]any{"cutover", "repoint", "timeout"}, "cutover.repoint.timeout must be positive")
	}
	for i := range x.Smoke {
		s := &x.Smoke[i]
		if s.ExpectStatus == 0 {
			s.ExpectStatus = 200
		}
		if s.Method == "" {
			s.Method = "GET"
		}
		if s.Timeout == 0 {
			s.Timeout = 30 * time.Second
		}
		u, err := url.Parse(s.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return c.Errorf([]any{"cutover", "smoke", i, "url"}, "cutover.smoke[%d].url %q: want http(s)://HOST[:PORT]/PATH", i, s.URL)
		}
		if s.ExpectStatus < 100 || s.ExpectStatus > 599 {
			return c.Errorf([]any{"cutover", "smoke", i, "expect_status"}, "cutover.smoke[%d].expect_status %d: not an HTTP status", i, s.ExpectStatus)
		}
		if s.Method != "GET" && s.Method != "HEAD" {
			return c.Errorf([]any{"cutover", "smoke", i, "method"}, "cutover.smoke[%d].method %q: GET or HEAD (a smoke check must not write)", i, s.Method)
		}
		if s.Timeout < 0 {
			return c.Errorf([]any{"cutover", "smoke", i, "timeout"}, "cutover.smoke[%d].timeout must be positive", i)
		}
	}
	if strings.ContainsAny(x.Reason, "\n\r\x00") || strings.ContainsAny(x.Message, "\n\r\x00") {
		return c.Errorf([]any{"cutover"}, "cutover.reason and cutover.message: one line each")
	}
	return nil
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flagMeanings is the one meaning of every flag name, across all commands
// (docs/cli.md shows it). A name whose --help text differs between commands
// lists every text here: each was read and found to say the same thing in
// the words of its command. A new flag, or a new text for a shared name,
// fails TestFlagMeanings until someone checks it means the same (else: pick
// another name).
var flagMeanings = map[string]struct {
	meaning string
	usages  []string
}{
	"abort":                {"undo a stopped run", nil},
	"accept":               {"go ahead despite what preflight lists", nil},
	"accept-missing":       {"objects you accept to leave behind", nil},
	"accept-new-host-keys": {"trust unknown SSH host keys (never changed ones)", nil},
	"artifact":             {"the release tarball to deploy", nil},
	"backend":              {"only this HAProxy backend", nil},
	"batch-size": {"hosts per wave: N or P%", []string{
		"hosts per later wave: N or P% (default: all remaining)",
		"with --drain: hosts per wave, N or P% (default 25%)",
	}},
	"break-lock": {"break a deploy lock held by someone else", []string{
		"break a lock held by someone else (stale lock of a crashed deploy)",
		"required: break the lock whoever holds it",
	}},
	"by": {"who does it (recorded)", []string{
		"who (recorded with read-only mode)",
		"who (recorded with the reason)",
	}},
	"canary":          {"hosts in the first wave", nil},
	"canary-max-fail": {"failures tolerated in the canary wave", nil},
	"cast":            {"a column type override", nil},
	"chunk-rows": {"rows per primary-key range", []string{
		"rows per checksummed primary-key range",
		"split tables with more rows than this into key ranges",
	}},
	"color":       {"colour states and verdicts: auto, always, never", nil},
	"concurrency": {"how many hosts at once", nil},
	"config":      {"the inventory file", nil},
	"confirm":     {"ask before each next wave", nil},
	"data-only": {"rows only, into existing tables", []string{
		"only rows (COPY) and identity values, into existing tables",
		"only rows and identity values, into existing tables",
	}},
	"differs": {"only what differs between nodes", nil},
	"dir":     {"write files into this directory", nil},
	"drain": {"take servers out of HAProxy rotation while they change", []string{
		"rolling rollback: wave by wave (--batch-size), each drained on every HAProxy while it switches",
		"take each wave out of every HAProxy's rotation while it switches (deploy_lb maps hosts to servers)",
	}},
	"drain-timeout": {"how long to wait for a drained server's sessions to reach 0", []string{
		"wait at most this long for a drained server's sessions to reach 0 (default deploy_lb.drain_timeout, 30s)",
		"with --wait: wait at most this long for the server's sessions to reach 0",
	}},
	"drop": {"replace existing tables", []string{
		"replace tables that already exist, atomically, once the whole dump is loaded (DROP ... CASCADE: see above; default: refuse)",
		"replace tables that already exist, each atomically once its copy is complete (DROP ... CASCADE: see above; default: refuse)",
	}},
	"dry-run": {"print what would be done; change nothing", []string{
		"print each command that would be sent to each node, send nothing",
		"print the command per node, send nothing",
		"print the hosts and the exact remote command line; connect to nothing",
		"print the plan (waves, hosts, release id, hooks) and change nothing",
		"print the plan; contact nothing",
		"print what would be sent to each node, send nothing",
		"read MySQL's schema and print the plan (tables, estimated rows, ranges); write nothing",
		"read the state, write nothing",
		"show each host's live and target release; change nothing",
	}},
	"exclude-tables": {"MySQL tables to skip", nil},
	"force": {"go ahead although something is replaced or lost (a file, writes)", []string{
		"replace an existing file",
		"with --abort: abort even after read-only mode was left (writes that reached PostgreSQL are lost to MySQL)",
	}},
	"force-backend":   {"allow a wave that takes a whole backend out", nil},
	"from":            {"the source MySQL URL", nil},
	"from-ssh-config": {"take hosts from ~/.ssh/config", nil},
	"hash-in-mysql":   {"checksum inside MySQL", nil},
	"hosts":           {"the host/node selector", nil},
	"interval":        {"polling interval", nil},
	"jobs": {"tables (or ranges) worked on at once", []string{
		"tables (or key ranges) worked on at once",
		"tables loaded and indexes built at once",
	}},
	"keep-case": {"keep identifiers' case", nil},
	"limit":     {"show the last N entries", nil},
	"man":       {"write one man page per command into this directory", nil},
	"max-fail":  {"failures tolerated per wave", nil},
	"message":   {"text shown on the read-only page", nil},
	"no-drain":  {"do not drain", nil},
	"no-gates":  {"skip the metric gates", nil},
	"no-spool":  {"never spool rows to disk", nil},
	"on-nul":    {"what NUL characters in text become", nil},
	"output":    {"output format: text or json", nil},
	"output-file": {"write the result to this file", []string{
		"write the script here (default stdout); written atomically",
		"write the markdown reference to FILE (default: stdout)",
	}},
	"partial-ok":   {"keep going when some nodes fail", nil},
	"pause":        {"wait between waves", nil},
	"postgis":      {"how spatial columns migrate", nil},
	"print":        {"write to stdout instead of a file", nil},
	"print-config": {"print the generated config", nil},
	"reason":       {"why (recorded)", nil},
	"rehearse":     {"run against the databases, leave the site alone", nil},
	"release-id":   {"the id of the release to deploy", nil},
	"remote-file": {"the VCL is a file on the cache hosts", []string{
		"FILE is a file on the cache hosts (vcl.load), not a local file",
		"the VCL is a file on the cache hosts (readonly.vcl_file, vcl.load), not the rendered VCL sent from here",
	}},
	"resume": {"continue a stopped run where it stopped", []string{
		"continue the stopped cutover from the step that failed",
		"skip tables a previous copy finished; copy the others again from scratch",
	}},
	"samples":            {"differences shown per table", nil},
	"schema":             {"the PostgreSQL schema", nil},
	"schema-only":        {"schema only, no rows", nil},
	"single-transaction": {"load in one transaction", nil},
	"skip-schema":        {"compare rows only", nil},
	"spool-dir":          {"where spooled rows wait", nil},
	"ssh-config":         {"the OpenSSH client config file", nil},
	"state":              {"the state file", nil},
	"strict-types":       {"keep default types even where values do not fit", nil},
	"stubs":              {"write objects not migrated as stubs into DIR", nil},
	"tables":             {"only these MySQL tables", nil},
	"timeout":            {"kill the remote command after this long", nil},
	"to": {"the target to go to: a release id (rollback), a PostgreSQL URL (migrate)", []string{
		"release id to switch to (default: each host's previous release)",
		"target postgres:// URL (default $OPSCTL_MIGRATE_TO)",
		"target postgres:// URL (default $OPSCTL_MIGRATE_TO; password also from $PGPASSWORD or ~/.pgpass)",
	}},
	"use":       {"make the VCL active", nil},
	"verbose":   {"print more detail", nil},
	"wait":      {"wait until sessions reach 0", nil},
	"watch":     {"watch window of the metric gates", nil},
	"yes":       {"answer yes to confirmations", nil},
	"zero-date": {"what zero dates become", nil},
}

// flagUse is one flag of one command.
type flagUse struct{ cmd, usage string }

// flagTable walks the command tree: flag name -> where it is used and how.
// Deprecated aliases (deprecatedFlag) are left out: they are the old name
// of a flag that is listed under its new one.
func flagTable() map[string][]flagUse {
	a := newApp(&IOStreams{})
	t := map[string][]flagUse{}
	walk(newRootCmd(a), func(c *cobra.Command) {
		c.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
			if f.Annotations["deprecated-alias-of"] != nil || f.Name == "help" {
				return
			}
			t[f.Name] = append(t[f.Name], flagUse{strings.TrimPrefix(c.CommandPath(), "opsctl"), f.Usage})
		})
	})
	return t
}

// One meaning per flag name: every flag has its meaning written down, and a
// name used with different texts in different commands has each text
// checked to mean the same (--force no longer drains a backend here and
// breaks a lock there).
func TestFlagMeanings(t *testing.T) {
	table := flagTable()
	for name, uses := range table {
		m, ok := flagMeanings[name]
		if !ok {
			t.Errorf("--%s (%s): not in flagMeanings: write down its one meaning (or reuse a name that already means it)", name, uses[0].cmd)
			continue
		}
		texts := map[string]bool{}
		for _, u := range uses {
			texts[u.usage] = true
		}
		if len(texts) < 2 {
			continue
		}
		for _, u := range uses {
			found := false
			for _, ok := range m.usages {
				found = found || ok == u.usage
			}
			if !found {
				t.Errorf("--%s on%s: %q is not one of the checked texts for %q: does it mean the same? (if not, choose another name)", name, u.cmd, u.usage, m.meaning)
			}
		}
	}
	for name := range flagMeanings {
		if table[name] == nil {
			t.Errorf("flagMeanings: --%s is used by no command", name)
		}
	}
}

// docs/cli.md has one row per flag name (the reference the docs link).
func TestFlagTableInDocs(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "cli.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for name := range flagTable() {
		if !strings.Contains(doc, "| `--"+name+"`") {
			t.Errorf("docs/cli.md: no row for --%s (regenerate with OPSCTL_FLAG_TABLE=1 go test ./cmd/opsctl -run TestFlagTableInDocs -v)", name)
		}
	}
	if os.Getenv("OPSCTL_FLAG_TABLE") != "" {
		fmt.Println(markdownFlagTable())
	}
}

// markdownFlagTable is docs/cli.md's flag table: name, meaning, commands.
func markdownFlagTable() string {
	table := flagTable()
	var names []string
	for n := range table {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("| flag | meaning | commands |\n|---|---|---|\n")
	for _, n := range names {
		var cmds []string
		for _, u := range table[n] {
			c := strings.TrimSpace(u.cmd)
			if c == "" {
				c = "(every command)"
			}
			cmds = append(cmds, c)
		}
		fmt.Fprintf(&b, "| `--%s` | %s | %s |\n", n, flagMeanings[n].meaning, strings.Join(cmds, ", "))
	}
	return b.String()
}

// An old flag name still works, says it is deprecated on stderr (never
// stdout) and names the new one.
func TestDeprecatedFlagAlias(t *testing.T) {
	stdout, stderr, code := runCLI(t, "", "-c", "/nonexistent.yaml", "unlock", "--force")
	if !strings.Contains(stderr, "opsctl: --force is deprecated, use --break-lock") || strings.Contains(stdout, "deprecated") ||
		strings.Contains(stderr, "pass --break-lock") || code != ExitUsage {
		t.Errorf("code %d stdout %q stderr %q", code, stdout, stderr)
	}
	// hidden from --help
	stdout, _, _ = runCLI(t, "", "unlock", "--help")
	if strings.Contains(stdout, "--force") || !strings.Contains(stdout, "--break-lock") {
		t.Errorf("help: %s", stdout)
	}
}

package main

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/opsctl/opsctl/internal/lab"
)

// TestDeployDayJSONLab pins the -o json lines of deploy, rollback and exec
// (docs/json.md): every event's fields and their values, against real
// sshd hosts, on success, a failed health check and a host that is down.
// Times, durations, hashes, sizes and ports that change from run to run
// are replaced; lines are sorted (hosts report in parallel).
func TestDeployDayJSONLab(t *testing.T) {
	t.Parallel()
	gotJSON := deployDayScenario(t, true)
	if got := strings.Join(gotJSON, "--\n"); got != deployDayJSON {
		t.Errorf("JSON lines changed:\n%s", got)
	}
}

// TestDeployDayTextLab is the same for the text output (stdout and
// stderr).
func TestDeployDayTextLab(t *testing.T) {
	t.Parallel()
	got := deployDayScenario(t, false)
	if got := strings.Join(got, "--\n"); got != deployDayText {
		t.Errorf("text output changed:\n%s", got)
	}
}

// deployDayScenario runs deploys, rollbacks and exec on 3 fresh hosts and
// returns each one's output, normalized.
func deployDayScenario(t *testing.T, asJSON bool) []string {
	l, f := lab.StartSSHDT(t, 3)
	gates := "gates:\n  prometheus: http://127.0.0.1:1\n  checks:\n    - name: errors\n      prometheus: 'sum(rate(x[1m]))'\n      max: 1\n"
	cfg := writeConfig(t, l, "opsctl.yaml", f.InventoryYAML(labDeployYAML+gates))
	dir := t.TempDir()
	run := func(want int, args ...string) string {
		t.Helper()
		args = append([]string{"-c", cfg, "--yes"}, args...)
		if asJSON {
			args = append([]string{"-o", "json"}, args...)
		}
		out, errOut, code := runCLI(t, "", args...)
		if code != want {
			t.Fatalf("%v: exit %d\n%s\n%s", args, code, out, errOut)
		}
		if asJSON {
			return normalizeJSONLines(t, out)
		}
		return normalizeText(out + errOut)
	}
	art1, art2, art3 := writeArtifact(t, dir, "j1", 0), writeArtifact(t, dir, "j2", 0), writeArtifact(t, dir, "j3", 0)
	got := []string{
		run(0, "deploy", "--artifact", art1, "--release-id", "j1", "--canary", "1", "--pause", "10ms", "--dry-run"),
		run(0, "deploy", "--artifact", art1, "--release-id", "j1", "--no-gates"),
		run(0, "deploy", "--artifact", art2, "--release-id", "j2", "--canary", "1", "--no-gates"),
		run(0, "rollback", "--dry-run"),
		run(0, "rollback"),
		run(0, "-H", "host00[1:2]", "exec", "--dry-run", "--", "echo", "a b"),
		run(0, "-H", "host001", "exec", "--", "echo out; echo err >&2"),
	}
	// a host that fails its health check: the deploy stops and rolls back
	if err := os.WriteFile(hostPath(f.Hosts[2], "shared/sick"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	got = append(got, run(ExitPartial, "deploy", "--artifact", art3, "--release-id", "j3", "--canary", "1", "--no-gates"))
	os.Remove(hostPath(f.Hosts[2], "shared/sick"))
	// a host that is down: refused, nothing changed
	f.Hosts[2].Kill()
	got = append(got, run(ExitError, "deploy", "--artifact", art3, "--release-id", "j3", "--no-gates"),
		run(ExitError, "rollback"), run(ExitPartial, "exec", "--", "true"))
	if err := f.Hosts[2].Restart(); err != nil {
		t.Fatal(err)
	}
	return got
}

const deployDayJSON = `{"canary_max_fail":0,"confirm":false,"deploy_to":"/srv/app","dry_run":true,"event":"deploy.plan","health":{"command":"test ! -f /srv/app/shared/sick","expect_status":200,"interval_ms":100,"retries":1,"timeout_ms":5000,"url":""},"hooks":{"after_switch":["echo reloaded \u003e\u003e /srv/app/shared/reloads"],"after_upload":null,"before_switch":null,"timeout_ms":10000},"max_fail":0,"pause":"10ms","release":"j1","sha256":"S","size":"N","time":"T","waves":[["host001"],["host002","host003"]]}
{"compare":"","dry_run":true,"event":"deploy.gate_plan","gate":"errors","interval":"10s","no_data":"fail","query":"sum(rate(x[1m]))","source":"prometheus","threshold":"value \u003c= 1","time":"T","watch":"0s"}
{"event":"deploy.plan","message":"release j1 (N bytes, sha256 S) to 3 host(s) in 2 wave(s), max 0 failure(s) per wave","release":"j1","time":"T"}
--
{"bytes":"N","event":"deploy.upload","host":"host001","time":"T","total":"N","wave":1}
{"bytes":"N","event":"deploy.upload","host":"host002","time":"T","total":"N","wave":1}
{"bytes":"N","event":"deploy.upload","host":"host003","time":"T","total":"N","wave":1}
{"event":"deploy.done","release":"j1","time":"T"}
{"event":"deploy.healthy","host":"host001","time":"T","wave":1}
{"event":"deploy.healthy","host":"host002","time":"T","wave":1}
{"event":"deploy.healthy","host":"host003","time":"T","wave":1}
{"event":"deploy.host","host":"host001","live":"j1","previous":"","status":"switched","time":"T","wave":1}
{"event":"deploy.host","host":"host002","live":"j1","previous":"","status":"switched","time":"T","wave":1}
{"event":"deploy.host","host":"host003","live":"j1","previous":"","status":"switched","time":"T","wave":1}
{"event":"deploy.locked","host":"host001","time":"T"}
{"event":"deploy.locked","host":"host002","time":"T"}
{"event":"deploy.locked","host":"host003","time":"T"}
{"event":"deploy.plan","message":"release j1 (N bytes, sha256 S) to 3 host(s) in 1 wave(s), max 0 failure(s) per wave","release":"j1","time":"T"}
{"event":"deploy.prepared","host":"host001","release":"j1","time":"T","wave":1}
{"event":"deploy.prepared","host":"host002","release":"j1","time":"T","wave":1}
{"event":"deploy.prepared","host":"host003","release":"j1","time":"T","wave":1}
{"event":"deploy.switched","host":"host001","message":"previous (none)","release":"j1","time":"T","wave":1}
{"event":"deploy.switched","host":"host002","message":"previous (none)","release":"j1","time":"T","wave":1}
{"event":"deploy.switched","host":"host003","message":"previous (none)","release":"j1","time":"T","wave":1}
{"event":"deploy.unlocked","host":"host001","time":"T"}
{"event":"deploy.unlocked","host":"host002","time":"T"}
{"event":"deploy.unlocked","host":"host003","time":"T"}
{"event":"deploy.wave","message":"host001,host002,host003","time":"T","total":"N","wave":1}
--
{"bytes":"N","event":"deploy.upload","host":"host001","time":"T","total":"N","wave":1}
{"bytes":"N","event":"deploy.upload","host":"host002","time":"T","total":"N","wave":2}
{"bytes":"N","event":"deploy.upload","host":"host003","time":"T","total":"N","wave":2}
{"event":"deploy.done","release":"j2","time":"T"}
{"event":"deploy.healthy","host":"host001","time":"T","wave":1}
{"event":"deploy.healthy","host":"host002","time":"T","wave":2}
{"event":"deploy.healthy","host":"host003","time":"T","wave":2}
{"event":"deploy.host","host":"host001","live":"j2","previous":"j1","status":"switched","time":"T","wave":1}
{"event":"deploy.host","host":"host002","live":"j2","previous":"j1","status":"switched","time":"T","wave":2}
{"event":"deploy.host","host":"host003","live":"j2","previous":"j1","status":"switched","time":"T","wave":2}
{"event":"deploy.locked","host":"host001","time":"T"}
{"event":"deploy.locked","host":"host002","time":"T"}
{"event":"deploy.locked","host":"host003","time":"T"}
{"event":"deploy.plan","message":"release j2 (N bytes, sha256 S) to 3 host(s) in 2 wave(s), max 0 failure(s) per wave","release":"j2","time":"T"}
{"event":"deploy.prepared","host":"host001","release":"j2","time":"T","wave":1}
{"event":"deploy.prepared","host":"host002","release":"j2","time":"T","wave":2}
{"event":"deploy.prepared","host":"host003","release":"j2","time":"T","wave":2}
{"event":"deploy.switched","host":"host001","message":"previous j1","release":"j2","time":"T","wave":1}
{"event":"deploy.switched","host":"host002","message":"previous j1","release":"j2","time":"T","wave":2}
{"event":"deploy.switched","host":"host003","message":"previous j1","release":"j2","time":"T","wave":2}
{"event":"deploy.unlocked","host":"host001","time":"T"}
{"event":"deploy.unlocked","host":"host002","time":"T"}
{"event":"deploy.unlocked","host":"host003","time":"T"}
{"event":"deploy.wave","message":"host001","time":"T","total":"N","wave":1}
{"event":"deploy.wave","message":"host002,host003","time":"T","total":"N","wave":2}
--
{"dry_run":true,"event":"rollback.plan","host":"host001","live":"j2","target":"j1","time":"T"}
{"dry_run":true,"event":"rollback.plan","host":"host002","live":"j2","target":"j1","time":"T"}
{"dry_run":true,"event":"rollback.plan","host":"host003","live":"j2","target":"j1","time":"T"}
--
{"event":"rollback.done","time":"T"}
{"event":"rollback.healthy","host":"host001","time":"T"}
{"event":"rollback.healthy","host":"host002","time":"T"}
{"event":"rollback.healthy","host":"host003","time":"T"}
{"event":"rollback.host","host":"host001","live":"j1","previous":"j2","status":"switched","time":"T"}
{"event":"rollback.host","host":"host002","live":"j1","previous":"j2","status":"switched","time":"T"}
{"event":"rollback.host","host":"host003","live":"j1","previous":"j2","status":"switched","time":"T"}
{"event":"rollback.switched","host":"host001","message":"previous j2","release":"j1","time":"T"}
{"event":"rollback.switched","host":"host002","message":"previous j2","release":"j1","time":"T"}
{"event":"rollback.switched","host":"host003","message":"previous j2","release":"j1","time":"T"}
--
{"command":"echo 'a b'","event":"exec.host","host":"host001","status":"dry-run","time":"T"}
{"command":"echo 'a b'","event":"exec.host","host":"host002","status":"dry-run","time":"T"}
--
{"duration_ms":"N","event":"exec.host","exit_status":0,"host":"host001","status":"ok","stderr":"err\n","stdout":"out\n","time":"T"}
{"duration_ms":"N","event":"exec.summary","failed":0,"hosts":1,"ok":1,"skipped":0,"time":"T"}
--
{"bytes":"N","event":"deploy.upload","host":"host001","time":"T","total":"N","wave":1}
{"bytes":"N","event":"deploy.upload","host":"host002","time":"T","total":"N","wave":2}
{"bytes":"N","event":"deploy.upload","host":"host003","time":"T","total":"N","wave":2}
{"error":"deploy stopped and rolled back (3 host(s) back on their old release): wave 2: 1 host(s) failed (max 0)","event":"opsctl.error","exit_code":3,"parts":{"failed":[{"changed":true,"error":"health: health command \"test ! -f /srv/app/shared/sick\" exited 1 (after 2 attempts)","name":"host003"}],"rolled_back":["host001","host002"]},"time":"T"}
{"error":"health command \"test ! -f /srv/app/shared/sick\" exited 1 (after 2 attempts)","event":"deploy.failed","host":"host003","message":"health","time":"T","wave":2}
{"error":"health command \"test ! -f /srv/app/shared/sick\" exited 1 (after 2 attempts)","event":"deploy.host","host":"host003","live":"j1","previous":"j1","status":"failed","step":"health","time":"T","wave":2}
{"event":"deploy.done","release":"j3","time":"T"}
{"event":"deploy.healthy","host":"host001","time":"T","wave":1}
{"event":"deploy.healthy","host":"host002","time":"T","wave":2}
{"event":"deploy.host","host":"host001","live":"j1","previous":"j1","status":"rolled back","time":"T","wave":1}
{"event":"deploy.host","host":"host002","live":"j1","previous":"j1","status":"rolled back","time":"T","wave":2}
{"event":"deploy.locked","host":"host001","time":"T"}
{"event":"deploy.locked","host":"host002","time":"T"}
{"event":"deploy.locked","host":"host003","time":"T"}
{"event":"deploy.plan","message":"release j3 (N bytes, sha256 S) to 3 host(s) in 2 wave(s), max 0 failure(s) per wave","release":"j3","time":"T"}
{"event":"deploy.prepared","host":"host001","release":"j3","time":"T","wave":1}
{"event":"deploy.prepared","host":"host002","release":"j3","time":"T","wave":2}
{"event":"deploy.prepared","host":"host003","release":"j3","time":"T","wave":2}
{"event":"deploy.rolled_back","host":"host001","release":"j1","time":"T"}
{"event":"deploy.rolled_back","host":"host002","release":"j1","time":"T"}
{"event":"deploy.rolled_back","host":"host003","release":"j1","time":"T"}
{"event":"deploy.switched","host":"host001","message":"previous j1","release":"j3","time":"T","wave":1}
{"event":"deploy.switched","host":"host002","message":"previous j1","release":"j3","time":"T","wave":2}
{"event":"deploy.switched","host":"host003","message":"previous j1","release":"j3","time":"T","wave":2}
{"event":"deploy.unlocked","host":"host001","time":"T"}
{"event":"deploy.unlocked","host":"host002","time":"T"}
{"event":"deploy.unlocked","host":"host003","time":"T"}
{"event":"deploy.wave","message":"host001","time":"T","total":"N","wave":1}
{"event":"deploy.wave","message":"host002,host003","time":"T","total":"N","wave":2}
--
{"error":"could not reach or lock 1 host(s), nothing changed:\n  host003: connect: 127.0.0.1:P: connection refused\n(bring them back, or leave them out of the host selection)\nto go on without them: opsctl deploy ... -H '!host003'","event":"opsctl.error","exit_code":1,"time":"T"}
{"event":"deploy.plan","message":"release j3 (N bytes, sha256 S) to 3 host(s) in 1 wave(s), max 0 failure(s) per wave","release":"j3","time":"T"}
{"event":"deploy.unlocked","host":"host001","time":"T"}
{"event":"deploy.unlocked","host":"host002","time":"T"}
{"event":"deploy.wave","message":"host001,host002,host003","time":"T","total":"N","wave":1}
--
{"error":"could not reach or lock 3 host(s), nothing changed:\n  host001: no release older than j1 on this host\n  host002: no release older than j1 on this host\n  host003: connect: 127.0.0.1:P: connection refused\n(bring them back, or leave them out of the host selection)\nto go on without them: opsctl rollback ... -H '!host001,!host002,!host003'","event":"opsctl.error","exit_code":1,"time":"T"}
--
{"duration_ms":"N","error":"connect: 127.0.0.1:P: connection refused","error_kind":"connect","event":"exec.host","exit_status":null,"host":"host003","status":"failed","time":"T"}
{"duration_ms":"N","event":"exec.host","exit_status":0,"host":"host001","status":"ok","stderr":"","stdout":"","time":"T"}
{"duration_ms":"N","event":"exec.host","exit_status":0,"host":"host002","status":"ok","stderr":"","stdout":"","time":"T"}
{"duration_ms":"N","event":"exec.summary","failed":1,"hosts":3,"ok":2,"skipped":0,"time":"T"}
`

const deployDayText = `          sum(rate(x[1m]))
Dry run: nothing will be changed.
artifact  N bytes, sha256 S
deploy_to /srv/app
gate      errors (prometheus): value <= 1; one evaluation; no data: fail
gate      pause D
health    command: test ! -f /srv/app/shared/sick
hook      after_switch: echo reloaded >> /srv/app/shared/reloads
max-fail  0 in the canary, 0 per later wave
release   j1
release j1 (N bytes, sha256 S) to 3 host(s) in 2 wave(s), max 0 failure(s) per wave
wave 1 (canary, 1 host(s)): host001
wave 2 (batch, 2 host(s)): host002, host003
--
  host001          switched to j1 (previous (none))
  host002          switched to j1 (previous (none))
  host003          switched to j1 (previous (none))
HOST     WAVE  STATUS    LIVE  BEFORE  REASON
host001  1     switched  j1    (none)  -
host002  1     switched  j1    (none)  -
host003  1     switched  j1    (none)  -
metric gates skipped (--no-gates)
release j1 (N bytes, sha256 S) to 3 host(s) in 1 wave(s), max 0 failure(s) per wave
release j1 is live on 3 host(s)
wave 1: host001,host002,host003
--
  host001          switched to j2 (previous j1)
  host002          switched to j2 (previous j1)
  host003          switched to j2 (previous j1)
HOST     WAVE  STATUS    LIVE  BEFORE  REASON
host001  1     switched  j2    j1      -
host002  2     switched  j2    j1      -
host003  2     switched  j2    j1      -
metric gates skipped (--no-gates)
release j2 (N bytes, sha256 S) to 3 host(s) in 2 wave(s), max 0 failure(s) per wave
release j2 is live on 3 host(s)
wave 1: host001
wave 2: host002,host003
--
HOST     LIVE  WOULD SWITCH TO  PROBLEM
host001  j2    j1               -
host002  j2    j1               -
host003  j2    j1               -
--
  host001          switched to j1 (previous j2)
  host002          switched to j1 (previous j2)
  host003          switched to j1 (previous j2)
HOST     STATUS    LIVE  BEFORE  REASON
host001  switched  j1    j2      -
host002  switched  j1    j2      -
host003  switched  j1    j2      -
--
host001 | would run: echo 'a b'
host002 | would run: echo 'a b'
--
1 ok, 0 failed, 0 skipped in D
host001 | err
host001 | out
--
  host001          rolled back to j1
  host001          switched to j3 (previous j1)
  host002          rolled back to j1
  host002          switched to j3 (previous j1)
  host003          FAILED health: health command "test ! -f /srv/app/shared/sick" exited 1 (after 2 attempts)
  host003          rolled back to j1
  host003          switched to j3 (previous j1)
HOST     WAVE  STATUS       LIVE  BEFORE  REASON
host001  1     rolled back  j1    j1      -
host002  2     rolled back  j1    j1      -
host003  2     failed       j1    j1      health: health command "test ! -f /srv/app/shared/sick" exited 1 (after 2 attempts)
metric gates skipped (--no-gates)
opsctl: deploy stopped and rolled back (3 host(s) back on their old release): wave 2: 1 host(s) failed (max 0)
release j3 (N bytes, sha256 S) to 3 host(s) in 2 wave(s), max 0 failure(s) per wave
wave 1: host001
wave 2: host002,host003
--
  host003: connect: 127.0.0.1:P: connection refused
(bring them back, or leave them out of the host selection)
metric gates skipped (--no-gates)
opsctl: could not reach or lock 1 host(s), nothing changed:
release j3 (N bytes, sha256 S) to 3 host(s) in 1 wave(s), max 0 failure(s) per wave
to go on without them: opsctl deploy ... -H '!host003'
wave 1: host001,host002,host003
--
  host001: no release older than j1 on this host
  host002: no release older than j1 on this host
  host003: connect: 127.0.0.1:P: connection refused
(bring them back, or leave them out of the host selection)
opsctl: could not reach or lock 3 host(s), nothing changed:
to go on without them: opsctl rollback ... -H '!host001,!host002,!host003'
--
2 ok, 1 failed, 0 skipped in D
host003 | FAILED: connect: 127.0.0.1:P: connection refused
`

// normalizeText is a text output's lines, sorted, with durations, hashes,
// sizes and ports replaced.
func normalizeText(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i, l := range lines {
		l = labPort.ReplaceAllString(planHash.ReplaceAllString(l, "(N bytes, sha256 S)"), "127.0.0.1:P")
		l = textSHA.ReplaceAllString(l, "N bytes, sha256 S")
		lines[i] = textDuration.ReplaceAllString(l, "D")
	}
	sort.Strings(lines)
	return strings.Join(slices.Compact(lines), "\n") + "\n"
}

var (
	textSHA      = regexp.MustCompile(`\d+ bytes, sha256 [0-9a-f]{64}`)
	textDuration = regexp.MustCompile(`\b\d+(\.\d+)?(ms|s|µs)\b`)
	planHash     = regexp.MustCompile(`\(\d+ bytes, sha256 [0-9a-f]+\)`)
	labPort      = regexp.MustCompile(`127\.0\.0\.1:\d+`)
)

// normalizeJSONLines rewrites each JSON line with sorted keys, run-specific
// values replaced: times by T, durations, sizes and byte counts by N,
// hashes by S, ports by P.
func normalizeJSONLines(t *testing.T, out string) string {
	t.Helper()
	var lines []string
	for _, ln := range strings.Split(strings.TrimSpace(out), "\n") {
		if ln == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(ln), &m); err != nil {
			t.Fatalf("not JSON: %s", ln)
		}
		for k, v := range m {
			switch k {
			case "time":
				m[k] = "T"
			case "duration_ms", "size", "bytes", "total":
				m[k] = "N"
			case "sha256":
				m[k] = "S"
			}
			if s, ok := v.(string); ok && (k == "message" || k == "error" || k == "stderr") {
				m[k] = labPort.ReplaceAllString(planHash.ReplaceAllString(s, "(N bytes, sha256 S)"), "127.0.0.1:P")
			}
		}
		b, _ := json.Marshal(m) // sorted keys
		lines = append(lines, string(b))
	}
	sort.Strings(lines)
	return strings.Join(slices.Compact(lines), "\n") + "\n" // a host's last upload count may come twice
}

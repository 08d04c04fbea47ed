package deploy

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"

	"al.essio.dev/pkg/shellescape"
)

var q = shellescape.Quote

var releaseIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// ValidateReleaseID rejects ids that are not plain names (spaces, shell
// metacharacters, slashes, dot names).
func ValidateReleaseID(id string) error {
	if !releaseIDRE.MatchString(id) || id == "." || id == ".." || strings.HasPrefix(id, ".") || len(id) > 128 {
		return fmt.Errorf("release id %q: use letters, digits and ._- only (not starting with a dot, at most 128 characters)", id)
	}
	return nil
}

// sh wraps a POSIX script so it runs under sh whatever the login shell is.
func sh(script string) string { return "sh -c " + q(script) }

// hookLines renders hooks as commands that fail the script with exit code
// rc and a message naming the hook.
func hookLines(b *strings.Builder, point string, hooks []string, timeout time.Duration, rc int) {
	secs := int(timeout.Seconds())
	if secs < 1 {
		secs = 1
	}
	for i, h := range hooks {
		fmt.Fprintf(b, "timeout %d sh -c %s </dev/null || { e=$?; echo \"opsctl: hook %s[%d] failed (exit $e%s)\" >&2; exit %d; }\n",
			secs, q(h), point, i, func() string {
				return fmt.Sprintf("; exit 124 means it ran over %ds", secs)
			}(), rc)
	}
}

// Exit codes of the scripts (besides the commands' own).
const (
	rcLive       = 70 // the release is already live
	rcChecksum   = 71
	rcExtract    = 72
	rcHook       = 73 // after_upload or before_switch hook failed: not switched
	rcAfterHook  = 74 // after_switch hook failed: switched
	rcMissing    = 75 // target release missing
	rcNoPrevious = 76
	rcNotLocked  = 77
	rcHeld       = 78 // lock held by another operation (lock + upload command)
)

// gzipProbe is an empty gzip member: a zstd that decodes it was built with
// gzip support.
const gzipProbe = `\037\213\010\000\000\000\000\000\000\003\003\000\000\000\000\000\000\000\000\000`

// prepareScript receives the artifact on stdin and, in one pass, hashes it
// and extracts it (tee into a fifo read by the hasher). The upload is
// CPU-bound on the host, so the script picks the cheapest tools the host
// has and spawns as few processes as it can:
//   - the hash is openssl's (SHA-NI where the CPU has it; ~2x coreutils
//     sha256sum) when openssl is installed, else sha256sum's. openssl is
//     not probed first: its output is checked instead (64 hex digits).
//   - the gzip stream is decoded by zstd when the host's zstd was built
//     with gzip support (zlib's inflate and CRC, several times faster than
//     GNU gzip), else by gzip. Both check the gzip CRC; a decoder error
//     fails the extract.
//
// The new release is left complete in releases/.tmp-<id>: the switch
// renames it to releases/<id> (finalize in switchBody), so a release that
// never went live (refused, aborted or interrupted deploy) never shows up
// under releases/, and the cleanup at unlock removes its .tmp-<id>.
func prepareScript(deployTo, id, sum string, shared []string, hooks []string, hookTimeout time.Duration) string {
	return sh(prepareBody(deployTo, id, sum, shared, hooks, hookTimeout))
}

func prepareBody(deployTo, id, sum string, shared []string, hooks []string, hookTimeout time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "set -e\numask 022\nd=%s\nid=%s\nwant=%s\n", q(deployTo), q(id), q(sum))
	b.WriteString(`r="$d/releases/$id"; t="$d/releases/.tmp-$id"
if [ -L "$d/current" ] && [ "$d/current" -ef "$r" ]; then echo "opsctl: release $id is already live" >&2; exit 70; fi
clean() { rm -rf "$t" "$t.fifo" "$t.sum" "$t.err" "$t.zrc"; }
for x in "$t" "$t.fifo" "$t.sum" "$t.err" "$t.zrc"; do if [ -e "$x" ] || [ -L "$x" ]; then clean; break; fi; done
mkdir -p "$d/shared" "$t"
mkfifo "$t.fifo"
if command -v openssl >/dev/null 2>&1; then hash="openssl dgst -sha256 -r"; else hash=sha256sum; fi
$hash < "$t.fifo" > "$t.sum" &
hp=$!
z=gzip
if command -v zstd >/dev/null 2>&1 && printf '` + gzipProbe + `' | zstd -dcq --format=gzip >/dev/null 2>&1; then z=zstd; fi
set +e
tee "$t.fifo" | {
  if [ $z = zstd ]; then
    { zstd -dcq --format=gzip; echo $? > "$t/.opsctl-zrc"; } | tar -xf - -C "$t"
  else
    tar -xzf - -C "$t"
  fi
  rc=$?; cat >/dev/null; exit $rc; }
trc=$?
wait $hp
set -e
if [ $trc = 0 ] && [ $z = zstd ]; then read -r trc < "$t/.opsctl-zrc" || trc=1; fi
rm -f "$t/.opsctl-zrc"
if [ "$trc" != 0 ] && [ "$(df -Pk "$t" 2>/dev/null | awk 'NR==2 {print $4}')" = 0 ]; then
  echo "opsctl: No space left on device: the filesystem of $d/releases is full" >&2
fi
got=""; read -r got rest < "$t.sum" || true
ok=1; case $got in *[!0-9a-f]*) ok=0;; esac; [ ${#got} = 64 ] || ok=0
if [ $ok = 0 ] && [ "$trc" != 0 ]; then
  clean; echo "opsctl: extract failed ($z, see its messages above)" >&2; exit 72
fi
if [ $ok = 0 ]; then
  clean; echo "opsctl: could not hash the upload with $hash (it printed: $(printf '%s' "$got $rest" | head -c 120))" >&2; exit 71
fi
if [ "$got" != "$want" ]; then clean; echo "opsctl: checksum mismatch: the artifact received has sha256 $got, expected $want" >&2; exit 71; fi
if [ "$trc" != 0 ]; then clean; echo "opsctl: extract failed ($z, see its messages above)" >&2; exit 72; fi
rm -f "$t.fifo" "$t.sum"
`)
	for _, p := range shared {
		dir := strings.HasSuffix(p, "/")
		p = strings.TrimSuffix(p, "/")
		fmt.Fprintf(&b, "mkdir -p \"$d/shared/\"%s\n", q(path.Dir(p)))
		if dir {
			fmt.Fprintf(&b, "mkdir -p \"$d/shared/\"%s\n", q(p))
		}
		fmt.Fprintf(&b, "rm -rf \"$t/\"%s\nmkdir -p \"$t/\"%s\nln -s \"$d/shared/\"%s \"$t/\"%s\n", q(p), q(path.Dir(p)), q(p), q(p))
	}
	if len(hooks) > 0 {
		b.WriteString("cd \"$t\"\n")
		hookLines(&b, "after_upload", hooks, hookTimeout, rcHook)
		b.WriteString("cd /\n")
	}
	b.WriteString("touch \"$t\"\necho PREPARED\n")
	return b.String()
}

// switchBody switches current to releases/<id> (or removes current when id
// is empty: the host had no release before), logs it, and runs hooks.
// It prints "PREV <id>" then "SWITCHED". The caller wraps it. finalize
// (a deploy's switch, under the lock that covered the upload) first
// renames the release prepared in releases/.tmp-<id> to releases/<id>.
func switchBody(deployTo, id, user, action, deployID string, before, after []string, hookTimeout time.Duration, finalize bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "d=%s\nid=%s\n", q(deployTo), q(id))
	b.WriteString(`r="$d/releases/$id"
`)
	if finalize {
		b.WriteString(`t="$d/releases/.tmp-$id"
if [ -d "$t" ]; then
  if [ -e "$r" ] || [ -L "$r" ]; then rm -rf "$r"; fi
  mv "$t" "$r"
fi
`)
	}
	b.WriteString(`if [ -n "$id" ] && [ ! -d "$r" ]; then echo "opsctl: release $id is not on this host" >&2; exit 75; fi
`)
	b.WriteString(liveLines("prev", `"$d"`))
	b.WriteString(`echo "PREV $prev"
`)
	if len(before) > 0 {
		b.WriteString("cd \"$r\"\n")
		hookLines(&b, "before_switch", before, hookTimeout, rcHook)
	}
	b.WriteString(`if [ -n "$id" ]; then
  if [ -L "$d/.current.$$" ]; then rm -f "$d/.current.$$"; fi
  ln -s "$r" "$d/.current.$$"
  mv -T "$d/.current.$$" "$d/current"
else
  rm -f "$d/current"
fi
`)
	// the time is the client's (one clock for the whole operation, and no
	// date process per host); milliseconds, so two operations within one
	// second keep their order in `opsctl history`
	fmt.Fprintf(&b, "printf '%%s\\t%%s\\t%%s\\t%%s\\t%%s\\t%%s\\n' %s \"$id\" %s %s %s \"$prev\" >> \"$d/revisions.log\"\n",
		time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), q(clean(user)), q(action), q(deployID))
	b.WriteString("echo SWITCHED\n")
	if len(after) > 0 {
		b.WriteString("cd \"$d/current\" 2>/dev/null || cd \"$d\"\n")
		hookLines(&b, "after_switch", after, hookTimeout, rcAfterHook)
	}
	return b.String()
}

func switchScript(deployTo, id, user, action, deployID string, before, after []string, hookTimeout time.Duration, finalize bool) string {
	return sh("set -e\n" + switchBody(deployTo, id, user, action, deployID, before, after, hookTimeout, finalize))
}

func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// lockLines tries to take the lock; on success it prints LOCKED, otherwise
// HELD followed by the holder's info, and exits 0 either way.
func lockLines(b *strings.Builder, deployTo, info string, force bool) {
	lockLinesRC(b, deployTo, info, force, 0)
}

// lockLinesRC is lockLines exiting with heldRC when the lock is held.
func lockLinesRC(b *strings.Builder, deployTo, info string, force bool, heldRC int) {
	fmt.Fprintf(b, "d=%s\n[ -d \"$d\" ] || mkdir -p \"$d\"\n", q(deployTo))
	if force {
		b.WriteString("if [ -d \"$d/.opsctl.lock\" ]; then echo BROKE; cat \"$d/.opsctl.lock/info\" 2>/dev/null; echo; rm -rf \"$d/.opsctl.lock\"; fi\n")
	}
	fmt.Fprintf(b, "if mkdir \"$d/.opsctl.lock\" 2>/dev/null; then printf '%%s\\n' %s > \"$d/.opsctl.lock/info\"; echo LOCKED; else echo HELD; cat \"$d/.opsctl.lock/info\" 2>/dev/null; exit %d; fi\n", q(info), heldRC)
}

// tmpCleanLines removes what an upload of release id may have left in
// releases/ (.tmp-<id> and its fifo and files). Only for hosts this
// operation holds the lock on.
func tmpCleanLines(b *strings.Builder, deployTo, id string) {
	fmt.Fprintf(b, "t=%s/releases/.tmp-%s\nfor x in \"$t\" \"$t.fifo\" \"$t.sum\" \"$t.err\" \"$t.zrc\"; do if [ -e \"$x\" ] || [ -L \"$x\" ]; then rm -rf \"$t\" \"$t.fifo\" \"$t.sum\" \"$t.err\" \"$t.zrc\"; break; fi; done\n", q(deployTo), q(id))
}

// interruptedLine appends a revisions.log line marking deploy opID as
// interrupted on this host (action "interrupted"; the release stack and
// rollback's target ignore it): 'opsctl history' shows the deploy as cut
// short instead of ok.
func interruptedLine(b *strings.Builder, deployTo, id, user, opID, prev string) {
	fmt.Fprintf(b, "printf '%%s\\t%%s\\t%%s\\t%%s\\t%%s\\t%%s\\n' %s %s %s interrupted %s %s >> %s\n",
		time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), q(id), q(clean(user)), q(opID), q(prev), q(deployTo+"/revisions.log"))
}

// unlockLines removes the lock only when it is ours (its info names our
// operation id).
func unlockLines(b *strings.Builder, deployTo, opID string) {
	ifOursLines(b, deployTo, opID, "rm -rf \"$d/.opsctl.lock\"; echo UNLOCKED\n")
}

// ifOursLines runs body (shell lines) only when the lock is ours.
func ifOursLines(b *strings.Builder, deployTo, opID, body string) {
	fmt.Fprintf(b, "d=%s\nif [ -f \"$d/.opsctl.lock/info\" ] && IFS= read -r info < \"$d/.opsctl.lock/info\"; then case \"$info\" in *%s*)\n%s;; esac; fi\n",
		q(deployTo), q(`"id":"`+opID+`"`), body)
}

// pruneLines removes old releases, never the live one, the one a rollback
// would go to, or keepAlso. With a revisions.log, it keeps the first keep
// releases of the live history (see previousLines) and removes the rest:
// older ones, and releases that were rolled back or never went live.
// Without one, it keeps the keep newest by age. It also removes stale
// uploads (the lock is held, so no upload is in flight).
func pruneLines(b *strings.Builder, deployTo string, keep int, keepAlso string) {
	fmt.Fprintf(b, "d=%s\nkeep=%d\nalso=%s\n", q(deployTo), keep, q(keepAlso))
	previousLines(b)
	// Builtins only, except awk (previousLines) and one rm
	// per release removed: this runs on every host at the end of every
	// deploy.
	b.WriteString(`keepset=" "
if [ -n "$stack" ]; then
  n=0
  for r in $cur $stack; do
    case "$keepset" in *" $r "*) continue;; esac
    [ $n -lt $keep ] || break
    keepset="$keepset$r "; n=$((n+1))
  done
fi
if cd "$d/releases" 2>/dev/null; then
  for x in ./.tmp-*; do if [ -e "$x" ] || [ -L "$x" ]; then rm -rf ./.tmp-*; fi; break; done
  if [ -n "$stack" ]; then
    for r in *; do
      if [ ! -e "$r" ] && [ ! -L "$r" ]; then continue; fi
      if [ "$r" = "$cur" ] || [ "$r" = "$target" ] || [ "$r" = "$also" ]; then continue; fi
      case "$keepset" in *" $r "*) ;; *) rm -rf -- "./$r"; echo "PRUNED $r";; esac
    done
  else
    ls -1t | { n=0
    while IFS= read -r r; do
      n=$((n+1))
      if [ "$r" = "$cur" ] || [ "$r" = "$target" ] || [ "$r" = "$also" ]; then continue; fi
      if [ $n -gt $keep ]; then rm -rf -- "./$r"; echo "PRUNED $r"; fi
    done; }
  fi
fi
`)
}

// previousLines sets $cur (the live release), $stack (the live history
// replayed from revisions.log, newest first, without cur: a deploy pushes,
// a rollback pops back to its target, so a release that was rolled back is
// not in it) and $target: the first release of $stack still on disk, or,
// without a usable log, the next older release directory by age ("" when
// there is none).
func previousLines(b *strings.Builder) {
	b.WriteString(liveLines("cur", `"$d"`))
	b.WriteString(`stack=$(awk -F '\t' -v cur="$cur" '
  NF >= 5 && $4 != "interrupted" { if ($4 == "rollback") { while (n > 0 && s[n] != $2) n--; if (n == 0) s[++n] = $2 } else s[++n] = $2 }
  END { for (i = n; i > 0; i--) if (s[i] != cur && s[i] != "" && !seen[s[i]]++) print s[i] }' "$d/revisions.log" 2>/dev/null || true)
target=""
for r in $stack; do
  if [ -d "$d/releases/$r" ]; then target=$r; break; fi
done
if [ -z "$target" ] && [ -z "$stack" ]; then
target=$(ls -1t "$d/releases" 2>/dev/null | { seen=0; while IFS= read -r r; do
  if [ "$seen" = 1 ]; then echo "$r"; break; fi
  if [ "$r" = "$cur" ]; then seen=1; fi
done; })
fi
`)
}

// currentLines prints "CUR <live release id>" ("CUR " when none).
func currentLines(deployTo string) string {
	return liveLines("c", q(deployTo)) + "echo \"CUR $c\"\n"
}

// liveLines sets the shell variable v to the id of the live release (the
// last element of what dir/current points to; "" when there is none).
// In the usual case it runs no process: cd -P and $PWD, not a readlink
// (a rollback runs this on every host, and where a fork+exec costs
// milliseconds, 100 hosts on a few cores feel each one). It falls back to
// readlink where the two could differ: a dangling link, a release
// directory that is itself a link, a directory cd may not enter. It
// leaves the working directory at /.
func liveLines(v, dir string) string {
	return fmt.Sprintf(`%[1]s=
if [ -L %[2]s/current ]; then
  if cd -P %[2]s/current 2>/dev/null && [ %[2]s/releases/"${PWD##*/}" -ef . ]; then %[1]s=${PWD##*/}
  else %[1]s=$(readlink %[2]s/current 2>/dev/null || true); %[1]s=${%[1]s##*/}; fi
  cd /
fi
`, v, dir)
}

func parseCurrent(out string) (string, bool) {
	for _, l := range strings.Split(out, "\n") {
		if c, ok := strings.CutPrefix(l, "CUR "); ok {
			return c, true
		}
		if l == "CUR" {
			return "", true
		}
	}
	return "", false
}

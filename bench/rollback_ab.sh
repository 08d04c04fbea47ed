#!/bin/sh
# The 100-host rollback (issue 16) in one run, alternated so every
# binary sees the same machine: opsctl rollback with this tree's binary
# (NEW) and with an older one (OLD, e.g. 211c249, the commit whose figure
# was 1.72 s on the earlier sessions' machine), the naive xargs -P ssh
# flip (ln -s && mv -T, one OpenSSH client per host), and the floor:
# `opsctl exec -- true` (connect + one command that does nothing). Each
# figure: wall, the client's CPU and the whole machine's CPU, since here
# the 100 sshds share the client's 2 cores (in production each host does
# its own server side, and the client's CPU is what the fleet size costs).
#
#   go build -o /tmp/opsctl ./cmd/opsctl && go build -o /tmp/opslab ./cmd/opslab
#   mkdir /tmp/old211 && git archive 211c249 | tar -x -C /tmp/old211 && (cd /tmp/old211 && go build -o /tmp/opsctl-211 ./cmd/opsctl)
#   /tmp/opslab up -n 100 > /tmp/opslab.out &      # prints config: PATH
#   LAB=$(sed -n 's/^config: //p' /tmp/opslab.out) sh bench/rollback_ab.sh
#
# OPSCTL (default /tmp/opsctl), OLD (default /tmp/opsctl-211), ROUNDS
# (default 4), N (hosts, default 100).
set -eu
D=$(dirname "$LAB")
W=$(mktemp -d)
# the lab's inventory plus an app, and the 30 s connect timeout of the Go
# benchmark (benchTimeout): 100 sshds on 2 cores can take longer than 5 s
# to answer a burst of handshakes
sed 's/connect_timeout: .*/connect_timeout: 30s/' "$LAB" > "$W/opsctl.yaml"
printf 'app:\n  deploy_to: /srv/app\n' >> "$W/opsctl.yaml"
export OPSCTL_CONFIG=$W/opsctl.yaml OPSCTL_YES=1
OPSCTL=${OPSCTL:-/tmp/opsctl}
OLD=${OLD:-/tmp/opsctl-211}
ROUNDS=${ROUNDS:-4}
N=${N:-100}
SEL="web[01:$N]"
# tm CMD...: "wall/client/machine": the wall seconds of CMD, the CPU
# seconds (user + sys) of CMD and the processes it waited for (opsctl
# itself; xargs with its ssh clients), and the CPU seconds the whole
# machine spent meanwhile (/proc/stat: the client plus every sshd and the
# shells it ran). Its output is dropped; a failure shows as FAILED.
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
tm() {
  c0=$(busy)
  if /usr/bin/time -f '%e %U %S' -o "$W/time" "$@" > /dev/null 2>&1; then f=; else f=FAILED; fi
  c1=$(busy)
  tail -1 "$W/time" | awk -v m=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v f="$f" '{printf "%.2f/%.2f/%.1f%s", $1, $2 + $3, m / hz, f}'
}
la() { cut -d' ' -f1-3 /proc/loadavg; }
A=a$$ B=b$$   # release ids new to the fleet
for r in $A $B; do
  mkdir -p "$W/$r" && echo "$r" > "$W/$r/REVISION" && tar -czf "$W/$r.tgz" -C "$W/$r" .
  "$OPSCTL" -H "$SEL" --concurrency 200 deploy --artifact "$W/$r.tgz" --release-id "$r" > /dev/null 2>&1
done
ports=$(sed -n 's/.*name: web\([0-9]*\), address: 127.0.0.1, port: \([0-9]*\).*/\1 \2/p' "$LAB" | awk -v n=$N '$1+0 <= n {print $2}')
echo "$ports" > "$W/ports"
# the naive flip as a script, so time(1) sees xargs and its ssh clients
cat > "$W/xflip" <<EOF
#!/bin/sh
xargs -P "$N" -I{} ssh -q -i "$D/ssh-web/id_ed25519" -o UserKnownHostsFile="$D/ssh-web/known_hosts" \\
  -o BatchMode=yes -p {} root@127.0.0.1 "ln -s /srv/app/releases/\$1 /srv/app/.cur.tmp && mv -T /srv/app/.cur.tmp /srv/app/current" < "$W/ports"
EOF
chmod +x "$W/xflip"
echo "machine: $(nproc) cores; $N lab hosts (sshd each); load average at start $(la)"
echo "round new_rollback old_rollback xargs_flip exec_true (each: wall/client CPU/machine CPU, seconds)"
i=0
for round in $(seq $ROUNDS); do
  to=$A; [ $((round % 2)) = 0 ] && to=$B
  other=$B; [ $to = $B ] && other=$A
  a=$(tm "$OPSCTL" -H "$SEL" --concurrency 200 rollback --to $to)
  b=$(tm "$OLD" -H "$SEL" --concurrency 200 rollback --to $other)
  c=$(tm "$W/xflip" $to)
  "$OPSCTL" -H "$SEL" --concurrency 200 rollback --to $other > /dev/null 2>&1 || true
  e=$(tm "$OPSCTL" -H "$SEL" --concurrency 200 exec -- true)
  echo "$round $a $b $c $e   (load $(la))"
done
rm -rf "$W"

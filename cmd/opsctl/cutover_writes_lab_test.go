package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
)

// writeResult is one POST of the write load.
type writeResult struct {
	token      string
	slow       bool
	start, end time.Time
	status     int
	err        error
	body       string
}

// writeLoad posts orders through both HAProxy as fast as it can (fast
// workers) and with a hold of 1.5-4 s inside the app before the commit
// (slow workers), each with a unique token, until stop is closed.
func (cl *cutoverLab) writeLoad(stop <-chan struct{}, fast, slow int) (func() []writeResult, *loadPace) {
	pace := newLoadPace(fast + slow)
	var mu sync.Mutex
	var res []writeResult
	var wg sync.WaitGroup
	var seq atomic.Int64
	c := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: fast + slow}}
	for w := 0; w < fast+slow; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			isSlow := w >= fast
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				r := writeResult{token: fmt.Sprintf("w%d-%d", w, seq.Add(1)), slow: isSlow}
				q := "token=" + r.token
				if isSlow {
					q += fmt.Sprintf("&hold=%dms", 1500+(w*700+i*300)%2500)
				}
				lb := cl.lbs[(w+i)%len(cl.lbs)]
				req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("http://127.0.0.1:%d/orders?%s", lb.FrontendPort, q), strings.NewReader("product=1&qty=2"))
				req.Host = "shop.example"
				r.start = time.Now()
				pace.began(w)
				resp, err := c.Do(req)
				r.end = time.Now()
				if err != nil {
					r.err = err
				} else {
					b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
					resp.Body.Close()
					r.status, r.body = resp.StatusCode, string(b)
				}
				mu.Lock()
				res = append(res, r)
				mu.Unlock()
				pace.answered(w)
				if r.status == 503 || r.err != nil {
					time.Sleep(20 * time.Millisecond) // refused: don't spin
				}
			}
		}(w)
	}
	return func() []writeResult {
		wg.Wait()
		return res
	}, pace
}

// TestCutoverKeepsEveryAcknowledgedWrite: the cutover under a continuous
// write load through the site (HAProxy -> Varnish -> app hosts), with
// slow requests the site accepted just before the flip that commit
// seconds later, and a write made straight to MySQL (as root: MariaDB's
// read_only does not stop it) after verify. Every write answered 2xx
// must exist exactly once in PostgreSQL, or the cutover must stop before
// the repoint with the site read-only.
//
// Before issue 15 both kinds were lost by a cutover that exited 0: the
// slow request committed into MySQL after quiesce (answered 200), the
// direct write after verify, and nothing looked at MySQL again.
func TestCutoverKeepsEveryAcknowledgedWrite(t *testing.T) {
	cl := startCutoverLab(t, 20000, "copy")
	c := cl.cfg
	// The app connects as an ordinary account (no SUPER), as it should:
	// MySQL's read_only applies to it.
	root, err := sql.Open("mysql", cl.my.DSN("shop"))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if _, err := root.Exec("CREATE USER 'app'@'127.0.0.1' IDENTIFIED BY 'app-pw'; GRANT ALL ON shop.* TO 'app'@'127.0.0.1'"); err != nil {
		t.Fatal(err)
	}
	appURL := fmt.Sprintf("mysql://app:app-pw@127.0.0.1:%d/shop", cl.my.Port)
	for _, f := range cl.urlFile {
		if err := os.WriteFile(f, []byte(appURL+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The straddler: a POST the site accepts just before readonly-on,
	// held in the app until verify has compared, then committed. And a
	// write straight to MySQL (root) at the same moment. recheck is the
	// step after verify; before issue 15 there was none: repoint.
	appGate = &gateT{arrived: make(chan struct{}), release: make(chan struct{}), done: make(chan struct{})}
	t.Cleanup(func() { appGate = nil })
	var straddler writeResult
	straddled := make(chan struct{})
	var released atomic.Bool
	cutoverBeforeStep = func(ctx context.Context, step string) error {
		switch {
		case step == "readonly-on":
			go func() {
				defer close(straddled)
				straddler = cl.postOnce("straddler", "gate=1")
			}()
			select {
			case <-appGate.arrived:
			case <-time.After(20 * time.Second):
				return fmt.Errorf("the straddling request never reached the app")
			}
		case (step == "recheck" || step == "repoint") && released.CompareAndSwap(false, true):
			close(appGate.release)
			<-appGate.done
			<-straddled
			t.Logf("straddler: %d %q", straddler.status, strings.TrimSpace(straddler.body))
			if _, err := root.Exec("INSERT INTO orders (product_id, qty, note) VALUES (3, 1, 'direct-after-verify')"); err != nil {
				return err
			}
		}
		return nil
	}
	t.Cleanup(func() { cutoverBeforeStep = nil })

	stop := make(chan struct{})
	results, pace := cl.writeLoad(stop, 12, 4)
	// The load runs for a while before the window.
	waitFor(t, 20*time.Second, func() bool { return cl.count(t, "mysql") > 20000+200 })
	start := time.Now()
	out, errOut, code := runCLIb(t, "-c", c, "-o", "json", "migrate", "cutover")
	cutoverBeforeStep = nil
	cutoverEnd := time.Now()
	// Writes go on after the window (into PostgreSQL) until the slowest
	// request that straddled the flip has answered: every worker, slow
	// ones included, began a new request after the end.
	waitFor(t, 30*time.Second, func() bool { return pace.beganAfter(cutoverEnd) })
	close(stop)
	res := results()
	t.Logf("cutover: exit %d in %s\n%s", code, cutoverEnd.Sub(start).Round(time.Millisecond), errOut)
	tl := parseTimeline(t, out)
	var steps []string
	for _, s := range tl.Steps {
		steps = append(steps, fmt.Sprintf("%-15s %9.1f ms  %s  %s", s.Step, s.TookMS, s.Status, s.Detail))
	}
	t.Logf("timeline (read-only window %.0f ms):\n%s", tl.WindowMS, strings.Join(steps, "\n"))
	if strings.Contains(out+errOut, lab.RootPassword) || strings.Contains(out+errOut, "app-pw") {
		t.Error("a password was printed")
	}

	// What PostgreSQL holds, by token.
	pgDB, err := sql.Open("pgx", cl.pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pgDB.Close()
	inPG := map[string]int{}
	rows, err := pgDB.Query("SELECT note, count(*) FROM orders GROUP BY note")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		var k int
		rows.Scan(&n, &k)
		inPG[n] = k
	}
	rows.Close()

	var ok, okPG, refused503, failed, slowOK, slowFailed, transport int
	var lost []string
	for _, r := range res {
		switch {
		case r.err != nil:
			transport++
		case r.status >= 200 && r.status < 300:
			ok++
			if strings.Contains(r.body, "db=postgres") {
				okPG++
			}
			if r.slow {
				slowOK++
			}
			if code == 0 && inPG[r.token] != 1 {
				lost = append(lost, fmt.Sprintf("%s (%s..%s, slow %v, %q): %d time(s) in PostgreSQL", r.token,
					r.start.Format("15:04:05.000"), r.end.Format("15:04:05.000"), r.slow, strings.TrimSpace(r.body), inPG[r.token]))
			}
		case r.status == 503:
			refused503++
		default:
			failed++ // MySQL's read_only refused the commit: the client knows
			if r.slow {
				slowFailed++
			}
		}
	}
	window := cutoverEnd.Sub(start).Seconds()
	t.Logf("writes: %d posted (%.0f/s over the run), %d answered 2xx (%d by PostgreSQL), %d refused 503 by the read-only site, %d failed in the app (MySQL read_only), %d transport errors; slow: %d ok, %d failed",
		len(res), float64(len(res))/(time.Since(start).Seconds()+1), ok, okPG, refused503, failed, transport, slowOK, slowFailed)
	_ = window
	if code != 0 {
		// The allowed alternative: stopped before the repoint, read-only.
		if code != ExitPartial || strings.Contains(errOut, "every app host points at PostgreSQL") {
			t.Fatalf("cutover: exit %d, want 0 or a stop before the repoint\n%s%s", code, out, errOut)
		}
		if p := cl.pointsAt(t); p[0] != "mysql" || p[1] != "mysql" {
			t.Fatalf("stopped, but app hosts point at %v", p)
		}
		return
	}
	if len(lost) > 0 {
		t.Errorf("%d acknowledged write(s) not exactly once in PostgreSQL:\n%s", len(lost), strings.Join(first(lost, 20), "\n"))
	}
	if straddler.status == 200 && inPG["straddler"] != 1 {
		t.Errorf("the straddling request was answered %d %q but is %d time(s) in PostgreSQL", straddler.status, strings.TrimSpace(straddler.body), inPG["straddler"])
	}
	if inPG["direct-after-verify"] != 1 {
		t.Errorf("the write made straight to MySQL after verify is %d time(s) in PostgreSQL", inPG["direct-after-verify"])
	}
	if refused503 == 0 || okPG == 0 || ok == okPG {
		t.Errorf("the load did not span the cutover: %d refused, %d on PostgreSQL, %d accepted", refused503, okPG, ok)
	}
	// MySQL stays read-only after the cutover: a stray writer fails.
	var v string
	if err := root.QueryRow("SELECT @@GLOBAL.read_only").Scan(&v); err != nil || v != "1" {
		t.Errorf("MySQL read_only after the cutover: %q %v", v, err)
	}
}

// postOnce posts one order through the first HAProxy.
func (cl *cutoverLab) postOnce(token, query string) writeResult {
	r := writeResult{token: token, slow: true, start: time.Now()}
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("http://127.0.0.1:%d/orders?token=%s&%s", cl.lbs[0].FrontendPort, token, query), strings.NewReader("x=1"))
	req.Host = "shop.example"
	resp, err := (&http.Client{Timeout: 60 * time.Second}).Do(req)
	r.end = time.Now()
	if err != nil {
		r.err = err
		return r
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	r.status, r.body = resp.StatusCode, string(b)
	return r
}

func waitFor(t testing.TB, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met in %s", d)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

package notify

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSendAndDownReceiver(t *testing.T) {
	var mu sync.Mutex
	var bodies []map[string]any
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]any
		json.NewDecoder(r.Body).Decode(&m)
		mu.Lock()
		bodies = append(bodies, m)
		mu.Unlock()
	}))
	defer hook.Close()
	udp, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer udp.Close()
	// a receiver that accepts and never answers
	hang, _ := net.Listen("tcp", "127.0.0.1:0")
	defer hang.Close()

	var warns []string
	n := &Notifier{Webhook: hook.URL + "/secret-token", StatsD: udp.LocalAddr().String(), Graphite: "http://user:pw@" + hang.Addr().String(),
		Timeout: 300 * time.Millisecond, OnWarn: func(r string, err error) { mu.Lock(); warns = append(warns, err.Error()); mu.Unlock() }}
	start := time.Now()
	n.Send(Event{Kind: "deploy.start", Text: "deploy r1 started", Release: "r1"})
	n.Send(Event{Kind: "deploy.finish", Text: "deploy r1 finished", Release: "r1", Duration: 1500 * time.Millisecond})
	if time.Since(start) > 50*time.Millisecond {
		t.Fatalf("Send blocked %s", time.Since(start))
	}
	n.Close()
	if d := time.Since(start); d > 700*time.Millisecond {
		t.Fatalf("a receiver that is down cost %s (timeout 300ms)", d)
	}
	buf := make([]byte, 512)
	udp.SetReadDeadline(time.Now().Add(time.Second))
	var got []string
	for i := 0; i < 2; i++ {
		k, _, err := udp.ReadFrom(buf)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(buf[:k]))
	}
	all := strings.Join(got, "\n")
	if !strings.Contains(all, "opsctl.deploy.start:1|c") || !strings.Contains(all, "opsctl.deploy.finish.duration:1500|ms") {
		t.Fatalf("statsd got %q", all)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 2 || bodies[1]["text"] != "deploy r1 finished" || bodies[1]["event"] != "deploy.finish" {
		t.Fatalf("webhook got %v", bodies)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "graphite event") || strings.Contains(warns[0], "pw") || strings.Contains(warns[0], "127.0.0.1") {
		t.Fatalf("warnings %q", warns)
	}
}

package deploy

import (
	"testing"

	"github.com/opsctl/opsctl/event"
)

// WaveProgress adds up the wave under way: bytes per host (the latest
// count of each), hosts uploaded and switched; another wave's events do
// not count, a new wave starts again.
func TestWaveProgress(t *testing.T) {
	var p WaveProgress
	ev := func(verb, host string, wave int, bytes, total int64) bool {
		return p.Add(Event{Event: event.Event{Name: "deploy." + verb, Host: host}, Wave: wave, Bytes: bytes, Total: total, Message: "a,b"})
	}
	if ev(EvUpload, "a", 1, 10, 100) {
		t.Fatal("an upload before any wave counts")
	}
	ev(EvWave, "", 1, 0, 200)
	ev(EvUpload, "a", 1, 10, 100)
	ev(EvUpload, "a", 1, 60, 100)
	ev(EvUpload, "b", 1, 40, 100)
	ev(EvPrepared, "a", 1, 0, 0)
	ev(EvSwitched, "a", 1, 0, 0)
	ev(EvFailed, "b", 1, 0, 0)
	if ev(EvUpload, "c", 2, 99, 100) || ev(EvLocked, "a", 0, 0, 0) {
		t.Fatal("another wave's or another verb's event counts")
	}
	if p.Sent != 100 || p.Total != 200 || p.Uploaded != 2 || p.Switched != 1 || p.String() != "wave 1: 2/2 hosts uploaded, 1/2 switched" {
		t.Fatalf("%+v %q", p, p.String())
	}
	ev(EvWave, "", 2, 0, 0)
	if p.Sent != 0 || p.Total != 1 || p.Uploaded != 0 || p.Wave != 2 {
		t.Fatalf("a new wave: %+v", p)
	}
}

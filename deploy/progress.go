package deploy

import (
	"fmt"
	"strings"
)

// WaveProgress adds up a deploy's events (OnEvent) into the progress of
// the wave under way, for a progress bar: the bytes sent to its hosts out
// of the wave's total, and how many of its hosts are uploaded (prepared,
// or failed) and switched. Its zero value is ready; it is not safe for
// concurrent use (OnEvent is called from many goroutines: guard it).
type WaveProgress struct {
	Wave, Hosts        int
	Sent, Total        int64 // Total is at least 1
	Uploaded, Switched int
	sent               map[string]int64
	uploaded, switched map[string]bool
}

// Add folds e in and reports whether it changed the progress: a wave that
// starts (then the counts start again), bytes or a host of the wave.
func (p *WaveProgress) Add(e Event) bool {
	switch e.Verb() {
	case EvWave:
		*p = WaveProgress{Wave: e.Wave, Hosts: len(strings.Split(e.Message, ",")), Total: max(e.Total, 1),
			sent: map[string]int64{}, uploaded: map[string]bool{}, switched: map[string]bool{}}
	case EvUpload:
		if e.Wave != p.Wave || p.sent == nil {
			return false
		}
		p.Sent += e.Bytes - p.sent[e.Host]
		p.sent[e.Host] = e.Bytes
	case EvPrepared, EvSwitched, EvFailed:
		if e.Wave != p.Wave || p.sent == nil {
			return false
		}
		p.uploaded[e.Host] = true
		if e.Is(EvSwitched) {
			p.switched[e.Host] = true
		}
		p.Uploaded, p.Switched = len(p.uploaded), len(p.switched)
	default:
		return false
	}
	return true
}

// String is "wave 2: 3/4 hosts uploaded, 1/4 switched".
func (p *WaveProgress) String() string {
	return fmt.Sprintf("wave %d: %d/%d hosts uploaded, %d/%d switched", p.Wave, p.Uploaded, p.Hosts, p.Switched, p.Hosts)
}

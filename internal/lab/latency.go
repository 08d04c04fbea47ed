package lab

import (
	"errors"
	"io"
	"net"
	"sync"
	"time"
)

// DelayProxy listens on a fresh 127.0.0.1 port and forwards every
// connection to target, delaying each direction by oneWay (a round trip
// gains 2*oneWay): a WAN without netem. Bytes keep their order and stream:
// each chunk read is stamped and released oneWay later by a writer
// goroutine, so the delay is latency only, not a cap on throughput. Half
// closes are forwarded (after the delay too). The proxy and its
// connections stop at lab Close. It returns the proxy's address.
func (l *Lab) DelayProxy(target string, oneWay time.Duration) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	p := &delayProxy{ln: ln, target: target, delay: oneWay, conns: map[net.Conn]struct{}{}}
	l.OnClose(p.close)
	go p.serve()
	return ln.Addr().String(), nil
}

type delayProxy struct {
	ln     net.Listener
	target string
	delay  time.Duration

	mu     sync.Mutex
	closed bool
	conns  map[net.Conn]struct{}
}

func (p *delayProxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *delayProxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	c.Close()
}

func (p *delayProxy) close() {
	p.mu.Lock()
	p.closed = true
	conns := p.conns
	p.conns = map[net.Conn]struct{}{}
	p.mu.Unlock()
	p.ln.Close()
	for c := range conns {
		c.Close()
	}
}

func (p *delayProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		go p.handle(c)
	}
}

func (p *delayProxy) handle(client net.Conn) {
	if !p.track(client) {
		return
	}
	defer p.untrack(client)
	// The connect crosses the WAN: SYN, SYN-ACK, ACK before the server
	// accepts and speaks (data the client sends meanwhile is read after).
	time.Sleep(3 * p.delay)
	server, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		return
	}
	if !p.track(server) {
		return
	}
	defer p.untrack(server)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); p.pipe(server, client) }()
	go func() { defer wg.Done(); p.pipe(client, server) }()
	wg.Wait()
}

// chunk is data read at some time, due for writing at due; data == nil
// means EOF (forward a half close).
type chunk struct {
	data []byte
	due  time.Time
}

// pipe copies src to dst, each chunk oneWay after it was read. The queue is
// bounded (at most 256 chunks of 32 KiB in flight per direction); when it is
// full the reader waits, like a full TCP window.
func (p *delayProxy) pipe(dst, src net.Conn) {
	q := make(chan chunk, 256)
	go func() {
		defer close(q)
		for {
			buf := make([]byte, 32<<10)
			n, err := src.Read(buf)
			if n > 0 {
				q <- chunk{data: buf[:n], due: time.Now().Add(p.delay)}
			}
			if err != nil {
				if err == io.EOF {
					q <- chunk{due: time.Now().Add(p.delay)}
				}
				return
			}
		}
	}()
	broken := false
	for c := range q {
		if broken {
			continue // drain so the reader ends
		}
		if d := time.Until(c.due); d > 0 {
			time.Sleep(d)
		}
		if c.data == nil {
			if tc, ok := dst.(*net.TCPConn); ok {
				tc.CloseWrite()
			}
			continue
		}
		if _, err := dst.Write(c.data); err != nil {
			broken = true
			src.Close()
			dst.Close()
		}
	}
	if !broken {
		// src failed with a real error (reset): pass it on.
		if tc, ok := dst.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
	}
}

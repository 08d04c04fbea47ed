package lab_test

import (
	"bytes"
	"crypto/rand"
	"io"
	"net"
	"testing"
	"time"

	"github.com/opsctl/opsctl/internal/lab"
)

// A round trip through the proxy takes about 2*oneWay, bytes arrive in
// order, and a bulk transfer is not capped by the delay.
func TestDelayProxy(t *testing.T) {
	l := lab.NewT(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // echo server
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { io.Copy(c, c); c.Close() }()
		}
	}()
	const oneWay = 25 * time.Millisecond
	addr, err := l.DelayProxy(ln.Addr().String(), oneWay)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	buf := make([]byte, 4)
	for i := 0; i < 3; i++ {
		start := time.Now()
		c.Write([]byte("ping"))
		if _, err := io.ReadFull(c, buf); err != nil {
			t.Fatal(err)
		}
		rtt := time.Since(start)
		// The first includes the proxy's simulated connect (3*oneWay).
		lo, hi := 2*oneWay, 2*oneWay+40*time.Millisecond
		if i == 0 {
			hi += 3 * oneWay
		}
		t.Logf("round trip %d: %s", i, rtt)
		if rtt < lo || rtt > hi {
			t.Fatalf("round trip %s, want %s..%s", rtt, lo, hi)
		}
	}
	// 8 MiB echoed, in order, in far less time than 256 chunks * delay.
	data := make([]byte, 8<<20)
	rand.Read(data)
	got := make(chan []byte)
	go func() { b, _ := io.ReadAll(c); got <- b }()
	start := time.Now()
	c.Write(data)
	c.(*net.TCPConn).CloseWrite()
	b := <-got
	t.Logf("8 MiB echoed in %s", time.Since(start))
	if !bytes.Equal(b, data) {
		t.Fatalf("echo differs (%d bytes back)", len(b))
	}
	// A proxy that held each 32 KiB read for the delay before reading the
	// next (a cap) would need chunks*oneWay each way; a latency-only one
	// takes a fraction of it. Half of the cap one way leaves room for a
	// loaded 2-core machine (a fixed 2 s did not: 2.4 s seen under load).
	capped := time.Duration(len(data)/(32<<10)) * oneWay
	if d := time.Since(start); d > capped/2 {
		t.Fatalf("8 MiB took %s, a capped proxy's pace (%s one way): the delay caps throughput", d, capped)
	}
}

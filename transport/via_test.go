package transport

import (
	"errors"
	"net"
	"os"
	"testing"
	"time"
)

func TestDeadlineConn(t *testing.T) {
	a, b := net.Pipe()
	defer b.Close()
	d := newDeadlineConn(struct{ net.Conn }{a}) // hide net.Pipe's own deadlines

	// A later deadline replaces an earlier one.
	d.SetDeadline(time.Now().Add(30 * time.Millisecond))
	d.SetDeadline(time.Now().Add(time.Hour))
	go func() {
		time.Sleep(80 * time.Millisecond)
		b.Write([]byte("x"))
	}()
	buf := make([]byte, 1)
	if n, err := d.Read(buf); n != 1 || err != nil {
		t.Fatalf("read after replaced deadline: %d %v", n, err)
	}
	d.SetDeadline(time.Time{})

	// A deadline that passes unblocks Read with a timeout error.
	start := time.Now()
	d.SetDeadline(time.Now().Add(50 * time.Millisecond))
	_, err := d.Read(buf)
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past deadline: %v", err)
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("not a net timeout: %v", err)
	}
	if el := time.Since(start); el < 40*time.Millisecond || el > 2*time.Second {
		t.Fatalf("deadline fired after %s", el)
	}
	if _, err := d.Write([]byte("y")); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("write after deadline: %v", err)
	}

	// A deadline in the past (how the clients abort on cancel) closes at once.
	a2, b2 := net.Pipe()
	defer b2.Close()
	d2 := newDeadlineConn(struct{ net.Conn }{a2})
	go func() {
		time.Sleep(20 * time.Millisecond)
		d2.SetDeadline(time.Unix(1, 0))
	}()
	if _, err := d2.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read after past deadline: %v", err)
	}
}

// Package iox holds the small io helpers the libraries share: a reader
// that counts the bytes read through it and a writer that keeps the tail
// of what was written (a command's stderr for its error message).
package iox

import (
	"io"
	"sync/atomic"
)

// CountingReader counts the bytes read from R. N is safe to call from
// another goroutine (a progress bar) while it is read.
type CountingReader struct {
	R io.Reader
	n atomic.Int64
}

func (c *CountingReader) Read(p []byte) (int, error) {
	n, err := c.R.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// N is the number of bytes read so far.
func (c *CountingReader) N() int64 { return c.n.Load() }

// TailBuffer keeps the last Max bytes written to it (all of them when Max
// is 0 or less).
type TailBuffer struct {
	Max int
	b   []byte
}

func (t *TailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if t.Max > 0 && len(t.b) > t.Max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.Max:]...)
	}
	return len(p), nil
}

// Bytes is what is kept.
func (t *TailBuffer) Bytes() []byte { return t.b }

// String is what is kept, as text.
func (t *TailBuffer) String() string { return string(t.b) }

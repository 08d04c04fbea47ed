package iox

import (
	"io"
	"strings"
	"testing"
)

func TestCountingReader(t *testing.T) {
	c := &CountingReader{R: strings.NewReader("hello, world")}
	b, err := io.ReadAll(c)
	if err != nil || string(b) != "hello, world" || c.N() != 12 {
		t.Fatalf("%q %v n=%d", b, err, c.N())
	}
}

func TestTailBuffer(t *testing.T) {
	tb := &TailBuffer{Max: 5}
	for _, s := range []string{"abc", "defg", "hi"} {
		if n, err := tb.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatal(n, err)
		}
	}
	if tb.String() != "efghi" {
		t.Fatalf("%q", tb.String())
	}
	all := &TailBuffer{}
	all.Write([]byte("abc"))
	all.Write([]byte("def"))
	if string(all.Bytes()) != "abcdef" {
		t.Fatalf("%q", all.Bytes())
	}
}

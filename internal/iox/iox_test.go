package iox

import (
	"io"
	"os"
	"path/filepath"
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

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	for _, content := range []string{"one\n", "two\n"} {
		if err := WriteFileAtomic(p, []byte(content), 0o640); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(p); string(b) != content {
			t.Fatalf("%q", b)
		}
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o640 {
		t.Fatalf("mode %v", st.Mode())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("temp files left: %v", ents)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "f"), nil, 0o644); err == nil {
		t.Fatal("no error for a missing directory")
	}
}

func TestAtomicFileAbort(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	os.WriteFile(p, []byte("old"), 0o644)
	f, err := CreateAtomic(p, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("half"))
	f.Abort()
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Fatalf("aborted write changed the file: %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("temp files left: %v", ents)
	}
	if f.Commit() == nil {
		t.Fatal("commit after abort")
	}
}

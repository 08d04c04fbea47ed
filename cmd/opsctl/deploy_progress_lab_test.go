package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/opsctl/opsctl/internal/lab"
)

// openPTY opens a pseudo-terminal pair (Linux /dev/ptmx).
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatal(e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatal(e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	return m, s
}

// TestDeployProgressLab: on a terminal (a real pseudo-terminal) a deploy
// draws, per wave, the bytes sent, the rate, the time left and a host
// counter that moves; piped, none of it.
func TestDeployProgressLab(t *testing.T) {
	t.Parallel() // see parallel_test.go
	l, f := lab.StartSSHDT(t, 4)
	cfg := writeConfig(t, l, "opsctl.yaml", f.InventoryYAML(labDeployYAML))
	dir := t.TempDir()

	t.Run("terminal", func(t *testing.T) {
		master, slave := openPTY(t)
		defer master.Close()
		var tty bytes.Buffer
		read := make(chan struct{})
		go func() { io.Copy(&tty, master); close(read) }()
		out, _ := os.CreateTemp(dir, "stdout")
		defer out.Close()
		devnull, _ := os.Open(os.DevNull)
		defer devnull.Close()
		ios := filesIO(devnull, out, slave)
		if !ios.ErrTTY {
			t.Fatal("the pseudo-terminal is not seen as a terminal")
		}
		code := run([]string{"-c", cfg, "deploy", "--artifact", bigArtifact(t, dir, "p1", 8<<20), "--release-id", "p1", "--canary", "1"}, ios)
		slave.Close()
		<-read
		screen := tty.String()
		if code != 0 {
			t.Fatalf("exit %d\n%q", code, screen)
		}
		for _, want := range []*regexp.Regexp{
			regexp.MustCompile(`wave 1: [01]/1 hosts uploaded`),
			regexp.MustCompile(`wave 2: 0/3 hosts uploaded, 0/3 switched`),
			regexp.MustCompile(`wave 2: [12]/3 hosts uploaded, 0/3 switched`),
			regexp.MustCompile(`wave 2: 3/3 hosts uploaded, [12]/3 switched`),
			regexp.MustCompile(`\(\d+(\.\d+)?( [kM]?B)?/\d+(\.\d+)? MB`), // bytes of the wave's total
			regexp.MustCompile(`, \d+(\.\d+)? [kM]B/s\)`),                // rate
			regexp.MustCompile(`\[\d+(ms|s|m\d+s)?:\d+(ms|s)?\]`),        // elapsed:left
		} {
			if !want.MatchString(screen) {
				t.Errorf("no %s on the terminal:\n%q", want, screen)
			}
		}
	})

	t.Run("piped", func(t *testing.T) {
		_, errOut, code := runCLI(t, "", "-c", cfg, "deploy", "--artifact", bigArtifact(t, dir, "p2", 8<<20), "--release-id", "p2", "--canary", "1")
		if code != 0 || strings.Contains(errOut, "\r") || strings.Contains(errOut, "hosts uploaded") || strings.Contains(errOut, "B/s") {
			t.Fatalf("exit %d\n%q", code, errOut)
		}
	})
}

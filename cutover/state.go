package cutover

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// State persists a run's report as JSON, rewritten at every step boundary
// (temp file, fsync, rename), so --resume and --abort work from another
// process — after a crash, a lost SSH session to the jump host, or the
// next morning.
//
// Why a file and not a row in PostgreSQL: the state must be readable when
// PostgreSQL is the thing that failed (preflight, disk full, verify
// mismatch), and before the target database exists. The copy's own
// per-table progress lives in PostgreSQL (migrate's opsctl_migrate_state);
// a resumed copy uses it.
type State struct {
	Path string
}

// Load reads the state; nil, nil when there is none.
func (s *State) Load() (*Report, error) {
	b, err := os.ReadFile(s.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cutover state: %w", err)
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("cutover state %s: %w", s.Path, err)
	}
	return &r, nil
}

// Save writes the state atomically.
func (s *State) Save(r *Report) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(s.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cutover state: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(s.Path)+".*")
	if err != nil {
		return fmt.Errorf("cutover state: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, s.Path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cutover state %s: %w", s.Path, err)
	}
	return nil
}

// Lock takes an exclusive lock (flock on Path+".lock") for the whole run
// or abort, so two operators cannot drive the same cutover at once. The
// lock dies with the process.
func (s *State) Lock() (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o755); err != nil {
		return nil, fmt.Errorf("cutover state: %w", err)
	}
	p := s.Path + ".lock"
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cutover lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b, _ := os.ReadFile(p)
		f.Close()
		who := strings.TrimSpace(string(b))
		if who == "" {
			who = "another process"
		}
		return nil, fmt.Errorf("another opsctl migrate cutover is running on this state file (%s; lock %s)", who, p)
	}
	host, _ := os.Hostname()
	f.Truncate(0)
	f.WriteAt([]byte(fmt.Sprintf("pid %d on %s\n", os.Getpid(), host)), 0)
	return func() {
		f.Truncate(0)
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

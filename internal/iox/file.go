package iox

import (
	"os"
	"path/filepath"
)

// AtomicFile is a file written in full before it replaces Path: a
// temporary file beside it, renamed over it by Commit, so a reader (or a
// crash) sees the old file or the new one, never half of it.
type AtomicFile struct {
	*os.File
	Path string
	done bool
}

// CreateAtomic starts a new content for path, with mode.
func CreateAtomic(path string, mode os.FileMode) (*AtomicFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".opsctl.*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &AtomicFile{File: f, Path: path}, nil
}

// Commit syncs the new content and renames it over Path.
func (f *AtomicFile) Commit() error {
	if f.done {
		return os.ErrClosed
	}
	f.done = true
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), f.Path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Abort drops the new content (Path is left as it was); after Commit it
// does nothing, so it can be deferred.
func (f *AtomicFile) Abort() {
	if !f.done {
		f.done = true
		f.Close()
		os.Remove(f.Name())
	}
}

// WriteFileAtomic replaces path with b, atomically (AtomicFile).
func WriteFileAtomic(path string, b []byte, mode os.FileMode) error {
	f, err := CreateAtomic(path, mode)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(b); err != nil {
		return err
	}
	return f.Commit()
}

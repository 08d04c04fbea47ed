package deploy

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/opsctl/opsctl/internal/iox"
)

// ReleaseCache is a local file of the release ids last seen on the hosts
// of one inventory, so that shell completion (rollback --to) has an answer
// when the hosts do not. Release ids are not secrets; nothing else is
// written. Every method is best effort: a cache that cannot be read or
// written only makes completion offline-blind.
type ReleaseCache struct {
	Path      string // "" : no cache (every method does nothing)
	Inventory string // the inventory's absolute path, recorded in the file
}

// MaxCachedReleases bounds the cache.
const MaxCachedReleases = 200

type releaseCacheFile struct {
	Config   string    `json:"config"`
	Releases []string  `json:"releases"`
	Updated  time.Time `json:"updated"`
}

// ReleaseCacheFor is the cache of the inventory at path:
// $XDG_CACHE_HOME/opsctl/releases-<hash of its absolute path>.json (else
// ~/.cache/...).
func ReleaseCacheFor(inventory string) ReleaseCache {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ReleaseCache{}
	}
	abs, err := filepath.Abs(inventory)
	if err != nil {
		return ReleaseCache{}
	}
	sum := sha256.Sum256([]byte(abs))
	return ReleaseCache{Path: filepath.Join(dir, "opsctl", "releases-"+hex.EncodeToString(sum[:8])+".json"), Inventory: abs}
}

// IDs are the cached release ids, newest first.
func (c ReleaseCache) IDs() []string {
	if c.Path == "" {
		return nil
	}
	b, err := os.ReadFile(c.Path)
	if err != nil {
		return nil
	}
	var f releaseCacheFile
	if json.Unmarshal(b, &f) != nil {
		return nil
	}
	return f.Releases
}

// Add adds ids to the cache (atomically replaced; at most
// MaxCachedReleases, the newest).
func (c ReleaseCache) Add(ids ...string) {
	if c.Path == "" || len(ids) == 0 {
		return
	}
	all := NewestFirst(append(ids, c.IDs()...))
	if len(all) > MaxCachedReleases {
		all = all[:MaxCachedReleases]
	}
	b, _ := json.MarshalIndent(releaseCacheFile{Config: c.Inventory, Releases: all, Updated: time.Now().UTC()}, "", "  ")
	if os.MkdirAll(filepath.Dir(c.Path), 0o700) != nil {
		return
	}
	iox.WriteFileAtomic(c.Path, append(b, '\n'), 0o600)
}

// NewestFirst dedups release ids, newest (greatest: ids start with a UTC
// timestamp) first.
func NewestFirst(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out
}

// ReleaseIDs are the release ids present on the hosts that answered,
// newest first; ok is false when no host answered.
func ReleaseIDs(rs []HostReleases) (ids []string, ok bool) {
	for _, r := range rs {
		if r.Err == nil {
			ok = true
			ids = append(ids, r.Releases...)
		}
	}
	return NewestFirst(ids), ok
}

package readonly

// Constructors over the real clients: a haproxy.Client as an LB, a varnish
// node as a Cache, and the local map-file writer for an LB whose admin
// socket is on this machine.

import (
	"context"
	"errors"
	"os"
	"strings"

	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/internal/iox"
	"github.com/opsctl/opsctl/varnish"
)

// HAProxyLB is a haproxy.Client seen as an LB (and a BatchLB: every "set
// map" and the "show map" in one round trip).
type HAProxyLB struct{ Client *haproxy.Client }

// lbErr drops the "haproxy NODE: COMMAND:" prefix this package adds itself
// (the error still unwraps to the *haproxy.Error).
type lbErr struct{ e *haproxy.Error }

func (b lbErr) Error() string {
	if b.e.Err != nil {
		return b.e.Err.Error()
	}
	return b.e.Msg
}
func (b lbErr) Unwrap() error { return b.e }

func bareLBErr(err error) error {
	var he *haproxy.Error
	if errors.As(err, &he) {
		return lbErr{he}
	}
	return err
}

// mapOf is a map's entries as key -> value; HAProxy matches the first
// entry of a key.
func mapOf(es []haproxy.MapEntry) map[string]string {
	m := make(map[string]string, len(es))
	for _, e := range es {
		if _, dup := m[e.Key]; !dup {
			m[e.Key] = e.Value
		}
	}
	return m
}

func (l HAProxyLB) ShowMap(ctx context.Context, file string) (map[string]string, error) {
	es, err := l.Client.ShowMap(ctx, file)
	if err != nil {
		return nil, bareLBErr(err)
	}
	return mapOf(es), nil
}

func (l HAProxyLB) SetMap(ctx context.Context, file, key, value string) error {
	return bareLBErr(l.Client.SetMap(ctx, file, key, value))
}

// SetMapsAndShow sends every "set map" and a "show map" on one connection.
func (l HAProxyLB) SetMapsAndShow(ctx context.Context, file string, kv [][2]string) (map[string]string, error) {
	es, err := l.Client.SetMapsAndShow(ctx, file, kv)
	if err != nil {
		return nil, bareLBErr(err)
	}
	return mapOf(es), nil
}

// VarnishCache is a varnish node seen as a Cache. It keeps one
// authenticated connection for every command of the flip (a
// varnish.Session: a connection that failed is dialled again). Close it
// when done.
type VarnishCache struct{ s *varnish.Session }

// NewVarnishCache returns the Cache of node; nothing is dialled yet.
func NewVarnishCache(node varnish.Node) *VarnishCache {
	return &VarnishCache{s: varnish.NewSession(node)}
}

// Close closes the connection, if any.
func (x *VarnishCache) Close() { x.s.Close() }

func (x *VarnishCache) VCLs(ctx context.Context) (active string, loaded []string, labels map[string]string, err error) {
	var list []varnish.VCL
	err = x.s.Do(ctx, func(c *varnish.Client) (e error) { list, e = c.VCLList(ctx); return })
	if err != nil {
		return "", nil, nil, err
	}
	labels = map[string]string{}
	for _, v := range list {
		if v.Status == "active" {
			active = v.Name
		}
		if v.IsLabel() {
			labels[v.Name] = v.LabelOf
			continue
		}
		if v.Status != "discarded" {
			loaded = append(loaded, v.Name)
		}
	}
	return active, loaded, labels, nil
}

func (x *VarnishCache) Load(ctx context.Context, name, path string) error {
	return x.s.Do(ctx, func(c *varnish.Client) error { return c.VCLLoad(ctx, name, path) })
}

func (x *VarnishCache) Inline(ctx context.Context, name, src string) error {
	return x.s.Do(ctx, func(c *varnish.Client) error { return c.VCLInline(ctx, name, src) })
}

func (x *VarnishCache) Discard(ctx context.Context, name string) error {
	return x.s.Do(ctx, func(c *varnish.Client) error { return c.VCLDiscard(ctx, name) })
}

func (x *VarnishCache) Label(ctx context.Context, label, vcl string) error {
	return x.s.Do(ctx, func(c *varnish.Client) error { return c.VCLLabel(ctx, label, vcl) })
}

func (x *VarnishCache) Use(ctx context.Context, name string) error {
	return x.s.Do(ctx, func(c *varnish.Client) error { return c.VCLUse(ctx, name) })
}

func (x *VarnishCache) Ban(ctx context.Context, expr string) error {
	return x.s.Do(ctx, func(c *varnish.Client) error { return c.Ban(ctx, strings.Fields(expr)...) })
}

// ReplaceFileLocal atomically replaces a local file: temp file in the same
// directory, synced, old mode kept (0644 for a new file), renamed.
func ReplaceFileLocal(path string, b []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	return iox.WriteFileAtomic(path, b, mode)
}

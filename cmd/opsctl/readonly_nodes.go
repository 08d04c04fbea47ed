package main

// Adapters from the native HAProxy and Varnish clients to the interfaces
// the readonly library flips, and the fleet built from the inventory.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/readonly"
	"github.com/opsctl/opsctl/varnish"
)

// roLB is a haproxy.Client seen as a readonly.LB.
type roLB struct{ c *haproxy.Client }

// lbErr drops the "haproxy NODE: COMMAND:" prefix the readonly library
// adds itself (the error still unwraps to the *haproxy.Error).
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

func (l roLB) ShowMap(ctx context.Context, file string) (map[string]string, error) {
	es, err := l.c.ShowMap(ctx, file)
	if err != nil {
		return nil, bareLBErr(err)
	}
	m := make(map[string]string, len(es))
	for _, e := range es {
		if _, dup := m[e.Key]; !dup { // HAProxy matches the first entry
			m[e.Key] = e.Value
		}
	}
	return m, nil
}

func (l roLB) SetMap(ctx context.Context, file, key, value string) error {
	return bareLBErr(l.c.SetMap(ctx, file, key, value))
}

// SetMapsAndShow sends every "set map" and a "show map" on one connection.
func (l roLB) SetMapsAndShow(ctx context.Context, file string, kv [][2]string) (map[string]string, error) {
	cmds := make([]string, 0, len(kv)+1)
	for _, e := range kv {
		c, err := haproxy.CmdSetMap(file, e[0], e[1])
		if err != nil {
			return nil, err
		}
		cmds = append(cmds, c)
	}
	if err := haproxy.CheckMapRef(file); err != nil {
		return nil, err
	}
	cmds = append(cmds, "show map "+file)
	out, err := l.c.Raw(ctx, strings.Join(cmds, ";"))
	if err != nil {
		return nil, bareLBErr(err)
	}
	// Each successful "set map" answers an empty line; then the map.
	rest := out
	for i := 0; i < len(kv); i++ {
		var ok bool
		if rest, ok = strings.CutPrefix(rest, "\n"); !ok {
			return nil, fmt.Errorf("set map: unexpected answer %q", firstLine(rest))
		}
	}
	es, err := haproxy.ParseMap(rest, true)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(es))
	for _, e := range es {
		if _, dup := m[e.Key]; !dup {
			m[e.Key] = e.Value
		}
	}
	return m, nil
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	if len(l) > 120 {
		l = l[:120] + "..."
	}
	return l
}

// roCache is a varnish node seen as a readonly.Cache. It dials once and
// keeps the authenticated connection for every command of the flip (a
// flip sends 3-5 commands per node); a connection that failed is dropped
// and the next command dials again.
type roCache struct {
	node varnish.Node

	mu sync.Mutex
	c  *varnish.Client
}

func (x *roCache) client(ctx context.Context) (*varnish.Client, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.c != nil {
		return x.c, nil
	}
	// No name: the readonly library's errors already say which node.
	c, err := varnish.Dial(ctx, varnish.Options{Dial: x.node.Dial, Secret: x.node.Secret})
	if err != nil {
		return nil, err
	}
	x.c = c
	return c, nil
}

// do runs fn on the connection; a transport error drops it.
func (x *roCache) do(ctx context.Context, fn func(*varnish.Client) error) error {
	c, err := x.client(ctx)
	if err != nil {
		return err
	}
	err = fn(c)
	var ve *varnish.Error
	if err != nil && (!errors.As(err, &ve) || ve.Status == 0) {
		x.mu.Lock()
		if x.c == c {
			x.c.Close()
			x.c = nil
		}
		x.mu.Unlock()
	}
	return err
}

func (x *roCache) Close() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.c != nil {
		x.c.Close()
		x.c = nil
	}
}

func (x *roCache) VCLs(ctx context.Context) (active string, loaded []string, labels map[string]string, err error) {
	var list []varnish.VCL
	err = x.do(ctx, func(c *varnish.Client) (e error) { list, e = c.VCLList(ctx); return })
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

func (x *roCache) Load(ctx context.Context, name, path string) error {
	return x.do(ctx, func(c *varnish.Client) error { return c.VCLLoad(ctx, name, path) })
}

func (x *roCache) Inline(ctx context.Context, name, src string) error {
	return x.do(ctx, func(c *varnish.Client) error { return c.VCLInline(ctx, name, src) })
}

func (x *roCache) Discard(ctx context.Context, name string) error {
	return x.do(ctx, func(c *varnish.Client) error { return c.VCLDiscard(ctx, name) })
}

func (x *roCache) Label(ctx context.Context, label, vcl string) error {
	return x.do(ctx, func(c *varnish.Client) error { return c.VCLLabel(ctx, label, vcl) })
}

func (x *roCache) Use(ctx context.Context, name string) error {
	return x.do(ctx, func(c *varnish.Client) error { return c.VCLUse(ctx, name) })
}

func (x *roCache) Ban(ctx context.Context, expr string) error {
	return x.do(ctx, func(c *varnish.Client) error { return c.Ban(ctx, strings.Fields(expr)...) })
}

// roMember is an HAProxy or Varnish node for --hosts, which selects among
// both kinds at once.
type roMember struct {
	name   string
	groups []string
	lb     int // index in haproxy.nodes, or -1
	cache  int // index in varnish.nodes, or -1
}

func (m roMember) MemberName() string     { return m.name }
func (m roMember) MemberGroups() []string { return m.groups }

// selectReadonlyNodes applies --hosts to the HAProxy and Varnish nodes
// together (a name may match either kind).
func selectReadonlyNodes(cfg *inventory.Config, selector string) ([]inventory.HAProxyNode, []inventory.VarnishNode, error) {
	var all []roMember
	for i, n := range cfg.HAProxy.Nodes {
		all = append(all, roMember{name: n.Name, groups: n.Groups, lb: i, cache: -1})
	}
	for i, n := range cfg.Varnish.Nodes {
		all = append(all, roMember{name: n.Name, groups: n.Groups, lb: -1, cache: i})
	}
	if len(all) == 0 {
		return nil, nil, fmt.Errorf("%s: no haproxy.nodes and no varnish.nodes: nothing to flip", cfg.File)
	}
	s, err := inventory.ParseSelector(selector)
	if err != nil {
		return nil, nil, err
	}
	sel, err := inventory.Select(s, all, "haproxy or varnish node")
	if err != nil {
		return nil, nil, err
	}
	var lbs []inventory.HAProxyNode
	var caches []inventory.VarnishNode
	for _, m := range sel {
		if m.lb >= 0 {
			lbs = append(lbs, cfg.HAProxy.Nodes[m.lb])
		} else {
			caches = append(caches, cfg.Varnish.Nodes[m.cache])
		}
	}
	return lbs, caches, nil
}

// readonlyFleet builds the read-only fleet of the selected nodes. A node
// whose connection cannot be set up still takes part and fails on its own.
func (a *app) readonlyFleet() (*readonly.Fleet, *inventory.Config, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, nil, err
	}
	lbs, caches, err := selectReadonlyNodes(cfg, a.opts.hosts)
	if err != nil {
		return nil, nil, withCode(ExitUsage, err)
	}
	ro := cfg.Readonly
	f := &readonly.Fleet{Limit: a.opts.concurrency}
	for _, n := range lbs {
		dial, derr := a.haproxyDialer(n)
		if derr != nil {
			dial = func(context.Context) (net.Conn, error) { return nil, derr }
		}
		f.LBs = append(f.LBs, readonly.LBNode{
			Name: n.Name, LB: roLB{haproxy.New(n.Name, dial)},
			MapFile: ro.MapFile, MapKey: ro.MapKey,
			Persist: a.readonlyPersist(cfg, n, ro.MapFile),
		})
		if rd, _ := a.haproxyFiles(n); rd != nil {
			path := ro.MapFile
			f.LBs[len(f.LBs)-1].ReadMapFile = func(ctx context.Context) ([]byte, error) { return rd(ctx, path) }
		}
	}
	for _, n := range caches {
		c := &roCache{node: a.varnishNode(cfg, n)}
		a.closers = append(a.closers, c.Close)
		f.Caches = append(f.Caches, readonly.CacheNode{
			Name: n.Name, Cache: c, ReadonlyVCL: ro.VCL, ReadonlyVCLFile: ro.VCLFile, NormalVCL: ro.NormalVCL,
		})
	}
	for _, p := range ro.Probes {
		f.Probes = append(f.Probes, readonly.Probe{URL: p})
	}
	return f, cfg, nil
}

// readonlyPersist returns how to rewrite the map file on the LB's host:
// over SSH for via: nodes, the local file when the admin socket is on this
// machine, nil (runtime only, a warning) when the file is out of reach.
func (a *app) readonlyPersist(cfg *inventory.Config, n inventory.HAProxyNode, path string) func(context.Context, []byte) error {
	if n.Via != "" {
		return func(ctx context.Context, b []byte) error { return readonlyPersistViaSSH(ctx, a, cfg, n, path, b) }
	}
	if rd, _ := a.haproxyFiles(n); rd == nil {
		return nil
	}
	return func(_ context.Context, b []byte) error { return replaceFileLocal(path, b) }
}

// readonlyPersistViaSSH rewrites the map file on the via host over SSH.
// The map file keeps its mode (HAProxy may read it as another user); a new
// one is made 0644.
var readonlyPersistViaSSH = func(ctx context.Context, a *app, cfg *inventory.Config, n inventory.HAProxyNode, path string, b []byte) error {
	return a.viaWriteFile(ctx, n.Via, path, b, 0o644)
}

// replaceFileLocal atomically replaces a local file: temp file in the same
// directory, synced, old mode kept (0644 for a new file), renamed.
func replaceFileLocal(path string, b []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".opsctl.*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	ok = true
	return nil
}

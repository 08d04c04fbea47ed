package factory

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/outcome"
	"github.com/opsctl/opsctl/readonly"
)

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

// ReadonlyNodes applies --hosts to the HAProxy and Varnish nodes
// together (a name may match either kind).
func ReadonlyNodes(cfg *inventory.Config, selector string) ([]inventory.HAProxyNode, []inventory.VarnishNode, error) {
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

// ReadonlyFleet builds the read-only fleet of the HAProxy and Varnish nodes
// --hosts selects. A node whose connection cannot be set up still takes
// part and fails on its own. The Varnish sessions are closed with the
// factory.
func (f *Factory) ReadonlyFleet() (*readonly.Fleet, *inventory.Config, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, nil, err
	}
	lbs, caches, err := ReadonlyNodes(cfg, f.hosts())
	if err != nil {
		return nil, nil, outcome.MarkUsage(err)
	}
	ro := cfg.Readonly
	fl := &readonly.Fleet{Limit: f.concurrency()}
	for _, n := range lbs {
		lb := readonly.LBNode{
			Name: n.Name, LB: readonly.HAProxyLB{Client: f.HAProxyClient(n)},
			MapFile: ro.MapFile, MapKey: ro.MapKey, Persist: f.ReadonlyPersist(n, ro.MapFile),
		}
		if rd, _ := f.HAProxyFiles(n); rd != nil {
			path := ro.MapFile
			lb.ReadMapFile = func(ctx context.Context) ([]byte, error) { return rd(ctx, path) }
		}
		fl.LBs = append(fl.LBs, lb)
	}
	for _, n := range caches {
		c := readonly.NewVarnishCache(f.VarnishNode(n))
		f.onClose(c.Close)
		fl.Caches = append(fl.Caches, readonly.CacheNode{
			Name: n.Name, Cache: c, ReadonlyVCL: ro.VCL, ReadonlyVCLFile: ro.VCLFile, NormalVCL: ro.NormalVCL,
		})
	}
	for _, p := range ro.Probes {
		fl.Probes = append(fl.Probes, readonly.Probe{URL: p})
	}
	return fl, cfg, nil
}

// ReadonlyPersist returns how to rewrite the map file at path on the LB's
// host: over SSH for via: nodes (the file keeps its mode, HAProxy may read
// it as another user; a new one is made 0644), the local file when the
// admin socket is on this machine, nil (runtime only, a warning) when the
// file is out of reach.
func (f *Factory) ReadonlyPersist(n inventory.HAProxyNode, path string) func(context.Context, []byte) error {
	if n.Via != "" {
		via := n.Via
		return func(ctx context.Context, b []byte) error { return f.ViaWriteFile(ctx, via, path, b, 0o644) }
	}
	if rd, _ := f.HAProxyFiles(n); rd == nil {
		return nil
	}
	return func(_ context.Context, b []byte) error { return readonly.ReplaceFileLocal(path, b) }
}

// ReadonlySnippets renders the HAProxy lines, map file, page and
// read-only VCL from the inventory's readonly section.
func ReadonlySnippets(ro inventory.Readonly) (*readonly.Snippets, error) {
	return readonly.RenderSnippets(readonly.SnippetParams{
		MapFile: ro.MapFile, MapKey: ro.MapKey, PageFile: ro.PageFile, Page: ro.Page, RetryAfter: ro.RetryAfter,
		ReadonlyVCL: ro.VCL, ReadonlyVCLFile: ro.VCLFile, SiteVCLFile: ro.SiteVCLFile, TTL: ro.TTL, Grace: ro.Grace,
	})
}

// ReadonlyVCL is the read-only VCL 'readonly prepare' compiles: with
// remote, readonly.vcl_file on the cache hosts; else the VCL rendered from
// the inventory, sent from here.
func ReadonlyVCL(cfg *inventory.Config, remote bool) (readonly.VCLSource, error) {
	if remote {
		return readonly.VCLSource{Path: cfg.Readonly.VCLFile}, nil
	}
	s, err := ReadonlySnippets(cfg.Readonly)
	if err != nil {
		return readonly.VCLSource{}, fmt.Errorf("%s: readonly: %w", cfg.File, err)
	}
	return readonly.VCLSource{Inline: s.ReadonlyVCL}, nil
}

// ReadonlyFile is one piece of the read-only setup: a file name, where it
// goes, and its content.
type ReadonlyFile struct{ Name, What, Content string }

// String is the file as 'readonly init' prints it: a "# ==== WHAT ===="
// line, then its content.
func (f ReadonlyFile) String() string { return "# ==== " + f.What + " ====\n" + f.Content }

// WriteIn writes the file into dir (created if need be) and returns its
// path.
func (f ReadonlyFile) WriteIn(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	p := filepath.Join(dir, f.Name)
	return p, os.WriteFile(p, []byte(f.Content), 0o644)
}

// ReadonlyFiles are the snippets as the files 'readonly init' prints or
// writes, each with where it is installed.
func ReadonlyFiles(ro inventory.Readonly) (*readonly.Snippets, []ReadonlyFile, error) {
	s, err := ReadonlySnippets(ro)
	if err != nil {
		return nil, nil, err
	}
	return s, []ReadonlyFile{
		{"haproxy-frontend.cfg", "HAProxy: add to each frontend section of haproxy.cfg", s.HAProxyFrontend},
		{filepath.Base(ro.MapFile), "HAProxy map file: install as " + ro.MapFile + " on every LB", s.MapFile},
		{filepath.Base(ro.PageFile), "page: install as " + ro.PageFile + " on every LB", strings.TrimRight(s.Page, "\n") + "\n"},
		{filepath.Base(ro.VCLFile), "Varnish read-only VCL: " + ro.VCLFile + " on every cache host (includes " + ro.SiteVCLFile + ")", s.ReadonlyVCL},
	}, nil
}

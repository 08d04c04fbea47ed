package main

import (
	"context"
	"strings"
	"time"

	"github.com/opsctl/opsctl/deploy"
	"github.com/opsctl/opsctl/haproxy"
	"github.com/opsctl/opsctl/inventory"
	"github.com/opsctl/opsctl/varnish"
	"github.com/spf13/cobra"
)

// Shell completion (cobra's: opsctl completion bash|zsh|fish) of the names
// a sysadmin types: hosts and groups for -H, release ids for rollback --to,
// HAProxy backend/server pairs, VCL names and every enum flag's values.
// Names that live on servers are asked for with a short timeout
// (completeTimeout); release ids fall back to a local cache that deploy,
// releases and history write.

// completeTimeout bounds every server round trip of a completion: a shell
// must not hang on a host that is down.
const completeTimeout = 2 * time.Second

type completeFunc = func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective)

const noFiles = cobra.ShellCompDirectiveNoFileComp

// enumFlags are the flags that take one of a few words.
var enumFlags = map[string][]string{
	"output":    {"text", "json"},
	"color":     {"auto", "always", "never"},
	"postgis":   {"auto", "on", "off"},
	"zero-date": {"null", "-infinity"},
	"on-nul":    {"strip", "error"},
}

// registerCompletions attaches completion to the whole tree (one place, so
// the command files stay about their commands).
func registerCompletions(a *app, root *cobra.Command) {
	walk(root, func(c *cobra.Command) {
		fs := c.LocalNonPersistentFlags()
		if c == root {
			fs = c.PersistentFlags()
		}
		for name, words := range enumFlags {
			if fs.Lookup(name) != nil {
				c.RegisterFlagCompletionFunc(name, fixedWords(words))
			}
		}
		path := strings.TrimPrefix(c.CommandPath(), "opsctl ")
		switch path {
		case "haproxy drain", "haproxy ready", "haproxy disable", "haproxy enable", "haproxy weight":
			c.ValidArgsFunction = onlyArg(0, a.completeServers)
		case "haproxy status":
			c.RegisterFlagCompletionFunc("backend", a.completeBackends)
			c.ValidArgsFunction = onlyArg(-1, nil)
		case "haproxy map":
			c.ValidArgsFunction = onlyArg(0, fixedWords([]string{"show", "set", "add", "del"}))
		case "haproxy acl":
			c.ValidArgsFunction = onlyArg(0, fixedWords([]string{"show", "add", "del"}))
		case "varnish vcl use", "varnish vcl discard":
			c.ValidArgsFunction = onlyArg(0, a.completeVCLs)
		case "rollback":
			c.RegisterFlagCompletionFunc("to", a.completeReleases)
			c.ValidArgsFunction = onlyArg(-1, nil)
		case "migrate convert", "migrate load", "migrate schema", "varnish vcl load", "exec", "completion bash", "completion zsh", "completion fish", "completion powershell":
			// files (a dump, a VCL) or a remote command: the shell's default
		default:
			if c.Runnable() && c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 {
				c.ValidArgsFunction = onlyArg(-1, nil)
			}
		}
	})
	root.RegisterFlagCompletionFunc("hosts", a.completeHosts)
}

// walk calls fn for every command of the tree.
func walk(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, s := range c.Commands() {
		walk(s, fn)
	}
}

// onlyArg completes positional argument i with fn and nothing (not even
// file names) elsewhere; i < 0: no argument completes.
func onlyArg(i int, fn completeFunc) completeFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) != i || fn == nil {
			return nil, noFiles
		}
		return fn(cmd, args, toComplete)
	}
}

func fixedWords(words []string) completeFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return withPrefix(words, toComplete), noFiles
	}
}

// withPrefix keeps the candidates that start with prefix (the shells
// filter too; this keeps `opsctl __complete` output to the point).
func withPrefix(cands []string, prefix string) []string {
	var out []string
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) {
			out = append(out, c)
		}
	}
	return out
}

// completeHosts completes a --hosts selector: the last item of a comma
// list, after a "!" too ("web01,!" offers every name but web01), from the
// hosts, nodes and groups the command can select.
func (a *app) completeHosts(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	cfg, err := a.config()
	if err != nil {
		return nil, noFiles | cobra.ShellCompDirectiveError
	}
	prefix, cur := "", toComplete
	if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
		prefix, cur = toComplete[:i+1], toComplete[i+1:]
	}
	if strings.HasPrefix(cur, "!") {
		prefix, cur = prefix+"!", cur[1:]
	}
	used := map[string]bool{} // the items before the one being completed
	for _, t := range strings.Split(strings.TrimSuffix(prefix, "!"), ",") {
		used[strings.TrimPrefix(t, "!")] = true
	}
	var out []string
	for _, n := range selectableNames(cfg, cmd) {
		if strings.HasPrefix(n.Name, cur) && !used[n.Name] {
			out = append(out, prefix+n.Name+"\t"+n.Kind)
		}
	}
	// more items may follow: no space after a name
	return out, noFiles | cobra.ShellCompDirectiveNoSpace
}

// selectableNames are the names -H can take for cmd: the HAProxy nodes
// under haproxy, the cache nodes under varnish, both under readonly and
// migrate cutover, everything under inventory and config, else the hosts;
// each with the groups of what it lists.
func selectableNames(cfg *inventory.Config, cmd *cobra.Command) []inventory.Named {
	path := strings.TrimPrefix(cmd.CommandPath(), "opsctl ")
	top, _, _ := strings.Cut(path, " ")
	all := top == "inventory" || top == "config" || path == "migrate cutover"
	hosts := all || !(top == "haproxy" || top == "varnish" || top == "readonly")
	return cfg.Names(hosts, all || top == "haproxy" || top == "readonly", all || top == "varnish" || top == "readonly")
}

// completeServers offers BACKEND/SERVER pairs from the selected HAProxy
// nodes' runtime API ("show stat").
func (a *app) completeServers(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	return a.completeHAProxy(toComplete, (*haproxy.StatusReport).ServerNames)
}

// completeBackends offers the backends of the selected HAProxy nodes.
func (a *app) completeBackends(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	return a.completeHAProxy(toComplete, (*haproxy.StatusReport).Backends)
}

func (a *app) completeHAProxy(toComplete string, names func(*haproxy.StatusReport) []string) ([]string, cobra.ShellCompDirective) {
	f, err := a.f.HAProxyFleet(false)
	if err != nil {
		return nil, noFiles | cobra.ShellCompDirectiveError
	}
	ctx, cancel := context.WithTimeout(a.hardCtx, completeTimeout)
	defer cancel()
	return withPrefix(names(f.Status(ctx)), toComplete), noFiles
}

// completeVCLs offers the VCLs and labels loaded on the selected cache
// nodes.
func (a *app) completeVCLs(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	f, err := a.varnishFleet(false)
	if err != nil {
		return nil, noFiles | cobra.ShellCompDirectiveError
	}
	ctx, cancel := context.WithTimeout(a.hardCtx, completeTimeout)
	defer cancel()
	rs, _ := f.VCLList(ctx)
	var out []string
	for _, v := range varnish.LoadedVCLs(rs) {
		d := v.Name + "\t" + v.Status
		if v.LabelOf != "" {
			d = v.Name + "\tlabel -> " + v.LabelOf
		}
		out = append(out, d)
	}
	return withPrefix(out, toComplete), noFiles
}

// completeReleases offers the release ids on the selected hosts (asked
// over SSH within completeTimeout), else the ones last seen there (the
// local cache).
func (a *app) completeReleases(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if _, common, err := a.f.DeployCommon(); err == nil {
		ctx, cancel := context.WithTimeout(a.hardCtx, completeTimeout)
		defer cancel()
		rs, _ := deploy.Releases(ctx, common) // the hosts that answered
		if ids, ok := deploy.ReleaseIDs(rs); ok {
			a.cacheReleases(ids...)
			return withPrefix(ids, toComplete), noFiles
		}
	}
	return withPrefix(a.releaseCache().IDs(), toComplete), noFiles
}

// releaseCache is the release ids last seen for this inventory (deploy,
// releases and history write it, rollback --to completes from it).
func (a *app) releaseCache() deploy.ReleaseCache { return deploy.ReleaseCacheFor(a.configPath()) }

func (a *app) cacheReleases(ids ...string) { a.releaseCache().Add(ids...) }

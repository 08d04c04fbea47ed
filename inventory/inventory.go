// Package inventory loads opsctl's YAML configuration: the app, SSH settings,
// hosts and groups, and the sections used by deploy, haproxy, varnish,
// readonly and migrate.
//
// Loading is strict: unknown keys are errors, and every error names the
// file and line. ${VAR} in any string value is replaced by the environment
// variable VAR (an unset variable is an error), so secrets stay out of the
// file.
package inventory

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"
)

// Config is the whole inventory file.
type Config struct {
	App      App                 `yaml:"app"`
	SSH      SSH                 `yaml:"ssh"`
	Hosts    []Host              `yaml:"hosts"`
	Groups   map[string][]string `yaml:"groups"`
	HAProxy  HAProxy             `yaml:"haproxy"`
	Varnish  Varnish             `yaml:"varnish"`
	Readonly Readonly            `yaml:"readonly"`
	Health   Health              `yaml:"health"`
	Hooks    Hooks               `yaml:"hooks"`
	Migrate  Migrate             `yaml:"migrate"`
	DeployLB DeployLB            `yaml:"deploy_lb"`
	Cutover  Cutover             `yaml:"cutover"`
	Gates    Gates               `yaml:"gates"`
	Events   Events              `yaml:"events"`

	// File is the path the config was read from ("<stdin>" or a test name
	// for LoadReader).
	File string `yaml:"-"`
	root *yaml.Node
	// env: the values ${VAR} expanded to, by variable (MaskEnv).
	env map[string]string
}

// App describes the application being deployed.
type App struct {
	Name         string   `yaml:"name"`
	DeployTo     string   `yaml:"deploy_to"`
	KeepReleases int      `yaml:"keep_releases"`
	SharedPaths  []string `yaml:"shared_paths"`
}

// Host is one server reached over SSH.
type Host struct {
	Name    string   `yaml:"name"`
	Address string   `yaml:"address"`
	Port    int      `yaml:"port"`
	User    string   `yaml:"user"`
	Groups  []string `yaml:"groups"`
	// Line is the line of the host's entry in the file (0 if unknown).
	Line int `yaml:"-"`
}

// MemberName implements Member.
func (h Host) MemberName() string { return h.Name }

// MemberGroups implements Member.
func (h Host) MemberGroups() []string { return h.Groups }

// DefaultPath is the config file used when neither --config nor
// $OPSCTL_CONFIG names one.
const DefaultPath = "opsctl.yaml"

// Load reads and validates the config file at path.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("config %s: no such file (use --config or $OPSCTL_CONFIG)", path)
		}
		return nil, fmt.Errorf("config: %w", err)
	}
	return parse(b, path)
}

// LoadReader reads and validates a config from r; name is used in errors.
func LoadReader(r io.Reader, name string) (*Config, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", name, err)
	}
	return parse(b, name)
}

// Error is a config error with its place.
type Error struct {
	File string
	Line int
	Col  int // 0 when only the line is known
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 && e.Col > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

var yamlLineRE = regexp.MustCompile(`line (\d+): (.*)`)

// yamlError reports go-yaml's first error with its place: for a syntax
// error, where lintSyntax finds the mistake (go-yaml often names the line
// the enclosing block started on); for a type error, the key, column and an
// example of a valid value.
func yamlError(file string, err error, src []byte, root *yaml.Node) error {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	} else if le := lintSyntax(file, src); le != nil {
		return le
	}
	first := strings.TrimPrefix(msgs[0], "yaml: ")
	e := &Error{File: file, Msg: first}
	if root != nil {
		if t := typeError(file, root, first); t != nil {
			e = t
		}
	}
	if m := yamlLineRE.FindStringSubmatch(e.Msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Msg = m[2]
	}
	if s := unknownFieldRE.FindStringSubmatch(e.Msg); s != nil && e.Line > 0 {
		e = unknownKey(file, root, e.Line, s[1], s[2])
	}
	e.Msg = tidyYAMLMsg(e.Msg)
	if len(msgs) > 1 {
		e.Msg += fmt.Sprintf(" (and %d more errors)", len(msgs)-1)
	}
	return e
}

var unknownFieldRE = regexp.MustCompile(`^field (\S+) not found in type inventory\.(\w+)$`)

func tidyYAMLMsg(m string) string {
	if s := unknownFieldRE.FindStringSubmatch(m); s != nil {
		return fmt.Sprintf("unknown key %q in %s section", s[1], sectionName(s[2]))
	}
	return m
}

func sectionName(typ string) string {
	switch typ {
	case "Config":
		return "top-level"
	}
	return strings.ToLower(typ)
}

func parse(b []byte, file string) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, yamlError(file, err, b, nil)
	}
	if err := checkEnv(&root, file); err != nil {
		return nil, err
	}
	c := &Config{File: file, root: &root}
	if len(bytes.TrimSpace(b)) > 0 {
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(c); err != nil && err != io.EOF {
			return nil, yamlError(file, err, b, &root)
		}
	}
	c.env = map[string]string{}
	expandStrings(reflect.ValueOf(c).Elem(), c.env)
	c.setDefaults()
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

var envRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// checkEnv reports the first ${VAR} whose variable is unset, with its line.
func checkEnv(n *yaml.Node, file string) error {
	if n.Kind == yaml.ScalarNode {
		for _, m := range envRE.FindAllStringSubmatch(n.Value, -1) {
			if _, ok := os.LookupEnv(m[1]); !ok {
				return &Error{File: file, Line: n.Line, Msg: fmt.Sprintf("environment variable %s is not set (used as ${%s})", m[1], m[1])}
			}
		}
	}
	for _, c := range n.Content {
		if err := checkEnv(c, file); err != nil {
			return err
		}
	}
	return nil
}

// expandStrings replaces ${VAR} in every string and records in used
// what each variable expanded to.
func expandStrings(v reflect.Value, used map[string]string) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() && strings.Contains(v.String(), "${") {
			v.SetString(envRE.ReplaceAllStringFunc(v.String(), func(s string) string {
				name := envRE.FindStringSubmatch(s)[1]
				val := os.Getenv(name)
				used[name] = val
				return val
			}))
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			expandStrings(v.Elem(), used)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				expandStrings(v.Field(i), used)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			expandStrings(v.Index(i), used)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			expandStrings(e, used)
			v.SetMapIndex(k, e)
		}
	}
}

// minMasked: values shorter than this are not masked (no credible
// secret is that short, and masking "1" would garble every number).
const minMasked = 4

// MaskEnv replaces, in s, every value that a ${VAR} of the file expanded
// to with the text ${VAR}: whatever came from the environment (a
// password in a repoint command, a URL) is shown as its variable, never
// as its value. Longer values are replaced first; values under 4 bytes
// are left alone.
func (c *Config) MaskEnv(s string) string {
	if c == nil || len(c.env) == 0 {
		return s
	}
	type kv struct{ name, val string }
	var vals []kv
	for n, v := range c.env {
		if len(v) >= minMasked {
			vals = append(vals, kv{n, v})
		}
	}
	sort.Slice(vals, func(i, j int) bool {
		if len(vals[i].val) != len(vals[j].val) {
			return len(vals[i].val) > len(vals[j].val)
		}
		return vals[i].name < vals[j].name
	})
	for _, x := range vals {
		s = strings.ReplaceAll(s, x.val, "${"+x.name+"}")
	}
	return s
}

// Line returns the line of the value at a path of mapping keys and sequence
// indexes (e.g. "hosts", 3, "port"), or 0 when the path is not in the file.
func (c *Config) Line(path ...any) int {
	if c == nil || c.root == nil {
		return 0
	}
	n := c.root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, p := range path {
		switch k := p.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return line
			}
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					line = n.Content[i].Line
					n = n.Content[i+1]
					found = true
					break
				}
			}
			if !found {
				return line
			}
		case int:
			if n.Kind != yaml.SequenceNode || k >= len(n.Content) {
				return line
			}
			n = n.Content[k]
			line = n.Line
		}
	}
	return line
}

// Errorf makes an Error located at the given path in the file.
func (c *Config) Errorf(path []any, format string, args ...any) error {
	return &Error{File: c.File, Line: c.Line(path...), Msg: fmt.Sprintf(format, args...)}
}

func (c *Config) setDefaults() {
	if c.App.KeepReleases == 0 {
		c.App.KeepReleases = 5
	}
	for i := range c.Hosts {
		c.Hosts[i].Line = c.Line("hosts", i)
	}
	c.SSH.setDefaults()
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// ValidName reports whether s is usable as a host, node or group name.
func ValidName(s string) bool { return nameRE.MatchString(s) }

func (c *Config) validate() error {
	if c.App.DeployTo != "" {
		if !strings.HasPrefix(c.App.DeployTo, "/") {
			return c.Errorf([]any{"app", "deploy_to"}, "app.deploy_to must be an absolute path, got %q", c.App.DeployTo)
		}
		if !safePathRE.MatchString(c.App.DeployTo) {
			return c.Errorf([]any{"app", "deploy_to"}, "app.deploy_to %q: only letters, digits and ._-/ are allowed", c.App.DeployTo)
		}
	}
	if c.App.KeepReleases < 2 {
		return c.Errorf([]any{"app", "keep_releases"}, "app.keep_releases must be at least 2 (the live release and the one before it), got %d", c.App.KeepReleases)
	}
	seen := map[string]int{}
	for i, h := range c.Hosts {
		if h.Name == "" {
			return c.Errorf([]any{"hosts", i}, "host #%d has no name", i+1)
		}
		if !ValidName(h.Name) {
			return c.Errorf([]any{"hosts", i, "name"}, "host name %q: use letters, digits and ._- only", h.Name)
		}
		if prev, dup := seen[h.Name]; dup {
			return c.Errorf([]any{"hosts", i, "name"}, "host %q is listed twice (first at line %d)", h.Name, prev)
		}
		seen[h.Name] = h.Line
		if h.Port < 0 || h.Port > 65535 {
			return c.Errorf([]any{"hosts", i, "port"}, "host %s: port %d out of range", h.Name, h.Port)
		}
		for _, g := range h.Groups {
			if !ValidName(g) {
				return c.Errorf([]any{"hosts", i, "groups"}, "host %s: group name %q: use letters, digits and ._- only", h.Name, g)
			}
		}
	}
	for g, members := range c.Groups {
		if !ValidName(g) {
			return c.Errorf([]any{"groups", g}, "group name %q: use letters, digits and ._- only", g)
		}
		if _, clash := seen[g]; clash {
			return c.Errorf([]any{"groups", g}, "group %q has the same name as a host", g)
		}
		for _, m := range members {
			if _, ok := seen[m]; !ok {
				return c.Errorf([]any{"groups", g}, "group %s: unknown host %q", g, m)
			}
		}
	}
	if err := c.validateSSH(); err != nil {
		return err
	}
	return c.validateSections()
}

var safePathRE = regexp.MustCompile(`^/[A-Za-z0-9._/-]*$`)

// AllHosts returns the hosts with group memberships from the groups section
// merged in.
func (c *Config) AllHosts() []Host {
	out := make([]Host, len(c.Hosts))
	copy(out, c.Hosts)
	for i := range out {
		out[i].Groups = append([]string(nil), out[i].Groups...)
		for g, members := range c.Groups {
			for _, m := range members {
				if m == out[i].Name && !contains(out[i].Groups, g) {
					out[i].Groups = append(out[i].Groups, g)
				}
			}
		}
	}
	return out
}

// SelectHosts returns the hosts matched by a --hosts selector ("" selects
// every host).
func (c *Config) SelectHosts(selector string) ([]Host, error) {
	s, err := ParseSelector(selector)
	if err != nil {
		return nil, err
	}
	hosts, err := Select(s, c.AllHosts(), "host")
	var se *SelectError
	if errors.As(err, &se) {
		// -H lb on a host command: say where the name is defined instead.
		switch {
		case selects(se.Name, c.HAProxy.Nodes):
			se.Msg += "; it names HAProxy nodes (use it with opsctl haproxy or readonly)"
		case selects(se.Name, c.Varnish.Nodes):
			se.Msg += "; it names Varnish nodes (use it with opsctl varnish or readonly)"
		}
	}
	return hosts, err
}

// selects reports whether name is a member or group of nodes.
func selects[T Member](name string, nodes []T) bool {
	for _, n := range memberNames(nodes) {
		if n == name {
			return true
		}
	}
	return false
}

// Host returns the named host.
func (c *Config) Host(name string) (Host, bool) {
	for _, h := range c.AllHosts() {
		if h.Name == name {
			return h, true
		}
	}
	return Host{}, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Duration is a time.Duration that reads "10s", "1m30s" in YAML.
type Duration = time.Duration

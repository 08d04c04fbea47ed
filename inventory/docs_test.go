package inventory

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// The docs tell the truth about the inventory: every example config in the
// README and docs/ loads, and docs/configuration.md names every key the
// code knows.

var yamlBlockRE = regexp.MustCompile("(?s)```yaml\n(.*?)```")

func docFiles(t *testing.T) []string {
	files, _ := filepath.Glob("../docs/*.md")
	return append(files, "../README.md")
}

func TestDocsExamplesLoad(t *testing.T) {
	t.Setenv("DB_PASSWORD", "secret")
	for _, f := range docFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range yamlBlockRE.FindAllStringSubmatch(string(b), -1) {
			line := 1 + strings.Count(string(b)[:strings.Index(string(b), m[0])], "\n")
			if _, err := LoadReader(strings.NewReader(m[1]), filepath.Base(f)); err != nil {
				t.Errorf("%s: the yaml example at line %d (#%d) does not load: %v", f, line, i+1, err)
			}
		}
	}
}

func TestDocsNameEveryKey(t *testing.T) {
	b, err := os.ReadFile("../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	m := yamlBlockRE.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatal("docs/configuration.md has no yaml block")
	}
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(m[1]), &root); err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	var walk func(n *yaml.Node, pre string, free bool)
	walk = func(n *yaml.Node, pre string, free bool) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, pre, false)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := pre + n.Content[i].Value
				if free { // a map keyed by names: its values are what count
					k = strings.TrimSuffix(pre, ".")
				}
				documented[k] = true
				walk(n.Content[i+1], k+".", freeMaps[k])
			}
		}
	}
	walk(&root, "", false)
	var missing []string
	for _, k := range codeKeys() {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("docs/configuration.md does not show these inventory keys: %s", strings.Join(missing, ", "))
	}
}

// freeMaps are mappings whose keys are names the user chooses.
var freeMaps = map[string]bool{"groups": true, "deploy_lb.servers": true}

// codeKeys lists every key path the inventory types accept ("cutover.quiesce.stable").
func codeKeys() []string {
	var out []string
	var walk func(t reflect.Type, pre string)
	walk = func(t reflect.Type, pre string) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.PkgPath() == "time" {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if tag == "" || tag == "-" || !f.IsExported() {
				continue
			}
			out = append(out, pre+tag)
			walk(f.Type, pre+tag+".")
		}
	}
	walk(reflect.TypeOf(Config{}), "")
	return out
}

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/opsctl/opsctl/internal/iox"
	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"github.com/spf13/pflag"
)

// The command reference is generated from the command tree itself, so it
// cannot drift from --help: docs/commands.md is committed and
// TestDocsCommandsCurrent fails when it is stale; man pages are written at
// install time.
//
//	go run ./cmd/opsctl docs -f docs/commands.md     # regenerate the reference
//	go run ./cmd/opsctl docs --man /usr/local/share/man/man1

// commandsDocFile is the committed reference, relative to the repository.
const commandsDocFile = "docs/commands.md"

//go:generate go run . docs -f ../../docs/commands.md

// regenerateDocs is the command that rewrites commandsDocFile (from the
// repository root; "go generate ./cmd/opsctl" runs the same).
const regenerateDocs = "go run ./cmd/opsctl docs -f " + commandsDocFile

func newDocsCmd(a *app) *cobra.Command {
	var file, manDir string
	cmd := &cobra.Command{
		Use:   "docs [-f FILE] [--man DIR]",
		Short: "Write the command reference (markdown) and the man pages",
		Long: `Write the reference of every opsctl command, generated from the command
tree (the same text as --help): as one markdown page (stdout, or -f FILE),
and with --man DIR as one man page per command (opsctl.1, opsctl-deploy.1,
...). SOURCE_DATE_EPOCH fixes the man pages' date.

  ` + regenerateDocs + `     # the committed reference
  opsctl docs --man ~/.local/share/man/man1          # then: man opsctl-deploy`,
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.jsonMode() && file == "" && manDir == "" {
				return usageError("docs: the reference is markdown: with -o json, write it with -f FILE or --man DIR")
			}
			var written []string
			if file != "" || manDir == "" {
				var buf bytes.Buffer
				if err := genCommandsMarkdown(&buf); err != nil {
					return err
				}
				if file == "" {
					_, err := a.io.Out.Write(buf.Bytes())
					return err
				}
				if err := iox.WriteFileAtomic(file, buf.Bytes(), 0o644); err != nil {
					return err
				}
				written = append(written, file)
			}
			if manDir != "" {
				pages, err := genManPages(manDir)
				if err != nil {
					return err
				}
				written = append(written, pages...)
			}
			if a.jsonMode() {
				a.emit("docs.wrote", map[string]any{"files": written})
				return nil
			}
			a.infof("wrote %d file(s): %s\n", len(written), strings.Join(written, ", "))
			return nil
		},
	}
	cmd.Flags().StringVarP(&file, "output-file", "f", "", "write the markdown reference to FILE (default: stdout)")
	cmd.Flags().StringVar(&manDir, "man", "", "write one man page per command into DIR (created if missing)")
	return cmd
}

// docsTree is the command tree as a user sees it, for documentation: the
// flag defaults that come from OPSCTL_* variables are the built-in ones, and
// cobra's completion command and --version flag are there (cobra adds them
// only when executing).
func docsTree() *cobra.Command {
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "OPSCTL_") {
			os.Unsetenv(k) // this process only writes docs, then exits
		}
	}
	a := newApp(&IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard})
	root := newRootCmd(a)
	root.InitDefaultCompletionCmd()
	root.InitDefaultVersionFlag() // --version, as cobra adds it when executing
	root.DisableAutoGenTag = true
	// Defaults computed from this machine (readonly on --by) are shown as
	// what they stand for.
	machine := strings.NewReplacer(defaultBy(), "$USER@hostname")
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) { f.DefValue = machine.Replace(f.DefValue) })
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	return root
}

// docCommands lists the commands the reference documents, depth first in
// name order: every available command (not hidden, not help).
func docCommands(root *cobra.Command) []*cobra.Command {
	var out []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		out = append(out, c)
		subs := append([]*cobra.Command{}, c.Commands()...)
		sort.Slice(subs, func(i, j int) bool { return subs[i].Name() < subs[j].Name() })
		for _, s := range subs {
			if s.IsAvailableCommand() && !s.IsAdditionalHelpTopicCommand() {
				walk(s)
			}
		}
	}
	walk(root)
	return out
}

// anchorOf is the GitHub anchor of a "## opsctl x y" heading.
func anchorOf(path string) string { return strings.ReplaceAll(path, " ", "-") }

// genCommandsMarkdown writes the whole reference as one markdown page: a
// contents list, then every command's section (cobra's doc.GenMarkdown),
// its "see also" links pointing at anchors of this page.
func genCommandsMarkdown(w io.Writer) error {
	root := docsTree()
	cmds := docCommands(root)
	var b bytes.Buffer
	fmt.Fprintf(&b, `# Every opsctl command

<!-- Generated from the command tree by "%s": do not edit.
     TestDocsCommandsCurrent fails when this page is stale. -->

The same text as `+"`opsctl COMMAND --help`"+`, one section per command.
Exit codes are in [exit-codes.md](exit-codes.md), the inventory in
[configuration.md](configuration.md), the `+"`-o json`"+` lines in
[json.md](json.md). Man pages of the same text: `+"`opsctl docs --man DIR`"+`
(see [the README](../README.md#reference)).

`, regenerateDocs)
	for _, c := range cmds {
		depth := strings.Count(c.CommandPath(), " ")
		indent := strings.Repeat("  ", max(depth-1, 0))
		if depth == 0 {
			continue
		}
		fmt.Fprintf(&b, "%s- [%s](#%s): %s\n", indent, c.CommandPath(), anchorOf(c.CommandPath()), c.Short)
	}
	b.WriteString("\n")
	link := func(name string) string { // "opsctl_migrate_copy.md" -> "#opsctl-migrate-copy"
		return "#" + strings.ReplaceAll(strings.TrimSuffix(name, ".md"), "_", "-")
	}
	for _, c := range cmds {
		// Long texts are written for a terminal (indented examples, <id>):
		// shown as they are, not as markdown.
		if c.Long != "" {
			c.Long = "```text\n" + strings.TrimRight(c.Long, "\n") + "\n```"
		}
		if err := doc.GenMarkdownCustom(c, &b, link); err != nil {
			return err
		}
	}
	_, err := w.Write(bytes.TrimRight(b.Bytes(), "\n"))
	if err == nil {
		_, err = io.WriteString(w, "\n")
	}
	return err
}

// genManPages writes one man page per command into dir and returns their
// paths.
func genManPages(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	root := docsTree()
	hdr := &doc.GenManHeader{Section: "1", Source: "opsctl " + version, Manual: "opsctl manual"}
	if err := doc.GenManTree(root, hdr, dir); err != nil {
		return nil, err
	}
	var out []string
	for _, c := range docCommands(root) {
		out = append(out, filepath.Join(dir, strings.ReplaceAll(c.CommandPath(), " ", "-")+".1"))
	}
	return out, nil
}

// Package archtest holds the architecture test: it checks the import rules
// of ARCHITECTURE.md (libraries never import the CLI, cobra, progressbar or
// the inventory) on the real dependency graph, with go list.
package archtest

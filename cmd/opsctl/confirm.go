package main

import (
	"bufio"
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/opsctl/opsctl/deploy"
)

// confirm asks before a site-wide or destructive act. what says what will
// happen ("roll back 40 hosts to their previous release"); items name what
// it touches (hosts, nodes, tables), the first ten shown.
//
// --yes (or OPSCTL_YES=1, for automation that can't pass flags) skips the
// question. On a terminal the question is asked on stderr and re-asked on
// anything but yes or no; "no" cancels with nothing changed (exit 1).
// Without a terminal the act is refused unless --yes was given, as gh
// does: a script must say it means it.
func (a *app) confirm(what string, items []string) error {
	if a.opts.yes || os.Getenv("OPSCTL_YES") == "1" {
		return nil
	}
	if !a.io.InTTY || !a.io.ErrTTY {
		return usageError("%s: this asks for confirmation and there is no terminal to ask on; pass --yes to go ahead", what)
	}
	list := strings.Join(items, ", ")
	if len(items) > 10 {
		list = strings.Join(items[:10], ", ") + fmt.Sprintf(" and %d more", len(items)-10)
	}
	fmt.Fprintf(a.io.ErrOut, "%s", what)
	if list != "" {
		fmt.Fprintf(a.io.ErrOut, ": %s", list)
	}
	fmt.Fprintln(a.io.ErrOut)
	fmt.Fprint(a.io.ErrOut, "Proceed? [y/n] ")
	yes, err := a.ask(context.Background(), "Please answer yes or no.\nProceed? [y/n] ")
	switch {
	case err != nil: // end of input: no answer is not a yes
		fmt.Fprintln(a.io.ErrOut)
		return fmt.Errorf("no answer: cancelled, nothing was changed")
	case !yes:
		return fmt.Errorf("cancelled: nothing was changed")
	}
	return nil
}

// ask reads a yes or no from the terminal (y, yes, n, no), printing again
// after any other answer. Every question shares one reader of In. ctx
// ends the wait.
func (a *app) ask(ctx context.Context, again string) (bool, error) {
	a.outMu.Lock()
	if a.stdin == nil {
		a.stdin = bufio.NewReader(a.io.In)
	}
	r := a.stdin
	a.outMu.Unlock()
	type answer struct {
		s   string
		err error
	}
	for {
		ch := make(chan answer, 1)
		go func() {
			s, err := r.ReadString('\n')
			ch <- answer{s, err}
		}()
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case ans := <-ch:
			switch strings.ToLower(strings.TrimSpace(ans.s)) {
			case "y", "yes":
				return true, nil
			case "n", "no":
				return false, nil
			}
			if ans.err != nil {
				return false, ans.err
			}
			fmt.Fprint(a.io.ErrOut, again) // not an answer: ask again, never act on a typo
		}
	}
}

func deployHostNames(hosts []deploy.Host) []string {
	out := make([]string, len(hosts))
	for i, h := range hosts {
		out[i] = h.Name
	}
	return out
}

// redactURL is a database URL without its password, for prompts.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "***")
	}
	return u.String()
}

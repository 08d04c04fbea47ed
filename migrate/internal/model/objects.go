package model

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Untranslated is a database object (view, trigger, function, procedure,
// event) that could not be carried to PostgreSQL. It is never dropped
// silently: the report lists it with its reason and place, WriteStubs writes
// its MySQL text as a commented stub the user can finish, and the command's
// exit code says the database is incomplete.
//
// The SQL translator fills it for the objects it cannot translate; the dump
// reader and the live copy for the ones nothing translates (events).
type Untranslated struct {
	Kind   string `json:"kind"`   // "view", "trigger", "function", "procedure", "event", "sequence"
	Schema string `json:"schema"` // PostgreSQL schema the object belongs in
	Name   string `json:"name"`   // MySQL name
	Reason string `json:"reason"` // why, e.g. "events have no PostgreSQL equivalent (use cron or pg_cron)"
	// Line is the line in the object's body (1 = the CREATE line) where
	// translation stopped; 0 when no single line is at fault.
	Line int `json:"line"`
	// DumpLine is the line of the CREATE statement in the dump (0 for the
	// live copy).
	DumpLine int `json:"dump_line,omitempty"`
	// MySQLText is the object's full MySQL definition (in its stub, not
	// in JSON).
	MySQLText string `json:"-"`
}

// MarshalJSON is the migrate.not_migrated line's fields: the tagged ones
// and "object", the one-line entry (String).
func (u Untranslated) MarshalJSON() ([]byte, error) {
	type plain Untranslated
	return json.Marshal(struct {
		plain
		Object string `json:"object"`
	}{plain(u), u.String()})
}

// Ref names the object as the report and cutover.accept_missing do:
// "schema.name".
func (u Untranslated) Ref() string {
	if u.Schema == "" {
		return u.Name
	}
	return u.Schema + "." + u.Name
}

// String is the one-line report entry:
// "event shop.ev_purge (line 3: events have no PostgreSQL equivalent)".
func (u Untranslated) String() string {
	place := ""
	if u.Line > 0 {
		place = fmt.Sprintf("line %d: ", u.Line)
	}
	return fmt.Sprintf("%s %s (%s%s)", u.Kind, u.Ref(), place, u.Reason)
}

// AcceptedBy reports whether one of the names accepts leaving the object
// behind. A name matches as "name", "schema.name", "kind:name" or
// "kind:schema.name" (case-insensitive, as MySQL names are).
func (u Untranslated) AcceptedBy(names []string) bool {
	for _, n := range names {
		n = strings.TrimSpace(n)
		k, rest, ok := strings.Cut(n, ":")
		if ok {
			if !strings.EqualFold(k, u.Kind) {
				continue
			}
			n = rest
		}
		if strings.EqualFold(n, u.Name) || strings.EqualFold(n, u.Ref()) {
			return true
		}
	}
	return false
}

// notTranslatedWhy is the reason given for an object nothing translates
// (the SQL translator replaces it for the objects it handles).
func notTranslatedWhy(kind string) string {
	switch kind {
	case "event":
		return "events have no PostgreSQL equivalent: run the body from cron or pg_cron"
	case "trigger":
		return "trigger not translated: rewrite it as a PL/pgSQL trigger function"
	case "function", "procedure":
		return kind + " not translated: rewrite it in PL/pgSQL"
	}
	return kind + " not translated"
}

var (
	reVersioned = regexp.MustCompile(`/\*!\d*\s?`)
	reSchedule  = regexp.MustCompile(`(?i)\bON\s+SCHEDULE\b`)
)

// ObjectText is a dumped CREATE statement as the user would write it:
// mysqldump's version comments (/*!50003 ... */) taken off.
func ObjectText(stmt string) string {
	if !strings.Contains(stmt, "/*!") {
		return strings.TrimSpace(stmt)
	}
	s := reVersioned.ReplaceAllString(stmt, "")
	s = strings.ReplaceAll(s, " */", "")
	s = strings.ReplaceAll(s, "*/", "")
	return strings.TrimSpace(s)
}

// lineOf is the 1-based line of the first match of re in s (1 if none).
func lineOf(s string, re *regexp.Regexp) int {
	loc := re.FindStringIndex(s)
	if loc == nil {
		return 1
	}
	return strings.Count(s[:loc[0]], "\n") + 1
}

// NotTranslated builds the Untranslated for an object nothing translates.
func NotTranslated(kind, schema, name, stmt string) Untranslated {
	text := ObjectText(stmt)
	u := Untranslated{Kind: kind, Schema: schema, Name: name, Reason: notTranslatedWhy(kind), MySQLText: text, Line: 1}
	if kind == "event" {
		u.Line = lineOf(text, reSchedule)
	}
	return u
}

// AnyOrderComment starts the comment the translator puts on a view column
// that is a GROUP_CONCAT without ORDER BY, followed by its separator:
// MySQL gives the items in no defined order, so verify compares them as a
// set (split on the separator, sorted) on both sides.
const AnyOrderComment = "opsctl: GROUP_CONCAT without ORDER BY (items in no defined order), separator: "

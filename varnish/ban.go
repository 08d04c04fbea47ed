package varnish

import (
	"fmt"
	"net/url"
	"strings"
)

// BanWords turns a ban expression given as words (FIELD OPERATOR ARG [&&
// FIELD OPERATOR ARG ...]) or as one string to split as varnishadm does
// into checked words (CheckBan).
func BanWords(args []string) ([]string, error) {
	words := args
	if len(args) == 1 {
		w, err := SplitArgs(args[0])
		if err != nil {
			return nil, fmt.Errorf("ban expression %q: %v", args[0], err)
		}
		words = w
	}
	if err := CheckBan(words); err != nil {
		return nil, err
	}
	return words, nil
}

// CheckBan checks the shape FIELD OP ARG [&& FIELD OP ARG ...] and the one
// thing varnishd 7.1 cannot take: a blank inside a word.
func CheckBan(words []string) error {
	if len(words) < 3 || (len(words)-3)%4 != 0 {
		return fmt.Errorf("ban expression %q: want FIELD OPERATOR ARG [&& FIELD OPERATOR ARG ...]", strings.Join(words, " "))
	}
	for i, w := range words {
		if i%4 == 3 && w != "&&" {
			return fmt.Errorf("ban expression: want && between conditions, got %q", w)
		}
		if w == "" || strings.ContainsAny(w, " \t\r\n") {
			return fmt.Errorf("ban expression: %q: varnishd cannot take blanks inside a ban argument (use \\s in a regex)", w)
		}
	}
	return nil
}

// PurgeBan turns a URL into ban words: req.url == PATH (with the query
// string), and req.http.host == HOST when the URL has a host.
func PurgeBan(raw string) ([]string, error) {
	var path, host string
	switch {
	case strings.HasPrefix(raw, "/"):
		path = raw
	case strings.Contains(raw, "://"):
		u, err := url.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("purge %q: %v", raw, err)
		}
		if u.Host == "" {
			return nil, fmt.Errorf("purge %q: no host in the URL", raw)
		}
		host = u.Host
		path = u.EscapedPath()
		if path == "" {
			path = "/"
		}
		if u.RawQuery != "" {
			path += "?" + u.RawQuery
		}
	default:
		return nil, fmt.Errorf("purge %q: give a URL (https://host/path) or a path (/path)", raw)
	}
	words := []string{"req.url", "==", path}
	if host != "" {
		words = append(words, "&&", "req.http.host", "==", host)
	}
	if err := CheckBan(words); err != nil {
		return nil, err
	}
	return words, nil
}

// CheckVCLName is ValidVCLName as an error that says the rule.
func CheckVCLName(s string) error {
	if !ValidVCLName(s) {
		return fmt.Errorf("VCL name %q: start with a letter; letters, digits, _ and - only", s)
	}
	return nil
}

// ValidVCLName follows varnishd's rule for VCL names (VCL_Name in
// mgt_vcl): a letter, then letters, digits, _ and -; at most 64.
func ValidVCLName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i, c := range s {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '-'))
		if !ok {
			return false
		}
	}
	return true
}

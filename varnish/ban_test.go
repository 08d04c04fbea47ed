package varnish_test

import (
	"strings"
	"testing"

	"github.com/opsctl/opsctl/varnish"
)

func TestPurgeBanWords(t *testing.T) {
	for in, want := range map[string]string{
		"/robots.txt":                   "req.url == /robots.txt",
		"https://shop.example/cart?x=1": "req.url == /cart?x=1 && req.http.host == shop.example",
		"http://shop.example:8080":      "req.url == / && req.http.host == shop.example:8080",
		"http://h/a%20b":                "req.url == /a%20b && req.http.host == h",
		"shop.example/cart":             "ERR give a URL",
		"https:///nohost":               "ERR no host",
		"/a b":                          "ERR blanks",
		"https://shop.example/x\ty":     "ERR",
	} {
		w, err := varnish.PurgeBan(in)
		got := strings.Join(w, " ")
		if err != nil {
			got = "ERR " + err.Error()
		}
		if !strings.HasPrefix(got, want) && !(strings.HasPrefix(want, "ERR") && strings.HasPrefix(got, "ERR") && strings.Contains(got, want[4:])) {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

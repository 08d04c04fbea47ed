package lab

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
)

// FrontendLines reads an HAProxy config snippet (the haproxy-frontend.cfg
// that `opsctl readonly init` writes) and returns its lines without
// comments and blank lines, for HAProxyOptions.FrontendExtra.
func FrontendLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if ln := strings.TrimSpace(sc.Text()); ln != "" && !strings.HasPrefix(ln, "#") {
			lines = append(lines, ln)
		}
	}
	return lines, sc.Err()
}

// StartSite starts a site's front: nCache varnishd (cache1, cache2, ...)
// with vcl, in parallel, then nLB HAProxy (lb1, lb2, ...) balancing over
// the caches, each frontend with the extra lines (e.g. FrontendLines).
func (l *Lab) StartSite(nCache, nLB int, vcl string, extra []string) ([]*Varnish, []*HAProxy, error) {
	caches := make([]*Varnish, nCache)
	errs := make([]error, nCache)
	var wg sync.WaitGroup
	for i := range caches {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			caches[i], errs[i] = l.StartVarnish(VarnishOptions{Name: fmt.Sprintf("cache%d", i+1), VCL: vcl})
		}(i)
	}
	wg.Wait()
	addrs := make([]string, 0, nCache)
	for i, v := range caches {
		if errs[i] != nil {
			return nil, nil, errs[i]
		}
		addrs = append(addrs, v.HTTPAddr)
	}
	lbs := make([]*HAProxy, 0, nLB)
	for i := 0; i < nLB; i++ {
		h, err := l.StartHAProxy(HAProxyOptions{Name: fmt.Sprintf("lb%d", i+1),
			Backends: []HAProxyBackend{{Name: "cache", Addrs: addrs}}, FrontendExtra: extra})
		if err != nil {
			return nil, nil, err
		}
		lbs = append(lbs, h)
	}
	return caches, lbs, nil
}

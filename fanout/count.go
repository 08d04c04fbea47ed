package fanout

import (
	"fmt"
	"strconv"
	"strings"
)

func parseCount(spec string, total int) (int, error) {
	s := strings.TrimSpace(spec)
	if s == "" {
		return 0, fmt.Errorf("empty count (want N or P%%)")
	}
	if strings.HasSuffix(s, "%") {
		p, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		if err != nil || p < 0 || p > 100 {
			return 0, fmt.Errorf("bad percentage %q (want 0%%..100%%)", spec)
		}
		n := int(p * float64(total) / 100)
		if float64(n) < p*float64(total)/100 {
			n++
		}
		return n, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad count %q (want a whole number N >= 0 or a percentage P%%)", spec)
	}
	return n, nil
}

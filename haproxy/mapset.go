package haproxy

import (
	"context"
	"fmt"
	"strings"
)

// SetMapsAndShow sends every "set map FILE KEY VALUE" of kv and a final
// "show map FILE" in one request (commands joined with ";", one connection,
// one round trip) and returns the map as HAProxy holds it afterwards. It
// fails as a whole if any command fails; the caller may then go one by one.
func (c *Client) SetMapsAndShow(ctx context.Context, file string, kv [][2]string) ([]MapEntry, error) {
	cmds := make([]string, 0, len(kv)+1)
	for _, e := range kv {
		c, err := CmdSetMap(file, e[0], e[1])
		if err != nil {
			return nil, err
		}
		cmds = append(cmds, c)
	}
	if err := CheckMapRef(file); err != nil {
		return nil, err
	}
	cmds = append(cmds, "show map "+file)
	out, err := c.Raw(ctx, strings.Join(cmds, ";"))
	if err != nil {
		return nil, err
	}
	// Each successful "set map" answers an empty line; then the map.
	rest := out
	for i := 0; i < len(kv); i++ {
		var ok bool
		if rest, ok = strings.CutPrefix(rest, "\n"); !ok {
			return nil, fmt.Errorf("set map: unexpected answer %q", clipLine(rest))
		}
	}
	return ParseMap(rest, true)
}

// clipLine is the first line of s, at most 120 bytes (for an error).
func clipLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	if len(l) > 120 {
		l = l[:120] + "..."
	}
	return l
}

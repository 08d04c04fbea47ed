package varnish

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
)

// CLI status codes (varnish cli.h).
const (
	StatusSyntax    = 100
	StatusUnknown   = 101
	StatusUnimpl    = 102
	StatusTooFew    = 104
	StatusTooMany   = 105
	StatusParam     = 106
	StatusAuth      = 107
	StatusOK        = 200
	StatusTruncated = 201
	StatusCant      = 300
	StatusComms     = 400
	StatusClose     = 500
)

// headerLen is the size of a response header: "%-3d %-8d\n".
const headerLen = 13

// MaxBody bounds the body a response may announce. varnishd's own cli_limit
// defaults to 48 KiB; anything near this bound is not a Varnish CLI.
const MaxBody = 8 << 20

// challengeLen is the length of the authentication challenge.
const challengeLen = 32

// ErrProtocol is wrapped by every error about a malformed reply.
var ErrProtocol = errors.New("varnish CLI protocol error")

// Response is one CLI reply.
type Response struct {
	Status int
	Body   string
}

// parseHeader parses the 13-byte response header.
func parseHeader(h []byte) (status, length int, err error) {
	if len(h) != headerLen || h[3] != ' ' || h[12] != '\n' {
		return 0, 0, fmt.Errorf("%w: bad header %q", ErrProtocol, h)
	}
	status, ok := atoiField(h[0:3])
	if !ok || status < 100 || status > 999 {
		return 0, 0, fmt.Errorf("%w: bad status in header %q", ErrProtocol, h)
	}
	length, ok = atoiField(h[4:12])
	if !ok {
		return 0, 0, fmt.Errorf("%w: bad length in header %q", ErrProtocol, h)
	}
	if length > MaxBody {
		return 0, 0, fmt.Errorf("%w: body length %d exceeds %d", ErrProtocol, length, MaxBody)
	}
	return status, length, nil
}

// atoiField reads left-aligned decimal digits padded with spaces.
func atoiField(b []byte) (int, bool) {
	n, digits := 0, 0
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		n = n*10 + int(b[i]-'0')
		digits++
	}
	for ; i < len(b); i++ {
		if b[i] != ' ' {
			return 0, false
		}
	}
	return n, digits > 0
}

// ReadResponse reads one reply: header, body, and the trailing newline that
// the length does not count.
func ReadResponse(r *bufio.Reader) (Response, error) {
	var h [headerLen]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		if err == io.ErrUnexpectedEOF {
			return Response{}, fmt.Errorf("%w: short header", ErrProtocol)
		}
		return Response{}, err
	}
	status, length, err := parseHeader(h[:])
	if err != nil {
		return Response{}, err
	}
	body := make([]byte, length+1)
	if _, err := io.ReadFull(r, body); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return Response{}, fmt.Errorf("%w: body shorter than the announced %d bytes", ErrProtocol, length)
		}
		return Response{}, err
	}
	if body[length] != '\n' {
		return Response{}, fmt.Errorf("%w: body not followed by a newline", ErrProtocol)
	}
	return Response{Status: status, Body: string(body[:length])}, nil
}

// AuthResponse computes the hex answer to an authentication challenge:
// SHA-256(challenge "\n" secret challenge "\n"), the secret exactly as
// stored (trailing newline included).
func AuthResponse(challenge string, secret []byte) string {
	h := sha256.New()
	io.WriteString(h, challenge)
	io.WriteString(h, "\n")
	h.Write(secret)
	io.WriteString(h, challenge)
	io.WriteString(h, "\n")
	return hex.EncodeToString(h.Sum(nil))
}

// challengeOf extracts the challenge from a 107 reply body.
func challengeOf(body string) (string, error) {
	if len(body) < challengeLen+1 || body[challengeLen] != '\n' {
		return "", fmt.Errorf("%w: authentication challenge malformed", ErrProtocol)
	}
	c := body[:challengeLen]
	for i := 0; i < len(c); i++ {
		if c[i] < 'a' || c[i] > 'z' {
			return "", fmt.Errorf("%w: authentication challenge malformed", ErrProtocol)
		}
	}
	return c, nil
}

// Quote renders one argument for the CLI: bare when it is a plain word,
// otherwise in double quotes with backslash escapes (varnish's VAV rules).
func Quote(arg string) string {
	plain := arg != ""
	for i := 0; i < len(arg) && plain; i++ {
		c := arg[i]
		if c <= ' ' || c == '"' || c == '\\' || c == 0x7f || (i == 0 && c == '#') {
			plain = false
		}
	}
	if plain && !strings.HasPrefix(arg, "<<") {
		return arg
	}
	var b strings.Builder
	b.Grow(len(arg) + 2)
	b.WriteByte('"')
	for i := 0; i < len(arg); i++ {
		c := arg[i]
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < ' ' || c == 0x7f {
				fmt.Fprintf(&b, `\x%02x`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// CommandLine joins a command and its arguments, each quoted.
func CommandLine(args ...string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if i == 0 {
			q[i] = a
		} else {
			q[i] = Quote(a)
		}
	}
	return strings.Join(q, " ")
}

// SplitArgs splits a line into arguments the way varnishd does: words
// separated by blanks, double-quoted words with backslash escapes (\n \r \t
// \" \\ \xHH and octal \NNN). It is the inverse of Quote, and lets the CLI
// accept a ban expression typed as one string.
func SplitArgs(s string) ([]string, error) {
	var out []string
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
		if i >= len(s) {
			return out, nil
		}
		if s[i] != '"' {
			j := i
			for j < len(s) && !(s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
				if s[j] == '"' || s[j] == '\\' {
					return nil, fmt.Errorf("unquoted %q in argument at offset %d", s[j], j)
				}
				j++
			}
			out = append(out, s[i:j])
			i = j
			continue
		}
		i++
		var b strings.Builder
		closed := false
		for i < len(s) {
			c := s[i]
			if c == '"' {
				i++
				closed = true
				break
			}
			if c != '\\' {
				b.WriteByte(c)
				i++
				continue
			}
			if i+1 >= len(s) {
				return nil, errors.New("backslash at end of input")
			}
			n, r, err := unescape(s[i+1:])
			if err != nil {
				return nil, err
			}
			b.WriteByte(r)
			i += 1 + n
		}
		if !closed {
			return nil, errors.New("missing closing double quote")
		}
		if i < len(s) && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			return nil, fmt.Errorf("no blank after closing quote at offset %d", i)
		}
		out = append(out, b.String())
	}
}

// unescape decodes the escape after a backslash; it returns the bytes
// consumed and the byte produced.
func unescape(s string) (int, byte, error) {
	switch s[0] {
	case 'n':
		return 1, '\n', nil
	case 'r':
		return 1, '\r', nil
	case 't':
		return 1, '\t', nil
	case '"', '\\':
		return 1, s[0], nil
	case 'x':
		if len(s) >= 3 && isHex(s[1]) && isHex(s[2]) {
			return 3, hexVal(s[1])<<4 | hexVal(s[2]), nil
		}
		return 0, 0, errors.New(`bad \x escape`)
	}
	if s[0] >= '0' && s[0] <= '7' {
		v, n := 0, 0
		for n < 3 && n < len(s) && s[n] >= '0' && s[n] <= '7' {
			v = v*8 + int(s[n]-'0')
			n++
		}
		if v > 255 {
			return 0, 0, errors.New("octal escape out of range")
		}
		return n, byte(v), nil
	}
	return 0, 0, fmt.Errorf(`unknown escape \%c`, s[0])
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func hexVal(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

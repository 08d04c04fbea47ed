package dump

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/opsctl/opsctl/migrate/internal/myparse"
)

// SyntaxError is a dump that cannot be parsed: where, and what was expected.
type SyntaxError struct {
	Offset int64 // byte offset in the (decompressed) dump
	Line   int   // 1-based line
	Table  string
	Msg    string
}

func (e *SyntaxError) Error() string {
	s := fmt.Sprintf("dump line %d (byte %d): %s", e.Line, e.Offset, e.Msg)
	if e.Table != "" {
		s += " (in table " + e.Table + ")"
	}
	return s
}

// errShort means the buffer ended inside the token being scanned: the
// caller refills (keeping the token's start) and scans it again.
var errShort = errors.New("short buffer")

// scanner is a growable window over the dump. buf[pos:end] is unread.
// Everything before pos has been consumed; base is the dump offset of buf[0].
type scanner struct {
	r     io.Reader
	buf   []byte
	pos   int
	end   int
	base  int64
	lines int // newlines in the dump before buf[0]
	eof   bool
	rerr  error
	delim []byte
	max   int // largest buffer allowed (one statement header or one row)
}

const (
	scanChunk  = 4 << 20
	scanMaxBuf = 1 << 30
)

func NewScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, scanChunk), delim: []byte{';'}, max: scanMaxBuf}
}

// fill reads more input, keeping buf[keep:]. Indexes into buf shift by
// keep; callers re-derive them from the returned shift. It returns false at
// EOF with nothing new.
func (s *scanner) fill(keep int) (shift int, more bool, err error) {
	if s.eof {
		return 0, false, s.rerr
	}
	if keep > 0 {
		s.lines += bytes.Count(s.buf[:keep], nl)
		n := copy(s.buf, s.buf[keep:s.end])
		s.base += int64(keep)
		s.pos -= keep
		s.end = n
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= s.max {
			return keep, false, &SyntaxError{Offset: s.base, Line: s.lines + 1, Msg: "statement or row larger than 1 GiB"}
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.rerr = err
				return keep, n > 0, err
			}
			return keep, n > 0, nil
		}
		if n > 0 {
			return keep, true, nil
		}
	}
}

var nl = []byte{'\n'}

// offset is the dump offset of buf index i.
func (s *scanner) offset(i int) int64 { return s.base + int64(i) }

// lineAt is the 1-based line of buf index i.
func (s *scanner) lineAt(i int) int {
	if i > s.end {
		i = s.end
	}
	return s.lines + bytes.Count(s.buf[:i], nl) + 1
}

func (s *scanner) syntaxErr(i int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Offset: s.offset(i), Line: s.lineAt(i), Msg: fmt.Sprintf(format, args...)}
}

// skipSpace skips whitespace and plain comments (--, #, /* */ but not the
// executable /*! */ kind, which is code). It stops at the first byte of a
// statement. ok=false asks for a refill.
func (s *scanner) skipSpace(i int) (int, error) {
	b := s.buf[:s.end]
	for i < len(b) {
		c := b[i]
		switch {
		case myparse.IsSpace(c):
			i++
		case c == '#' || c == '-' && i+1 < len(b) && b[i+1] == '-' && (i+2 >= len(b) || myparse.IsSpace(b[i+2])):
			// a comment to the end of the line ("-- " needs its space, or
			// more input to see whether it has one)
			if c == '-' && i+2 >= len(b) && !s.eof {
				return i, errShort
			}
			j := bytes.IndexByte(b[i:], '\n')
			if j < 0 {
				if s.eof {
					return len(b), nil
				}
				return i, errShort
			}
			i += j + 1
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			if skip, short := s.commentIsPlain(b, i); short {
				return i, errShort
			} else if !skip {
				return i, nil
			}
			j := bytes.Index(b[i+2:], []byte("*/"))
			if j < 0 {
				if s.eof {
					return i, s.syntaxErr(i, "unterminated comment")
				}
				return i, errShort
			}
			i += 2 + j + 2
		case (c == '/' || c == '-') && i+1 >= len(b) && !s.eof:
			return i, errShort
		default:
			return i, nil
		}
	}
	if !s.eof {
		return i, errShort
	}
	return i, nil
}

// commentIsPlain: /* */ comments are skipped, and so are versioned ones a
// server never runs (/*M!999999\- enable the sandbox mode */ is the mariadb
// client's sandbox command, not SQL). /*!NNNNN ... */ is code.
func (s *scanner) commentIsPlain(b []byte, i int) (plain, short bool) {
	j := i + 2
	if j+8 > len(b) && !s.eof {
		return false, true
	}
	if j < len(b) && b[j] == 'M' {
		j++
	}
	if j >= len(b) || b[j] != '!' {
		return true, false
	}
	j++
	v := 0
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		v = v*10 + int(b[j]-'0')
		j++
	}
	return v >= 999999, false
}

// stmtEnd finds the end of the statement starting at i: the index of the
// delimiter. Quotes, comments and backslash escapes are honoured.
func (s *scanner) stmtEnd(i int) (int, error) {
	b := s.buf[:s.end]
	d0 := s.delim[0]
	for i < len(b) {
		c := b[i]
		switch c {
		case '\'', '"', '`':
			j, err := s.quoteEnd(b, i)
			if err != nil {
				return i, err
			}
			i = j
			continue
		case '-':
			if i+2 < len(b) && b[i+1] == '-' && myparse.IsSpace(b[i+2]) {
				j := bytes.IndexByte(b[i:], '\n')
				if j < 0 {
					return i, errShort
				}
				i += j + 1
				continue
			}
		case '#':
			j := bytes.IndexByte(b[i:], '\n')
			if j < 0 {
				return i, errShort
			}
			i += j + 1
			continue
		case '/':
			if i+1 < len(b) && b[i+1] == '*' {
				if i+2 < len(b) && (b[i+2] == '!' || b[i+2] == 'M') {
					i += 3 // executable comment: its contents are code
					continue
				}
				j := bytes.Index(b[i+2:], []byte("*/"))
				if j < 0 {
					return i, errShort
				}
				i += 2 + j + 2
				continue
			}
		}
		if c == d0 && (len(s.delim) == 1 || bytes.HasPrefix(b[i:], s.delim)) {
			if len(s.delim) > 1 && i+len(s.delim) > len(b) {
				return i, errShort
			}
			return i, nil
		}
		i++
	}
	return i, errShort
}

// quoteEnd returns the index just past the quoted token at b[i].
func (s *scanner) quoteEnd(b []byte, i int) (int, error) {
	q := b[i]
	j := i + 1
	for {
		k := bytes.IndexByte(b[j:], q)
		if k < 0 {
			return i, errShort
		}
		k += j
		if q != '`' {
			// an odd run of backslashes before the quote escapes it
			n := 0
			for m := k - 1; m > i && b[m] == '\\'; m-- {
				n++
			}
			if n%2 == 1 {
				j = k + 1
				continue
			}
		}
		if k+1 < len(b) && b[k+1] == q {
			j = k + 2 // doubled quote
			continue
		}
		if k+1 >= len(b) && !s.eof {
			return i, errShort
		}
		return k + 1, nil
	}
}

package varnish

import (
	"context"
	"errors"
	"sync"
)

// Session keeps one authenticated connection to a node for a series of
// commands (a read-only flip sends 3-5 per node): it dials on first use, a
// connection that failed (a transport error, not a CLI status) is dropped
// and the next command dials again. Safe for concurrent use; Close it when
// done.
type Session struct {
	node Node

	mu sync.Mutex
	c  *Client
}

// NewSession returns a session with node; nothing is dialled yet.
func NewSession(node Node) *Session { return &Session{node: node} }

func (x *Session) client(ctx context.Context) (*Client, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.c != nil {
		return x.c, nil
	}
	// No name: the callers' errors already say which node.
	c, err := Dial(ctx, Options{Dial: x.node.Dial, Secret: x.node.Secret})
	if err != nil {
		return nil, err
	}
	x.c = c
	return c, nil
}

// Do runs fn on the connection; a transport error drops it.
func (x *Session) Do(ctx context.Context, fn func(*Client) error) error {
	c, err := x.client(ctx)
	if err != nil {
		return err
	}
	err = fn(c)
	var ve *Error
	if err != nil && (!errors.As(err, &ve) || ve.Status == 0) {
		x.mu.Lock()
		if x.c == c {
			x.c.Close()
			x.c = nil
		}
		x.mu.Unlock()
	}
	return err
}

// Close closes the connection, if any.
func (x *Session) Close() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.c != nil {
		x.c.Close()
		x.c = nil
	}
}

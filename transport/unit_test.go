package transport_test

import (
	"os/exec"
	"testing"

	"github.com/opsctl/opsctl/transport"
)

func runCmd(name string, args ...string) ([]byte, error) {
	return exec.Command(name, args...).CombinedOutput()
}

func TestCommandQuotes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"echo", "hello"}, "echo hello"},
		{[]string{"echo", "a b", "it's", "$(rm -rf /)", ""}, `echo 'a b' 'it'"'"'s' '$(rm -rf /)' ''`},
	} {
		if got := transport.Command(tc.args...); got != tc.want {
			t.Errorf("Command(%q) = %s, want %s", tc.args, got, tc.want)
		}
	}
}

func TestParseJump(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want transport.Target
		bad  bool
	}{
		{"bastion", transport.Target{Name: "bastion"}, false},
		{"ops@bastion:2222", transport.Target{Name: "bastion", User: "ops", Port: 2222}, false},
		{"[::1]:22", transport.Target{Name: "::1", Port: 22}, false},
		{"b:x", transport.Target{}, true},
		{"", transport.Target{}, true},
	} {
		got, err := transport.ParseJump(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && got != tc.want) {
			t.Errorf("ParseJump(%q) = %+v, %v", tc.in, got, err)
		}
	}
}

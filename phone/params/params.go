// Package params holds the phone's parameters: their definitions (with the
// Mizu webphone's names, so existing configurations carry over), the value
// each configuration source gave them, and which value wins.
//
// Sources rank Default < Skin < ConfigFile < Provisioning < Environment <
// CommandLine < URI < Runtime: the highest source that set a value wins. A
// provisioning profile can lock a name so that sources above Provisioning
// can no longer change it.
package params

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"softphone/phone/control"
)

// Sentinel errors. Returned errors wrap one of these.
var (
	// ErrUnknown means the parameter name is not defined.
	ErrUnknown = errors.New("unknown parameter")
	// ErrInvalid means the value is not acceptable for the parameter.
	ErrInvalid = errors.New("invalid value")
	// ErrLocked means a provisioning profile locked the parameter.
	ErrLocked = control.ErrLocked
)

// Kind is the type of a parameter's value.
type Kind int

// Parameter kinds.
const (
	String Kind = iota // free text
	Int                // whole number within Min..Max (both 0: unbounded)
	Bool               // stored as "true"/"false"; accepts 1/0, yes/no, on/off
	Enum               // one of Def.Enum, matched case-insensitively
	Secret             // text that is never logged nor written in plain text
)

// String returns the kind's name.
func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Int:
		return "int"
	case Bool:
		return "bool"
	case Enum:
		return "enum"
	case Secret:
		return "secret"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Def defines one parameter.
type Def struct {
	Name     string        // canonical lower-case name, e.g. "serveraddress"
	Kind     Kind          // value type
	Default  string        // built-in default
	Enum     []string      // allowed values for Enum
	Min, Max int           // range for Int (both 0: unbounded)
	Aliases  []string      // other accepted names, e.g. "sipusername"
	Help     string        // one line for users
	Unit     time.Duration // for Int durations: what one unit is (time.Second, time.Millisecond)
	// Check, if set, validates and normalises a value before the kind's own
	// checks; its error text says what is wrong with the value.
	Check func(value string) (string, error)
	// Apply says what a running phone does for a new value to take effect.
	Apply Apply
}

// Apply is what changing a parameter needs in a running phone.
type Apply int

// What a change needs.
const (
	Live       Apply = iota // read where it is used: takes effect at once
	Reregister              // the account registers again with the new value
	RebuildSIP              // the SIP stack is closed and started again (once no call is in progress)
	Restart                 // read only at start: takes effect when the application starts again
)

// String returns the apply mode's name.
func (a Apply) String() string {
	switch a {
	case Live:
		return "live"
	case Reregister:
		return "reregister"
	case RebuildSIP:
		return "rebuild-sip"
	case Restart:
		return "restart"
	}
	return fmt.Sprintf("apply(%d)", int(a))
}

// Mask returns value, or "****" when d is a Secret and value is not empty,
// for logs and displays.
func (d Def) Mask(value string) string {
	if d.Kind == Secret && value != "" {
		return "****"
	}
	return value
}

// Source is where a value came from, in increasing precedence.
type Source int

// Sources in increasing precedence.
const (
	Default Source = iota
	Skin
	ConfigFile
	Provisioning
	Environment
	CommandLine
	URI
	Runtime
	numSources
)

// String returns the source's name as shown to users.
func (s Source) String() string {
	switch s {
	case Default:
		return "default"
	case Skin:
		return "skin"
	case ConfigFile:
		return "config"
	case Provisioning:
		return "provisioning"
	case Environment:
		return "environment"
	case CommandLine:
		return "command line"
	case URI:
		return "uri"
	case Runtime:
		return "runtime"
	}
	return fmt.Sprintf("source(%d)", int(s))
}

// Error is a parameter error; it wraps ErrUnknown, ErrInvalid or ErrLocked.
type Error struct {
	Name string // the parameter name as given
	Err  error  // the sentinel
	msg  string
}

// Error returns the message, e.g. `parameter "register": value "7" is not one of 0, 1, 2`.
func (e *Error) Error() string { return e.msg }

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// Option configures Params and WriteTOMLAtomic.
type Option func(*options)

type options struct {
	key     []byte
	secrets []string
}

// WithKey sets the obfuscation key for secret values (see Obfuscate).
func WithKey(key []byte) Option { return func(o *options) { o.key = key } }

// WithSecrets names the secret parameters WriteTOMLAtomic obfuscates, in
// place of the Standard ones.
func WithSecrets(names ...string) Option { return func(o *options) { o.secrets = names } }

func buildOptions(opts []Option) options {
	o := options{key: []byte(builtinKey)}
	for _, f := range opts {
		f(&o)
	}
	if len(o.key) == 0 {
		o.key = []byte(builtinKey)
	}
	return o
}

// entry is one parameter's state.
type entry struct {
	def      Def
	values   [numSources]string
	set      [numSources]bool
	locked   bool
	lockedBy Source
}

// winner returns the winning value and its source.
func (e *entry) winner() (string, Source) {
	for s := numSources - 1; s > Default; s-- {
		if e.set[s] {
			return e.values[s], s
		}
	}
	return e.def.Default, Default
}

// Params is a set of parameters. It is safe for concurrent use.
type Params struct {
	mu       sync.RWMutex
	opts     options
	order    []*entry
	byName   map[string]*entry // canonical names and aliases, lower case
	watchers map[int]func(name, value string)
	nextID   int
	forget   func() error // empties the settings file Load read (nil without one)
	notes    notices      // what loading and saving want a user to know (notice.go)
}

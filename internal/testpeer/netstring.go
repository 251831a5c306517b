package testpeer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// ErrBadNetstring reports a malformed netstring frame.
var ErrBadNetstring = errors.New("testpeer: bad netstring")

// maxNetstring bounds a frame from baresip's ctrl_tcp.
const maxNetstring = 1 << 20

// appendNetstring frames payload as "<len>:<payload>,".
func appendNetstring(dst, payload []byte) []byte {
	dst = strconv.AppendInt(dst, int64(len(payload)), 10)
	dst = append(dst, ':')
	dst = append(dst, payload...)
	return append(dst, ',')
}

// readNetstring reads one "<len>:<payload>," frame.
func readNetstring(r *bufio.Reader) ([]byte, error) {
	n := 0
	digits := 0
	for {
		c, err := r.ReadByte()
		if err != nil {
			if digits > 0 && errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if c == ':' {
			break
		}
		if c < '0' || c > '9' {
			return nil, fmt.Errorf("%w: byte %q in length", ErrBadNetstring, c)
		}
		if digits > 0 && n == 0 {
			return nil, fmt.Errorf("%w: leading zero in length", ErrBadNetstring)
		}
		n = n*10 + int(c-'0')
		digits++
		if n > maxNetstring {
			return nil, fmt.Errorf("%w: length over %d", ErrBadNetstring, maxNetstring)
		}
	}
	if digits == 0 {
		return nil, fmt.Errorf("%w: empty length", ErrBadNetstring)
	}
	buf := make([]byte, n+1)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("%w: payload: %w", ErrBadNetstring, err)
	}
	if buf[n] != ',' {
		return nil, fmt.Errorf("%w: missing trailing comma", ErrBadNetstring)
	}
	return buf[:n], nil
}

package testpeer

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestReadNetstring(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr error
	}{
		{"one", "5:hello,", []string{"hello"}, io.EOF},
		{"two", "2:ab,0:,", []string{"ab", ""}, io.EOF},
		{"json", `14:{"event":true},`, []string{`{"event":true}`}, io.EOF},
		{"no comma", "2:abX", nil, ErrBadNetstring},
		{"letters in length", "x:ab,", nil, ErrBadNetstring},
		{"empty length", ":ab,", nil, ErrBadNetstring},
		{"leading zero", "01:a,", nil, ErrBadNetstring},
		{"too long", "99999999:", nil, ErrBadNetstring},
		{"short payload", "5:ab", nil, ErrBadNetstring},
		{"cut in length", "12", nil, io.ErrUnexpectedEOF},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := bufio.NewReader(strings.NewReader(tc.in))
			var got []string
			var err error
			for {
				var b []byte
				b, err = readNetstring(r)
				if err != nil {
					break
				}
				got = append(got, string(b))
			}
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v, want %v", err, tc.wantErr)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Errorf("frames %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAppendNetstring(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "0:,"},
		{"hello", "5:hello,"},
		{`{"command":"dial"}`, `18:{"command":"dial"},`},
	}
	for _, tc := range tests {
		if got := string(appendNetstring(nil, []byte(tc.in))); got != tc.want {
			t.Errorf("appendNetstring(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzReadNetstring(f *testing.F) {
	f.Add([]byte("5:hello,"))
	f.Add([]byte("0:,3:abc,"))
	f.Add([]byte("9999999999:"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bufio.NewReader(bytes.NewReader(data))
		for {
			b, err := readNetstring(r)
			if err != nil {
				return
			}
			// Whatever decodes must re-encode to a frame that decodes the same.
			again, err := readNetstring(bufio.NewReader(bytes.NewReader(appendNetstring(nil, b))))
			if err != nil || !bytes.Equal(again, b) {
				t.Fatalf("round trip of %q: %q, %v", b, again, err)
			}
		}
	})
}

func BenchmarkReadNetstring(b *testing.B) {
	frame := appendNetstring(nil, []byte(`{"event":true,"type":"CALL_ESTABLISHED","class":"call","peeruri":"sip:1001@127.0.0.1:5060","id":"abcdef"}`))
	stream := bytes.Repeat(frame, 64)
	b.SetBytes(int64(len(stream)))
	for b.Loop() {
		r := bufio.NewReader(bytes.NewReader(stream))
		for range 64 {
			if _, err := readNetstring(r); err != nil {
				b.Fatal(err)
			}
		}
	}
}

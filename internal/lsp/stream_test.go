package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rawEditor writes frames to a server as they are given and reads its
// messages back.
type rawEditor struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
	done chan error
}

func startRaw(t *testing.T) *rawEditor {
	t.Helper()
	serverEnd, clientEnd := net.Pipe()
	e := &rawEditor{t: t, conn: clientEnd, r: bufio.NewReader(clientEnd), done: make(chan error, 1)}
	go func() { e.done <- Serve(context.Background(), serverEnd, "test") }()
	t.Cleanup(func() { clientEnd.Close() })
	return e
}

func (e *rawEditor) send(frame string) {
	e.t.Helper()
	e.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(e.conn, frame); err != nil {
		e.t.Fatalf("writing %q: %v", frame, err)
	}
}

func frame(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

// receive reads the server's next message.
func (e *rawEditor) receive() map[string]any {
	e.t.Helper()
	e.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	h, err := textproto.NewReader(e.r).ReadMIMEHeader()
	if err != nil {
		e.t.Fatalf("reading the server's headers: %v", err)
	}
	n, _ := strconv.Atoi(h.Get("Content-Length"))
	body := make([]byte, n)
	if _, err := io.ReadFull(e.r, body); err != nil {
		e.t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		e.t.Fatalf("%s: %v", body, err)
	}
	return m
}

// A message that is no JSON, or no JSON-RPC message, in a whole frame is
// answered with JSON-RPC's error for it, and the next message is read.
func TestMessageThatIsNoRequestIsAnsweredAndTheServerGoesOn(t *testing.T) {
	e := startRaw(t)
	for _, tc := range []struct {
		body string
		code float64
	}{
		{`{"jsonrpc":"2.0","id":`, -32700},
		{`not json`, -32700},
		{`{"jsonrpc":"2.0","id":1}`, -32600},
	} {
		e.send(frame(tc.body))
		m := e.receive()
		errObj, _ := m["error"].(map[string]any)
		if id, ok := m["id"]; !ok || id != nil || errObj == nil || errObj["code"] != tc.code {
			t.Errorf("%s: answered %v, want error %v with a null id", tc.body, m, tc.code)
		}
	}
	e.send(frame(`{"jsonrpc":"2.0","id":9,"method":"initialize","params":{"capabilities":{}}}`))
	if m := e.receive(); m["id"] != float64(9) || m["error"] != nil {
		t.Errorf("after the errors, initialize answered %v", m)
	}
}

// A frame that cannot be read leaves nothing to read the next message
// from: the server stops and says why.
func TestFrameThatCannotBeReadStopsTheServerWithAReason(t *testing.T) {
	for _, tc := range []struct{ frame, reason string }{
		{"Content-Length: -5\r\n\r\n", `Content-Length is "-5", not a length`},
		{"Content-Length: 99999999999999999999\r\n\r\n", "not a length"},
		{"Content-Length: 1000000000\r\n\r\n", "larger than kbc lsp reads"},
		{"Content-Type: x\r\n\r\n{}", "no Content-Length header"},
		{"garbage\r\n\r\n{}", "reading a message's headers"},
		{"Content-Length: 50\r\n\r\n{}", "the stream ended inside a message of 50 bytes"},
	} {
		e := startRaw(t)
		e.send(tc.frame)
		e.conn.Close()
		select {
		case err := <-e.done:
			if err == nil || !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("%q: Serve returned %v, want %q", tc.frame, err, tc.reason)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%q: the server did not stop", tc.frame)
		}
	}
}

// An editor that shuts the server down and tells it to exit, keeping its
// end of the stream open, sees it stop without an error.
func TestExitIsNoError(t *testing.T) {
	e := startRaw(t)
	e.send(frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`))
	e.receive()
	e.send(frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`))
	e.receive()
	e.send(frame(`{"jsonrpc":"2.0","method":"exit"}`))
	select {
	case err := <-e.done:
		if err != nil {
			t.Errorf("Serve returned %v after exit, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop on exit")
	}
}

// The session's life is the protocol's: a request before initialize, a
// second initialize and a request after shutdown are errors, and exit
// without shutdown is Serve's error, for exit status 1.
func TestRequestsOutOfTurnAreRefused(t *testing.T) {
	e := startRaw(t)
	code := func(body string) any {
		t.Helper()
		e.send(frame(body))
		m := e.receive()
		errObj, _ := m["error"].(map[string]any)
		if errObj == nil {
			return nil
		}
		return errObj["code"]
	}
	if c := code(`{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}`); c != float64(-32002) {
		t.Errorf("hover before initialize: error %v, want -32002", c)
	}
	if c := code(`{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"capabilities":{}}}`); c != nil {
		t.Errorf("initialize: error %v", c)
	}
	if c := code(`{"jsonrpc":"2.0","id":3,"method":"initialize","params":{"capabilities":{}}}`); c != float64(-32600) {
		t.Errorf("a second initialize: error %v, want -32600", c)
	}
	if c := code(`{"jsonrpc":"2.0","id":4,"method":"shutdown"}`); c != nil {
		t.Errorf("shutdown: error %v", c)
	}
	if c := code(`{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{}}`); c != float64(-32600) {
		t.Errorf("hover after shutdown: error %v, want -32600", c)
	}

	early := startRaw(t)
	early.send(frame(`{"jsonrpc":"2.0","method":"exit"}`))
	select {
	case err := <-early.done:
		if !errors.Is(err, ErrExitWithoutShutdown) {
			t.Errorf("Serve returned %v after exit without shutdown, want ErrExitWithoutShutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop on exit")
	}
}

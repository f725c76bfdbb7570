package lsp

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
)

// maxMessage bounds the body of one message from the editor: a message
// is read whole, and the largest an editor sends is a document's text,
// which the loader bounds at 1 MiB.
const maxMessage = 64 << 20

// stream frames the editor's messages as the protocol's base layer does
// (Content-Length headers, then the JSON body), for jsonrpc2.Conn. A body
// that is not a JSON-RPC message, in a frame that is whole, is answered
// with the error JSON-RPC gives for it, and the next message is read: the
// stream is still in step. A frame that cannot be read (no length, a
// length that is no number or too large, the stream ending inside it)
// leaves nothing to read the next message from: the server stops, and
// Err says why.
type stream struct {
	r  *bufio.Reader
	w  io.Writer
	c  io.Closer
	mu sync.Mutex // one message written at a time

	errMu   sync.Mutex
	err     error // the first frame that could not be read
	closing bool  // Close was called: a read that fails after it is no broken frame
}

func newStream(rw io.ReadWriteCloser) *stream {
	return &stream{r: bufio.NewReader(rw), w: rw, c: rw}
}

// WriteObject writes one message.
func (s *stream) WriteObject(obj any) error {
	data, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := fmt.Fprintf(s.w, "Content-Length: %d\r\n\r\n", len(data)); err != nil {
		return err
	}
	_, err = s.w.Write(data)
	return err
}

// ReadObject reads the next message that is one into v.
func (s *stream) ReadObject(v any) error {
	for {
		body, err := s.readFrame()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				s.fail(err)
			}
			return err
		}
		err = json.Unmarshal(body, v)
		if err == nil {
			return nil
		}
		// JSON-RPC 2.0, section 5.1: -32700 for what is no JSON, -32600
		// for JSON that is no request, with a null id.
		code := -32600
		if se := (*json.SyntaxError)(nil); errors.As(err, &se) || !json.Valid(body) {
			code = -32700
		}
		if err := s.WriteObject(errorResponse{JSONRPC: "2.0", Error: responseError{Code: code, Message: "kbc lsp: " + err.Error()}}); err != nil {
			return err
		}
	}
}

// errorResponse is a response to a message that has no id to answer.
type errorResponse struct {
	JSONRPC string        `json:"jsonrpc"`
	ID      *int          `json:"id"` // always null
	Error   responseError `json:"error"`
}

type responseError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// readFrame reads one message's headers and returns its body.
func (s *stream) readFrame() ([]byte, error) {
	tp := textproto.NewReader(s.r)
	header, err := tp.ReadMIMEHeader()
	if err != nil {
		if errors.Is(err, io.EOF) && len(header) == 0 {
			return nil, io.EOF // the editor closed the stream between messages
		}
		return nil, fmt.Errorf("reading a message's headers: %v", err)
	}
	field := header.Get("Content-Length")
	if field == "" {
		return nil, fmt.Errorf("a message has no Content-Length header")
	}
	n, err := strconv.ParseInt(strings.TrimSpace(field), 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("a message's Content-Length is %q, not a length", field)
	}
	if n > maxMessage {
		return nil, fmt.Errorf("a message of %d bytes is larger than kbc lsp reads (%d MiB)", n, maxMessage>>20)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(s.r, body); err != nil {
		return nil, fmt.Errorf("the stream ended inside a message of %d bytes", n)
	}
	return body, nil
}

func (s *stream) fail(err error) {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	if s.err == nil && !s.closing {
		s.err = err
	}
}

// Err returns why the stream stopped, if not because the editor closed it.
func (s *stream) Err() error {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	return s.err
}

// Close closes the stream, as the server does on the editor's exit: the
// read waiting for the next message then fails, which is no error.
func (s *stream) Close() error {
	s.errMu.Lock()
	s.closing = true
	s.errMu.Unlock()
	return s.c.Close()
}

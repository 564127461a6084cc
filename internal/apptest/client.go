package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	neturl "net/url"
	"testing"

	"toren/internal/auth"
	"toren/internal/browsertest"
)

// Client is an HTTP client of one Server with its own cookies. It does not
// follow redirects: a test sees the 303 and its Location.
type Client struct {
	t   testing.TB
	srv *Server
	// HTTP is the underlying client, for requests the helpers do not make.
	HTTP *http.Client
	// CSRF is the session's CSRF token once signed in: Post adds it to
	// forms, Do sends it as X-CSRF-Token.
	CSRF string
	// Token is an API client's bearer token: Do and Get send it in the
	// Authorization header.
	Token string
}

// APIClient returns a client calling as an API client with token (no
// cookies, no CSRF token).
func (s *Server) APIClient(t testing.TB, token string) *Client {
	c := s.Client(t)
	c.Token = token
	return c
}

// Client returns a client that is not signed in.
func (s *Server) Client(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, srv: s, HTTP: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// SignIn returns a client signed in as username with Password (no second
// factor: demo mode) and the session's CSRF token.
func (s *Server) SignIn(t testing.TB, username string) *Client {
	t.Helper()
	c := s.Client(t)
	resp, err := c.HTTP.PostForm(s.URL+"/inloggen", neturl.Values{"gebruikersnaam": {username}, "wachtwoord": {Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d", username, resp.StatusCode)
	}
	if c.Session() == "" {
		t.Fatalf("sign in %s: no session cookie", username)
	}
	sess, err := s.Store().GetSession(context.Background(), auth.SessionKey(c.Session()))
	if err != nil {
		t.Fatal(err)
	}
	c.CSRF = sess.CSRFToken
	return c
}

// Session returns the session cookie's value, or "".
func (c *Client) Session() string {
	u, _ := neturl.Parse(c.srv.URL)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "toren" {
			return ck.Value
		}
	}
	return ""
}

// Get fetches path and returns the status and the body.
func (c *Client) Get(path string) (int, string) {
	c.t.Helper()
	resp, err := c.HTTP.Get(c.srv.URL + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Post sends form with the session's CSRF token and returns the status,
// the body and the redirect target.
func (c *Client) Post(path string, form neturl.Values) (status int, body, location string) {
	c.t.Helper()
	v := neturl.Values{}
	for k, vs := range form {
		v[k] = vs
	}
	if c.CSRF != "" {
		v.Set("csrf", c.CSRF)
	}
	resp, err := c.HTTP.PostForm(c.srv.URL+path, v)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

// Do sends body (nil, or a value sent as JSON) to path with the session's
// CSRF token in X-CSRF-Token, as an API client does, and returns the
// status and the body.
func (c *Client) Do(method, path string, body any) (int, []byte) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.srv.URL+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.CSRF != "" {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// Browser returns the test binary's Chromium (started on first use and
// shared by every test; each page has its own cookies) with pages under
// the server. Without Chromium the test is skipped, or fails in CI.
func (s *Server) Browser(t testing.TB) *browsertest.Browser {
	t.Helper()
	return browsertest.Shared(t, s.URL)
}

// SignedIn opens a browser tab signed in as username through the sign-in
// form.
func (s *Server) SignedIn(t testing.TB, username string) *browsertest.Page {
	t.Helper()
	p := s.Browser(t).NewPage(t)
	p.SignIn(username, Password)
	return p
}

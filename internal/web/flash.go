package web

import "net/http"

// A flash is a one-time message on the page after a redirect ("Melding
// geregistreerd"). The cookie carries only a code, whose text is the
// catalogue's "flash.<code>" (text_nl.go), never text, so nothing a user typed travels in it and nobody can put words on
// another's screen.
const flashCookie = "toren_flash"

// setFlash shows the message of code on the next page.
func setFlash(rw http.ResponseWriter, r *http.Request, code string) {
	http.SetCookie(rw, &http.Cookie{Name: flashCookie, Value: code, Path: "/", MaxAge: 60, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// takeFlash returns the pending flash message, if any, and clears it.
func takeFlash(rw http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(rw, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	if key := "flash." + c.Value; hasMsg(key) {
		return msg(key)
	}
	return ""
}

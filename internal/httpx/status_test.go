package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"toren/internal/toren"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{toren.Errorf(toren.CodeInvalid, "bad"), http.StatusUnprocessableEntity},
		{toren.Errorf(toren.CodeNotFound, "gone"), http.StatusNotFound},
		{fmt.Errorf("wrapped: %w", toren.Errorf(toren.CodeConflict, "stale")), http.StatusConflict},
		{toren.Errorf(toren.CodeForbidden, "no"), http.StatusForbidden},
		{toren.Errorf(toren.CodeInternal, "broken"), http.StatusInternalServerError},
		{errors.New("plain"), http.StatusInternalServerError},
	}
	for _, tt := range tests {
		if got := StatusOf(tt.err); got != tt.want {
			t.Errorf("StatusOf(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
	if got := Status("made_up"); got != http.StatusInternalServerError {
		t.Errorf("unknown code: %d, want 500", got)
	}
}

package toren

import (
	"encoding/json"
	"testing"
)

func TestDate(t *testing.T) {
	d := MustDate("2015-04-27")
	if d.Dutch() != "27-04-2015" || d.Weekday().String() != "Monday" {
		t.Errorf("date = %s %s", d.Dutch(), d.Weekday())
	}
	if got := d.AgeOn(MustDate("2026-04-26")); got != 10 {
		t.Errorf("age the day before the birthday = %d, want 10", got)
	}
	if got := d.AgeOn(MustDate("2026-04-27")); got != 11 {
		t.Errorf("age on the birthday = %d, want 11", got)
	}
	for _, bad := range []string{"2015-4-27", "27-04-2015", "2015-02-30", "x"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	var v struct{ D Date }
	if err := json.Unmarshal([]byte(`{"D":"1990-05-17"}`), &v); err != nil || v.D.String() != "1990-05-17" {
		t.Errorf("unmarshal: %v %v", v.D, err)
	}
	if err := json.Unmarshal([]byte(`{"D":17}`), &v); err == nil {
		t.Error("number accepted as date")
	}
	b, _ := json.Marshal(struct{ D Date }{})
	if string(b) != `{"D":null}` {
		t.Errorf("zero date marshals as %s", b)
	}
}

func TestProblems(t *testing.T) {
	var p Problems
	if p.Err() != nil {
		t.Fatal("no problems gave an error")
	}
	var q Problems
	q.Add("bsn", "elfproef", "bad")
	p.Merge("persons[2]", q)
	err := p.Err()
	if ErrorCode(err) != CodeInvalid || FieldErrors(err)[0].Field != "persons[2].bsn" {
		t.Errorf("err = %v", err)
	}
}

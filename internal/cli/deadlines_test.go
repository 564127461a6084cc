package cli

import (
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestDeadlineFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    []int // assessment days, investigation weeks, feedback days
		months  []int
		wantErr string
	}{
		{name: "public norms", want: []int{5, 10, 5}, months: []int{3, 12}},
		{name: "flags", args: []string{"--assessment-working-days", "3", "--investigation-weeks", "8", "--monitoring-months", "3, 6,12"},
			want: []int{3, 8, 5}, months: []int{3, 6, 12}},
		{name: "environment", env: map[string]string{"TOREN_FEEDBACK_WORKING_DAYS": "2", "TOREN_MONITORING_MONTHS": "6"},
			want: []int{5, 10, 2}, months: []int{6}},
		{name: "not a number", args: []string{"--investigation-weeks", "tien"}, wantErr: "--investigation-weeks"},
		{name: "months not ascending", args: []string{"--monitoring-months", "12,3"}, wantErr: "monitoring_months"},
		{name: "months not numbers", args: []string{"--monitoring-months", "drie"}, wantErr: "--monitoring-months"},
		{name: "out of range", args: []string{"--assessment-working-days", "90"}, wantErr: "safety_assessment_working_days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			read := deadlineFlags(fs, Env{Getenv: func(k string) string { return tt.env[k] }})
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			d, err := read()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := []int{d.SafetyAssessmentWorkingDays, d.InvestigationWeeks, d.FeedbackWorkingDays}
			if !slices.Equal(got, tt.want) || !slices.Equal(d.MonitoringMonths, tt.months) {
				t.Errorf("deadlines %v %v, want %v %v", got, d.MonitoringMonths, tt.want, tt.months)
			}
		})
	}
}

func TestRadarFlags(t *testing.T) {
	tests := []struct {
		args         []string
		link, review float64
		wantErr      string
	}{
		{args: nil, link: 10, review: -2},
		{args: []string{"--radar-link", "12.5", "--radar-review", "0"}, link: 12.5, review: 0},
		{args: []string{"--radar-link", "hoog"}, wantErr: "--radar-link"},
		{args: []string{"--radar-link", "1", "--radar-review", "5"}, wantErr: "review (5) <= link (1)"},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		read := radarFlags(fs, Env{Getenv: func(string) string { return "" }})
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		th, err := read()
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%v: error %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || th.Link != tt.link || th.Review != tt.review {
			t.Errorf("%v: %+v %v", tt.args, th, err)
		}
	}
}

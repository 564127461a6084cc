package partners

import (
	"testing"

	"toren/internal/nl"
	"toren/internal/toren"
)

func TestValidate(t *testing.T) {
	mun := nl.MustLoadMunicipalities()
	ok := Partner{Name: " Wijkteam   Overvecht ", Kind: KindLocalTeam, Municipality: "utrecht", Phone: "030-2860000"}
	ok.Normalize(mun)
	if err := ok.Validate(mun); err != nil {
		t.Fatalf("valid partner: %v", err)
	}
	if ok.Name != "Wijkteam Overvecht" || ok.Municipality != "GM0344" {
		t.Errorf("normalised to %+v", ok)
	}
	tests := []struct {
		p     Partner
		field string
		rule  string
	}{
		{Partner{Kind: KindGP, Phone: "0301234567"}, "name", "required"},
		{Partner{Name: "X", Kind: "bakker", Phone: "0301234567"}, "kind", "enum"},
		{Partner{Name: "X", Kind: KindGP, Municipality: "Atlantis", Phone: "0301234567"}, "municipality", "municipality"},
		{Partner{Name: "X", Kind: KindGP, Phone: "12"}, "phone", "phone"},
		{Partner{Name: "X", Kind: KindGP, Email: "x@"}, "email", "email"},
		{Partner{Name: "X", Kind: KindGP}, "contact", "required"},
	}
	for _, tt := range tests {
		tt.p.Normalize(mun)
		err := tt.p.Validate(mun)
		found := false
		for _, f := range toren.FieldErrors(err) {
			if f.Field == tt.field && f.Rule == tt.rule && f.Message != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("%+v: %v; want %s/%s with a message", tt.p, err, tt.field, tt.rule)
		}
	}
	for _, k := range Kinds() {
		if !k.Valid() || k == "" {
			t.Errorf("kind %q", k)
		}
	}
	if Kind("bakker").Valid() {
		t.Error("a kind off the list is valid")
	}
}

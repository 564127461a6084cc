package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"

	"toren/internal/alerts"
	"toren/internal/escalate"
	"toren/internal/toren"
)

// Alerts gives the signed-in user their alerts and takes their
// acknowledgements (access.AlertDesk satisfies it).
type Alerts interface {
	MyAlerts(ctx context.Context, f alerts.Filter) ([]alerts.Alert, error)
	Acknowledge(ctx context.Context, id int64, note string) (alerts.Alert, error)
}

// AlertList is a page of alerts.
type AlertList struct {
	Items []alerts.Alert `json:"items"`
	Next  *string        `json:"next"`
}

// AckInput is the body of an acknowledgement.
type AckInput struct {
	Note string `json:"note"`
}

func (a *API) listAlerts(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var p toren.Problems
	pg := parsePage(q, &p)
	state := alerts.State(q.Get("state"))
	switch state {
	case "":
		state = alerts.StateOpen
	case alerts.StateOpen, alerts.StateAcknowledged, alerts.StateAll:
	default:
		p.Add("state", "enum", "state must be open, acknowledged or all")
	}
	if err := p.Err(); err != nil {
		return err
	}
	if a.alerts == nil {
		return fmt.Errorf("api: no alerts configured")
	}
	items, err := a.alerts.MyAlerts(r.Context(), alerts.Filter{State: state, BeforeID: pg.before, Limit: pg.limit + 1})
	if err != nil {
		return err
	}
	next := nextCursor(len(items), pg.limit, func(i int) int64 { return items[i].ID })
	items = nonNil(items[:min(len(items), pg.limit)])
	for i := range items {
		items[i].RelatedReportIDs = nonNil(items[i].RelatedReportIDs)
		items[i].Name = a.nameAlert(items[i].Rule)
	}
	return writeJSON(w, http.StatusOK, AlertList{Items: items, Next: next})
}

func (a *API) acknowledgeAlert(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return toren.Errorf(toren.CodeNotFound, "no alert has that ID")
	}
	body, err := readJSONBody(w, r)
	if err != nil {
		return err
	}
	in, err := decodeAck(body)
	if err != nil {
		return err
	}
	if a.alerts == nil {
		return fmt.Errorf("api: no alerts configured")
	}
	al, err := a.alerts.Acknowledge(r.Context(), id, in.Note)
	if err != nil {
		return err
	}
	al.RelatedReportIDs = nonNil(al.RelatedReportIDs)
	al.Name = a.nameAlert(al.Rule)
	return writeJSON(w, http.StatusOK, al)
}

// nameAlert names an alert's rule in Dutch (Config.AlertName).
func (a *API) nameAlert(c escalate.Code) string {
	if a.alertName == nil {
		return string(c)
	}
	return a.alertName(c)
}

var ackType = reflect.TypeFor[AckInput]()

// decodeAck decodes body strictly, as decodeReport does.
func decodeAck(body []byte) (AckInput, error) {
	var in AckInput
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return in, invalid("body", "type", "the body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return in, decodeError(body, ackType, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return in, invalid("body", "json_syntax", "the body must hold one JSON object and nothing after it")
	}
	return in, nil
}

package cases

// Ref names a case a report is in.
type Ref struct {
	ID     int64  `json:"id"`
	Number string `json:"number"`
	Status Status `json:"status"`
	Team   string `json:"team"`
}
